import { describe, expect, it } from '@jest/globals';
import { deskSections, registrationState, type SeatEvent } from './desk-overview-rules.js';

const HOUR = 3_600_000;
// 23:30 UTC on 4 May: still 4 May in Chicago (18:30), already 5 May in Lisbon (00:30).
const now = new Date('2026-05-04T23:30:00Z');
const event = (overrides: Partial<SeatEvent> = {}): SeatEvent => ({
  status: 'published',
  startsAt: new Date(now.getTime() + 24 * HOUR),
  endsAt: new Date(now.getTime() + 25 * HOUR),
  timeZone: 'America/Chicago',
  capacity: 10,
  extraSeats: 0,
  confirmedSeats: 3,
  registrationOpensAt: new Date(now.getTime() - 240 * HOUR),
  registrationClosesAt: new Date(now.getTime() + 24 * HOUR),
  waitlistEnabled: true,
  ...overrides,
});

describe('registration state as the desk shows it', () => {
  it.each<[string, Partial<SeatEvent>, string]>([
    ['open with seats', {}, 'open'],
    ['full with the waiting list on', { confirmedSeats: 10 }, 'waitlist'],
    ['full with the waiting list off', { confirmedSeats: 10, waitlistEnabled: false }, 'full'],
    ['before it opens', { registrationOpensAt: new Date(now.getTime() + HOUR) }, 'not-yet-open'],
    ['after it closes', { registrationClosesAt: new Date(now.getTime() - HOUR) }, 'closed'],
    ['a draft', { status: 'draft' }, 'draft'],
    ['a cancelled event', { status: 'cancelled' }, 'cancelled'],
    ['a completed event', { status: 'completed' }, 'completed'],
  ])('%s: %s', (_name, overrides, state) => {
    expect(registrationState(event(overrides), now)).toBe(state);
  });
});

describe('today, upcoming and past', () => {
  const item = (name: string, overrides: Partial<SeatEvent>) => ({ name, event: event(overrides) });
  const later = (hours: number) => new Date(now.getTime() + hours * HOUR);

  it("today is the event's own day in its own zone, plus whatever is running", () => {
    const sections = deskSections(
      [
        item('chicago tonight', { startsAt: later(1), endsAt: later(2), timeZone: 'America/Chicago' }),
        item('lisbon tomorrow morning, its today', {
          startsAt: later(9),
          endsAt: later(10),
          timeZone: 'Europe/Lisbon',
        }),
        item('chicago tomorrow', { startsAt: later(16), endsAt: later(17), timeZone: 'America/Chicago' }),
        item('running', { startsAt: later(-1), endsAt: later(1) }),
        item('ended an hour ago', { startsAt: later(-2), endsAt: later(-1) }),
        item('ended last week', { startsAt: later(-170), endsAt: later(-169) }),
      ],
      now,
    );
    expect(sections.today.map((i) => i.name)).toEqual([
      'running',
      'chicago tonight',
      'lisbon tomorrow morning, its today',
    ]);
    expect(sections.upcoming.map((i) => i.name)).toEqual(['chicago tomorrow']);
    expect(sections.past.map((i) => i.name)).toEqual(['ended an hour ago', 'ended last week']);
  });
});
