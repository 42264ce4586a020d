import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import type { Event, EventStatus } from './event.entity.js';
import {
  assertCapacityAtLeastConfirmed,
  assertEditable,
  assertOpenForReservations,
  assertPartySizeAllowed,
  assertScheduleValid,
  assertStatusMove,
  assertStillUpcoming,
  assertVenueFitsKind,
  capacityBelowConfirmed,
  isRegistrationOpen,
  seatsLeft,
} from './event-rules.js';

/* Fixed instants: registration opens 1 March, closes 20 March 08:00, the event runs 20 March 09:00-11:00 UTC. */
const OPENS = new Date('2026-03-01T00:00:00Z');
const CLOSES = new Date('2026-03-20T08:00:00Z');
const STARTS = new Date('2026-03-20T09:00:00Z');
const ENDS = new Date('2026-03-20T11:00:00Z');
const DURING_WINDOW = new Date('2026-03-10T10:00:00Z');
const ms = (at: Date, delta: number) => new Date(at.getTime() + delta);

function event(overrides: Partial<Event> = {}): Event {
  return {
    id: 'e1',
    status: 'published',
    kind: 'seminar',
    capacity: 10,
    confirmedSeats: 4,
    maxPartySize: 2,
    registrationOpensAt: OPENS,
    registrationClosesAt: CLOSES,
    startsAt: STARTS,
    endsAt: ENDS,
    joinUrl: null,
    venueName: null,
    ...overrides,
  } as Event;
}

/** The DomainError `fn` throws (fails the test when it throws nothing or something else). */
function thrown(fn: () => void): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('seatsLeft', () => {
  it('is the capacity less the confirmed seats, never below zero', () => {
    expect(seatsLeft({ extraSeats: 0, capacity: 10, confirmedSeats: 4 })).toBe(6);
    expect(seatsLeft({ extraSeats: 0, capacity: 4, confirmedSeats: 4 })).toBe(0);
    expect(seatsLeft({ extraSeats: 0, capacity: 3, confirmedSeats: 4 })).toBe(0);
  });
});

describe('DESIGN rule 4: the registration window', () => {
  it('is open from the opening instant (inclusive) until the closing instant (exclusive)', () => {
    expect(isRegistrationOpen(event(), DURING_WINDOW)).toBe(true);
    expect(isRegistrationOpen(event(), OPENS)).toBe(true);
    expect(isRegistrationOpen(event(), ms(CLOSES, -1))).toBe(true);
  });

  it('is not yet open a millisecond before it opens, and closed from the closing instant', () => {
    expect(isRegistrationOpen(event(), ms(OPENS, -1))).toBe(false);
    expect(isRegistrationOpen(event(), CLOSES)).toBe(false);
    expect(isRegistrationOpen(event(), ms(ENDS, 1))).toBe(false);
  });

  it('is never open once the event has started, even if the stored window says otherwise', () => {
    const lateClose = event({ registrationClosesAt: ms(STARTS, 60_000) });
    expect(isRegistrationOpen(lateClose, ms(STARTS, -1))).toBe(true);
    expect(isRegistrationOpen(lateClose, STARTS)).toBe(false);
  });

  it.each<EventStatus>(['draft', 'cancelled', 'completed'])('is never open for a %s event', (status) => {
    expect(isRegistrationOpen(event({ status }), DURING_WINDOW)).toBe(false);
  });
});

describe('DESIGN rule 4: assertOpenForReservations', () => {
  it('lets a party within the limit reserve inside the window', () => {
    expect(() => assertOpenForReservations(event(), 2, DURING_WINDOW)).not.toThrow();
  });

  it('before the window: 409 REGISTRATION_CLOSED saying when it opens', () => {
    const error = thrown(() => assertOpenForReservations(event(), 1, ms(OPENS, -1)));
    expect(error).toMatchObject({ code: 'REGISTRATION_CLOSED', details: { opensAt: OPENS.toISOString() } });
  });

  it('after the window closed (the event not started yet): 409 REGISTRATION_CLOSED without an opening time', () => {
    const error = thrown(() => assertOpenForReservations(event(), 1, CLOSES));
    expect(error).toMatchObject({ code: 'REGISTRATION_CLOSED' });
    expect(error.details).toBeUndefined();
  });

  it.each<[string, Partial<Event>, Date]>([
    ['a draft', { status: 'draft' }, DURING_WINDOW],
    ['a cancelled event', { status: 'cancelled' }, DURING_WINDOW],
    ['a completed event', { status: 'completed' }, DURING_WINDOW],
    ['an event at its start', {}, STARTS],
    ['an event under way', {}, ms(STARTS, 30 * 60_000)],
  ])('%s: 409 EVENT_NOT_OPEN', (_, overrides, now) => {
    expect(thrown(() => assertOpenForReservations(event(overrides), 1, now))).toMatchObject({ code: 'EVENT_NOT_OPEN' });
  });

  it('a party larger than the event allows: 422 PARTY_TOO_LARGE with the limit; the window is checked first', () => {
    expect(thrown(() => assertOpenForReservations(event(), 3, DURING_WINDOW))).toMatchObject({
      code: 'PARTY_TOO_LARGE',
      details: { maxPartySize: 2 },
    });
    expect(thrown(() => assertOpenForReservations(event(), 3, CLOSES)).code).toBe('REGISTRATION_CLOSED');
  });
});

describe('party size limits', () => {
  it('accepts a party up to the largest party size and refuses one seat more', () => {
    expect(() => assertPartySizeAllowed({ maxPartySize: 4 }, 1)).not.toThrow();
    expect(() => assertPartySizeAllowed({ maxPartySize: 4 }, 4)).not.toThrow();
    expect(thrown(() => assertPartySizeAllowed({ maxPartySize: 4 }, 5))).toMatchObject({
      code: 'PARTY_TOO_LARGE',
      details: { maxPartySize: 4 },
    });
  });
});

describe('assertStillUpcoming: an attendee changes a reservation only before a published event starts', () => {
  it('allows a change before the start, also after registration closed', () => {
    expect(() => assertStillUpcoming(event(), DURING_WINDOW)).not.toThrow();
    expect(() => assertStillUpcoming(event(), ms(STARTS, -1))).not.toThrow();
  });

  it.each<[string, Partial<Event>, Date]>([
    ['at the start', {}, STARTS],
    ['after the end', {}, ms(ENDS, 1)],
    ['cancelled', { status: 'cancelled' }, DURING_WINDOW],
    ['completed', { status: 'completed' }, DURING_WINDOW],
    ['a draft', { status: 'draft' }, DURING_WINDOW],
  ])('refuses %s with 409 EVENT_NOT_OPEN', (_, overrides, now) => {
    expect(thrown(() => assertStillUpcoming(event(overrides), now))).toMatchObject({ code: 'EVENT_NOT_OPEN' });
  });
});

describe('status moves', () => {
  const BEFORE_START = DURING_WINDOW;
  const AFTER_START = ms(STARTS, 1);

  it.each<[EventStatus, EventStatus, Date]>([
    ['draft', 'published', BEFORE_START],
    ['draft', 'cancelled', BEFORE_START],
    ['draft', 'cancelled', AFTER_START],
    ['published', 'cancelled', BEFORE_START],
    ['published', 'completed', AFTER_START],
    ['published', 'completed', STARTS],
  ])('%s -> %s is allowed', (from, to, now) => {
    expect(() => assertStatusMove(event({ status: from }), to, now)).not.toThrow();
  });

  it.each<[EventStatus, EventStatus]>([
    ['draft', 'completed'],
    ['published', 'draft'],
    ['published', 'published'],
    ['completed', 'published'],
    ['completed', 'cancelled'],
    ['cancelled', 'published'],
    ['cancelled', 'cancelled'],
  ])('%s -> %s is 409 INVALID_STATUS_TRANSITION naming both', (from, to) => {
    expect(thrown(() => assertStatusMove(event({ status: from }), to, BEFORE_START))).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: { from, to },
    });
  });

  it('publishing once the event has started is 409 EVENT_ALREADY_STARTED', () => {
    expect(thrown(() => assertStatusMove(event({ status: 'draft' }), 'published', STARTS)).code).toBe(
      'EVENT_ALREADY_STARTED',
    );
  });

  it('completing before the start is 409 EVENT_NOT_STARTED', () => {
    expect(thrown(() => assertStatusMove(event(), 'completed', ms(STARTS, -1))).code).toBe('EVENT_NOT_STARTED');
  });
});

describe('editing and capacity', () => {
  it('drafts and published events can be edited; cancelled and completed ones cannot', () => {
    expect(() => assertEditable(event({ status: 'draft' }))).not.toThrow();
    expect(() => assertEditable(event())).not.toThrow();
    expect(thrown(() => assertEditable(event({ status: 'cancelled' })))).toMatchObject({ code: 'EVENT_CANCELLED' });
    expect(thrown(() => assertEditable(event({ status: 'completed' })))).toMatchObject({ code: 'EVENT_COMPLETED' });
  });

  it('DESIGN rule 3: capacity may go down to the confirmed seats, not below: 409 CAPACITY_BELOW_CONFIRMED', () => {
    expect(() => assertCapacityAtLeastConfirmed({ extraSeats: 0, confirmedSeats: 4 }, 4)).not.toThrow();
    expect(() => assertCapacityAtLeastConfirmed({ extraSeats: 0, confirmedSeats: 0 }, 1)).not.toThrow();
    expect(thrown(() => assertCapacityAtLeastConfirmed({ extraSeats: 0, confirmedSeats: 4 }, 3))).toMatchObject({
      code: 'CAPACITY_BELOW_CONFIRMED',
      details: { confirmedSeats: 4 },
    });
  });

  it('the same error is built for the database refusal, naming the stored seats', () => {
    expect(capacityBelowConfirmed(7)).toMatchObject({
      code: 'CAPACITY_BELOW_CONFIRMED',
      message: 'Capacity cannot go below the 7 seats already confirmed.',
      details: { confirmedSeats: 7 },
    });
  });
});

describe('schedule and venue', () => {
  const schedule = { startsAt: STARTS, endsAt: ENDS, registrationOpensAt: OPENS, registrationClosesAt: CLOSES };

  it('accepts a window that closes at the latest when the event starts', () => {
    expect(() => assertScheduleValid(schedule)).not.toThrow();
    expect(() => assertScheduleValid({ ...schedule, registrationClosesAt: STARTS })).not.toThrow();
  });

  it.each<[string, Partial<typeof schedule>]>([
    ['an end at the start', { endsAt: STARTS }],
    ['an end before the start', { endsAt: ms(STARTS, -1) }],
    ['registration closing as it opens', { registrationClosesAt: OPENS }],
    ['registration closing after the start', { registrationClosesAt: ms(STARTS, 1) }],
  ])('refuses %s with 409 INVALID_SCHEDULE', (_, change) => {
    expect(thrown(() => assertScheduleValid({ ...schedule, ...change }))).toMatchObject({ code: 'INVALID_SCHEDULE' });
  });

  it('a webinar needs a join URL; a seminar has none', () => {
    expect(() =>
      assertVenueFitsKind({ kind: 'webinar', joinUrl: 'https://meet.example/x', venueName: null }),
    ).not.toThrow();
    expect(() => assertVenueFitsKind({ kind: 'seminar', joinUrl: null, venueName: 'Room 2' })).not.toThrow();
    expect(thrown(() => assertVenueFitsKind({ kind: 'webinar', joinUrl: null, venueName: null }))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(
      thrown(() => assertVenueFitsKind({ kind: 'seminar', joinUrl: 'https://meet.example/x', venueName: null })),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
