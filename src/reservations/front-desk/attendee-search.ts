import { type EntityManager, In } from 'typeorm';
import { Reservation } from '../reservation.entity.js';

/** One of an event's reservations as the door lists it, with its place on the waiting list. */
export interface ListedAttendee {
  reservation: Reservation;
  /** 1-based, for a waitlisted reservation; null otherwise. */
  waitlistPosition: number | null;
  /** It was found by its exact confirmation code. */
  codeMatch: boolean;
}

export interface AttendeeFilter {
  /** The typed text: a case-insensitive substring of the name or the e-mail address. */
  text: string;
  /** The confirmation code the text reads as (see confirmationCodeFrom), matched exactly. */
  code?: string;
}

const STATUS_ORDER = `CASE status WHEN 'confirmed' THEN 0 WHEN 'offered' THEN 1 WHEN 'no_show' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END`;

/**
 * An event's reservations for the front desk, optionally filtered. One statement: the waiting-list
 * positions are numbered over the whole list first (in queue order, as the waiting list is served) and only
 * then filtered, so a match shows its true place. An exact code match comes first; then confirmed,
 * no-shows, the waiting list, cancelled; then by name. The typed text is a LIKE pattern with its own
 * wildcards escaped, so "%" or "_" match only themselves.
 */
export async function listAttendees(
  manager: EntityManager,
  eventId: string,
  filter?: AttendeeFilter,
  limit = 500,
): Promise<ListedAttendee[]> {
  const pattern = filter ? `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = (await manager.query(
    `WITH listed AS (
       SELECT id, name, email, confirmation_code, status, queue_number,
              CASE WHEN status = 'waitlisted'
                   THEN row_number() OVER (PARTITION BY status = 'waitlisted' ORDER BY queue_number) END AS waitlist_position
         FROM reservations
        WHERE event_id = $1
     )
     SELECT id, waitlist_position::int AS waitlist_position, COALESCE(confirmation_code = $2, false) AS code_match
       FROM listed
      WHERE $3::text IS NULL
         OR confirmation_code = $2
         OR name ILIKE $3 ESCAPE '\\'
         OR email ILIKE $3 ESCAPE '\\'
      ORDER BY code_match DESC, ${STATUS_ORDER}, lower(name), queue_number
      LIMIT $4`,
    [eventId, filter?.code ?? null, pattern, limit],
  )) as { id: string; waitlist_position: number | null; code_match: boolean }[];
  if (rows.length === 0) return [];
  const found = new Map(
    (await manager.find(Reservation, { where: { id: In(rows.map((row) => row.id)) } })).map((r) => [r.id, r]),
  );
  return rows
    .filter((row) => found.has(row.id))
    .map((row) => ({
      reservation: found.get(row.id)!,
      waitlistPosition: row.waitlist_position,
      codeMatch: row.code_match,
    }));
}

/** Where a confirmation code belongs when it is not this event's: its reservation's event (for "wrong session"). */
export async function eventOfCode(manager: EntityManager, code: string): Promise<string | undefined> {
  const reservation = await manager.findOne(Reservation, {
    where: { confirmationCode: code },
    select: { id: true, eventId: true },
  });
  return reservation?.eventId;
}
