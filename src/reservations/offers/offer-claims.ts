import type { EntityManager } from 'typeorm';
import { assertInTransaction } from '../../database/transactions.js';

/**
 * The SQL of late seat offers (issue 9): every change of an `offered` reservation is one conditional UPDATE,
 * run while the caller holds the event's lock (EventSeats.lockEvent), so the database decides each offer's
 * one outcome:
 * - accept matches only an offer that is still `offered` and whose deadline is still ahead;
 * - decline and lapse match only an offer still `offered` (lapse: with its deadline reached).
 * An accept racing the lapse job, a decline twice, two instances lapsing at once: whichever runs second under
 * the lock finds no matching row and changes nothing, so an offer is accepted or ends exactly once, and its
 * seats are released exactly once (by whoever ended it). `offer_expires_at` stays on an ended offer, as
 * its record (a lapsed offer's cancelled_at is at or after it; a declined one's before it).
 */

/** Confirms the offer if it still stands at `now`; true when it did. */
export async function acceptOffer(
  manager: EntityManager,
  reservationId: string,
  eventId: string,
  now: Date,
): Promise<boolean> {
  assertInTransaction(manager, 'Accepting a seat offer');
  const [rows] = (await manager.query(
    `UPDATE reservations
        SET status = 'confirmed', confirmed_at = $3, promoted_at = $3, offer_expires_at = NULL, updated_at = now()
      WHERE id = $1 AND event_id = $2 AND status = 'offered' AND offer_expires_at > $3
      RETURNING id`,
    [reservationId, eventId, now],
  )) as [{ id: string }[], number];
  return rows.length === 1;
}

export interface EndedOffer {
  id: string;
  partySize: number;
}

/** Ends one offer the attendee turned down (whatever its deadline): cancelled, seats to be released. */
export async function declineOffer(
  manager: EntityManager,
  reservationId: string,
  eventId: string,
  now: Date,
): Promise<EndedOffer | undefined> {
  assertInTransaction(manager, 'Declining a seat offer');
  const [rows] = (await manager.query(
    `UPDATE reservations SET status = 'cancelled', cancelled_at = $3, updated_at = now()
      WHERE id = $1 AND event_id = $2 AND status = 'offered'
      RETURNING id, party_size AS "partySize"`,
    [reservationId, eventId, now],
  )) as [EndedOffer[], number];
  return rows[0];
}

/** Ends every offer of the event whose deadline is at or before `now`, in queue order. */
export async function lapseDueOffers(manager: EntityManager, eventId: string, now: Date): Promise<EndedOffer[]> {
  assertInTransaction(manager, 'Lapsing seat offers');
  const [rows] = (await manager.query(
    `UPDATE reservations SET status = 'cancelled', cancelled_at = $2, updated_at = now()
      WHERE event_id = $1 AND status = 'offered' AND offer_expires_at <= $2
      RETURNING id, party_size AS "partySize", queue_number`,
    [eventId, now],
  )) as [(EndedOffer & { queue_number: string })[], number];
  return rows
    .sort((a, b) => Number(a.queue_number) - Number(b.queue_number))
    .map(({ id, partySize }) => ({ id, partySize }));
}

/**
 * One event with an offer due to lapse at `now`, its row locked for this transaction (the lock every seat
 * change takes), or none. As the attendance jobs' claims (attendance-claims.ts): SKIP LOCKED passes over an
 * event another instance (or an accept) holds rather than waiting for it, and the conditional UPDATE above
 * decides whatever the scan saw. `skip`: events already handled in this run (each once per run).
 * Found through ix_reservations_offers_due.
 */
export async function claimEventWithDueOffers(
  manager: EntityManager,
  now: Date,
  skip: string[],
): Promise<string | undefined> {
  assertInTransaction(manager, 'Claiming an event with due seat offers');
  const [row] = (await manager.query(
    `SELECT e.id FROM events e
      WHERE e.id IN (SELECT r.event_id FROM reservations r WHERE r.status = 'offered' AND r.offer_expires_at <= $1)
        AND NOT (e.id = ANY($2::uuid[]))
      ORDER BY e.id
      LIMIT 1
      FOR UPDATE OF e SKIP LOCKED`,
    [now, skip],
  )) as { id: string }[];
  return row?.id;
}
