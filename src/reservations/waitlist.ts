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
