import { describe, expect, it } from '@jest/globals';
import { isLatePromotion, isWaitlistServed, offerExpiry, pickPromotions, type WaitlistEntry } from './waitlist.js';

/** A queue in arrival order from party sizes: ids q1, q2, … */
const queue = (...sizes: number[]): WaitlistEntry[] => sizes.map((partySize, i) => ({ id: `q${i + 1}`, partySize }));
const ids = (entries: WaitlistEntry[]) => entries.map((entry) => entry.id);

describe('DESIGN rule 3: the earliest waitlisted reservations that fit are promoted', () => {
  it('takes the queue in arrival order while the seats last', () => {
    expect(ids(pickPromotions(queue(1, 1, 1), 2))).toEqual(['q1', 'q2']);
    expect(ids(pickPromotions(queue(2, 1, 3), 6))).toEqual(['q1', 'q2', 'q3']);
  });

  it('promotes nobody when no seat is free, or when the queue is empty', () => {
    expect(pickPromotions(queue(1, 2), 0)).toEqual([]);
    expect(pickPromotions([], 5)).toEqual([]);
  });

  it('a party too large for the free seats keeps its place; a later party that fits is confirmed', () => {
    const chosen = pickPromotions(queue(3, 1, 2), 2);
    expect(ids(chosen)).toEqual(['q2']);
    expect(ids(pickPromotions(queue(3, 2, 1), 3))).toEqual(['q1']);
    expect(ids(pickPromotions(queue(4, 2, 2, 1), 3))).toEqual(['q2', 'q4']);
  });

  it('a whole party or nothing: a party is never split to fill the last seats', () => {
    const chosen = pickPromotions(queue(2, 2), 3);
    expect(ids(chosen)).toEqual(['q1']);
    expect(chosen.reduce((sum, entry) => sum + entry.partySize, 0)).toBeLessThanOrEqual(3);
  });

  it('never promotes more seats than are free, and keeps the queue order among those promoted', () => {
    const waitlist = queue(3, 1, 4, 2, 1, 5, 1);
    for (let free = 0; free <= 18; free += 1) {
      const chosen = pickPromotions(waitlist, free);
      expect(chosen.reduce((sum, entry) => sum + entry.partySize, 0)).toBeLessThanOrEqual(free);
      const positions = chosen.map((entry) => waitlist.indexOf(entry));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
    expect(ids(pickPromotions(waitlist, 17))).toEqual(ids(waitlist));
  });

  it('returns the entries it was given, unchanged', () => {
    const waitlist = queue(1, 2);
    const copy = structuredClone(waitlist);
    const chosen = pickPromotions(waitlist, 3);
    expect(chosen[0]).toBe(waitlist[0]);
    expect(waitlist).toEqual(copy);
  });
});

describe('the waiting list is served automatically only before a published event starts', () => {
  const startsAt = new Date('2026-03-20T09:00:00Z');
  const before = new Date('2026-03-20T08:59:59.999Z');

  it('serves a published event up to the instant it starts', () => {
    expect(isWaitlistServed({ status: 'published', startsAt }, new Date('2026-03-01T00:00:00Z'))).toBe(true);
    expect(isWaitlistServed({ status: 'published', startsAt }, before)).toBe(true);
  });

  it('stops at the start (staff then promote by hand at the door)', () => {
    expect(isWaitlistServed({ status: 'published', startsAt }, startsAt)).toBe(false);
    expect(isWaitlistServed({ status: 'published', startsAt }, new Date('2026-03-20T10:00:00Z'))).toBe(false);
  });

  it.each(['draft', 'cancelled', 'completed'] as const)('never serves a %s event', (status) => {
    expect(isWaitlistServed({ status, startsAt }, before)).toBe(false);
  });
});

describe('issue 9: a late promotion is an offer, open for a window that shrinks near the start', () => {
  const startsAt = new Date('2026-03-20T09:00:00Z');
  const hoursBefore = (hours: number) => new Date(startsAt.getTime() - hours * 3_600_000);
  const minutesOpen = (now: Date, window = 120) =>
    (offerExpiry(startsAt, now, window).getTime() - now.getTime()) / 60_000;

  it('is late from the threshold before the start on (24 h by default); a threshold of 0 never offers', () => {
    expect(isLatePromotion(startsAt, hoursBefore(30), 1440)).toBe(false);
    expect(isLatePromotion(startsAt, new Date(hoursBefore(24).getTime() - 1), 1440)).toBe(false);
    expect(isLatePromotion(startsAt, hoursBefore(24), 1440)).toBe(true);
    expect(isLatePromotion(startsAt, hoursBefore(10), 1440)).toBe(true);
    expect(isLatePromotion(startsAt, hoursBefore(10), 360)).toBe(false);
    expect(isLatePromotion(startsAt, hoursBefore(0.1), 0)).toBe(false);
  });

  it("gives the clinic's window while a quarter of the time left is longer", () => {
    expect(minutesOpen(hoursBefore(20))).toBe(120);
    expect(minutesOpen(hoursBefore(10))).toBe(120);
    expect(minutesOpen(hoursBefore(8))).toBe(120);
    expect(minutesOpen(hoursBefore(20), 45)).toBe(45);
  });

  it('shortens to a quarter of the time left near the start', () => {
    expect(minutesOpen(hoursBefore(4))).toBe(60);
    expect(minutesOpen(hoursBefore(2))).toBe(30);
    expect(minutesOpen(hoursBefore(1))).toBe(15);
  });

  it('never under 15 minutes, not even for a clinic whose own window is shorter', () => {
    expect(minutesOpen(hoursBefore(0.75))).toBe(15);
    expect(minutesOpen(hoursBefore(10), 5)).toBe(15);
  });

  it('never past the start: in the last 15 minutes the offer lapses at the start', () => {
    expect(offerExpiry(startsAt, hoursBefore(0.2), 120)).toEqual(startsAt);
    expect(offerExpiry(startsAt, new Date(startsAt.getTime() - 60_000), 120)).toEqual(startsAt);
    for (let minutes = 1; minutes <= 48 * 60; minutes += 7) {
      const now = new Date(startsAt.getTime() - minutes * 60_000 - 13_000);
      const expires = offerExpiry(startsAt, now, 120);
      expect(expires.getTime()).toBeLessThanOrEqual(startsAt.getTime());
      expect(expires.getTime()).toBeGreaterThan(now.getTime());
      expect(minutesOpen(now)).toBeLessThanOrEqual(120);
    }
  });

  it('ends on a whole minute, so the deadline shown is the deadline kept', () => {
    const now = new Date('2026-03-19T22:17:32.500Z');
    expect(offerExpiry(startsAt, now, 120)).toEqual(new Date('2026-03-20T00:17:00Z'));
  });
});
