import type { EntityManager } from 'typeorm';
import { assertInTransaction } from '../database/transactions.js';

/**
 * The attendance jobs' claims: which ended event to complete, which old reservations to anonymise. Every
 * app instance and the worker run the jobs (DESIGN "Scale"), so two may look at the same rows at once.
 *
 * Why each row is handled once: a claim is `SELECT … FOR UPDATE SKIP LOCKED` inside the transaction that
 * then does the work, so a row another instance is working on is skipped rather than waited for, and the
 * lock lasts until that work commits. Once it has, the row no longer matches (the event is `completed`, the
 * reservation has `anonymised_at`): PostgreSQL re-checks the WHERE clause against the newest row version
 * before locking, so an instance whose scan started earlier skips it too. A person completing the event
 * at the same moment takes the same row lock (EventSeats.lockEvent) and then finds it completed.
 */

/**
 * One published event that ended at least `graceMinutes` before `now`, locked for this transaction; or none.
 * `skip`: events that failed earlier in this run, so one bad event cannot hold up the others.
 */
export async function claimEndedEvent(
  manager: EntityManager,
  now: Date,
  graceMinutes: number,
  skip: string[] = [],
): Promise<string | undefined> {
  assertInTransaction(manager, 'Claiming an ended event');
  const [row] = (await manager.query(
    `SELECT id FROM events
      WHERE status = 'published' AND ends_at <= $1::timestamptz - make_interval(mins => $2) AND NOT (id = ANY($3::uuid[]))
      ORDER BY ends_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED`,
    [now, graceMinutes, skip],
  )) as { id: string }[];
  return row?.id;
}

export interface ExpiredReservation {
  id: string;
  eventId: string;
  clinicId: string;
}

/**
 * Up to `limit` reservations not yet anonymised whose event ended more than `retentionDays` before `now`
 * (whatever their status: cancelled ones held personal data too), locked for this transaction.
 */
export async function claimExpiredReservations(
  manager: EntityManager,
  now: Date,
  retentionDays: number,
  limit: number,
): Promise<ExpiredReservation[]> {
  assertInTransaction(manager, 'Claiming reservations past retention');
  return (await manager.query(
    `SELECT r.id, r.event_id AS "eventId", e.clinic_id AS "clinicId"
       FROM reservations r
       JOIN events e ON e.id = r.event_id
      WHERE r.anonymised_at IS NULL AND e.ends_at < $1::timestamptz - make_interval(days => $2)
      ORDER BY r.id
      LIMIT $3
      FOR UPDATE OF r SKIP LOCKED`,
    [now, retentionDays, limit],
  )) as ExpiredReservation[];
}
