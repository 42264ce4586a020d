import type { EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../common/auth/actor.js';
import { assertInTransaction } from '../database/transactions.js';
import { assertStatusMove } from '../events/event-rules.js';
import type { Event } from '../events/event.entity.js';

export interface CompletionOutcome {
  noShowReservationIds: string[];
  noShowSeats: number;
}

/**
 * Completes one event (DESIGN "Attendance"): published → completed, and every confirmed reservation that
 * was not checked in becomes `no_show`. The one rule for both ways an event is completed: staff pressing
 * "complete" and the completion job after the end (attendance/completion-job.ts).
 *
 * The caller's transaction must hold the event's row lock (EventSeats.lockEvent, or the job's
 * FOR UPDATE SKIP LOCKED claim) and pass the event as read under it: so two instances, or a person and the
 * job, can never both complete it; the second sees `completed` and assertStatusMove refuses. Checked-in
 * reservations stay `confirmed` with their check-in time. The event's confirmed-seat counter keeps the
 * seats that were confirmed (no-shows included): it is history now, and the fill rate is read from it.
 */
export async function completeLockedEvent(
  manager: EntityManager,
  event: Event,
  actor: Actor | null,
  now: Date,
): Promise<CompletionOutcome> {
  assertInTransaction(manager, 'Completing an event');
  assertStatusMove(event, 'completed', now);
  await manager.query(`UPDATE events SET status = 'completed', updated_at = now() WHERE id = $1`, [event.id]);
  const [noShows] = (await manager.query(
    `UPDATE reservations
        SET status = 'no_show', updated_at = now()
      WHERE event_id = $1 AND status = 'confirmed' AND checked_in_at IS NULL
  RETURNING id, party_size`,
    [event.id],
  )) as [{ id: string; party_size: number }[], number];
  event.status = 'completed';
  const outcome = {
    noShowReservationIds: noShows.map((row) => row.id).sort(),
    noShowSeats: noShows.reduce((sum, row) => sum + row.party_size, 0),
  };
  await AuditLog.record(manager, {
    actor,
    action: 'event.completed',
    clinicId: event.clinicId,
    eventId: event.id,
    subject: { type: 'event', id: event.id },
    before: { status: 'published' },
    after: { status: 'completed', noShows: outcome.noShowReservationIds.length, ...outcome },
  });
  return outcome;
}
