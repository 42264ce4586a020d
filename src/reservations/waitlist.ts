import type { Event } from '../events/event.entity.js';

/** A waiting-list entry, in queue (arrival) order. */
export interface WaitlistEntry {
  id: string;
  partySize: number;
}

/**
 * Which waitlisted reservations get the free seats: the earliest ones that fit, in queue order
 * ("first fit"). A party too large for what is left keeps its place; a later, smaller party that fits
 * is confirmed rather than leaving seats empty.
 */
export function pickPromotions(waitlist: WaitlistEntry[], freeSeats: number): WaitlistEntry[] {
  const promoted: WaitlistEntry[] = [];
  let left = freeSeats;
  for (const entry of waitlist) {
    if (left === 0) break;
    if (entry.partySize <= left) {
      promoted.push(entry);
      left -= entry.partySize;
    }
  }
  return promoted;
}

/**
 * Whether the waiting list is served automatically at `now` (DESIGN rule 3): only for a published event
 * that has not started. Once it starts, staff promote by hand at the door (WaitlistService.promoteOne).
 */
export function isWaitlistServed(event: Pick<Event, 'status' | 'startsAt'>, now: Date): boolean {
  return event.status === 'published' && now < event.startsAt;
}

const MINUTE_MS = 60_000;
/** The shortest offer window, unless the start itself comes sooner: long enough to see the e-mail and answer. */
export const MIN_OFFER_WINDOW_MINUTES = 15;

/**
 * Whether a seat freed at `now` goes to the next in line as an offer to accept rather than as a confirmed
 * seat (issue 9): from `thresholdMinutes` before the start on (the clinic's offer_threshold_minutes, 24 h
 * by default), someone promoted without a word may well not see it in time, and the seat would stay empty.
 * A threshold of 0 never offers.
 */
export function isLatePromotion(startsAt: Date, now: Date, thresholdMinutes: number): boolean {
  return thresholdMinutes > 0 && now.getTime() >= startsAt.getTime() - thresholdMinutes * MINUTE_MS;
}

/**
 * When a late offer made at `now` lapses (pretix's time-limited waiting-list voucher, applied automatically).
 * The clinic's window (offer_window_minutes, 2 h by default), but shorter near the start, so that a lapsed
 * offer still leaves the next in line time to come:
 * - at most a quarter of the time left before the start (10 h left: 2 h; 4 h left: 1 h; 1 h left: 15 min);
 * - never under MIN_OFFER_WINDOW_MINUTES (15 min), a floor on the quarter rule and on a clinic's own window;
 * - never past the start: an offer made in the last 15 minutes lapses at the start, when the automatic
 *   waiting list stops and the desk takes over (isWaitlistServed), so no offer is ever open at the door.
 * Whole minutes, rounded down, so the deadline the e-mail shows is the one the database keeps.
 */
export function offerExpiry(startsAt: Date, now: Date, windowMinutes: number): Date {
  const leftMs = startsAt.getTime() - now.getTime();
  const quarterMinutes = Math.floor(leftMs / 4 / MINUTE_MS);
  const minutes = Math.max(MIN_OFFER_WINDOW_MINUTES, Math.min(windowMinutes, quarterMinutes));
  const expires = Math.floor((now.getTime() + minutes * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  return new Date(Math.min(expires, startsAt.getTime()));
}
