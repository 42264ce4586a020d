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
