import { describe, expect, it } from '@jest/globals';
import type { Event } from '../events/event.entity.js';
import { placeBatch, type Placement, type SeatRequest } from './seat-placement.js';

const NOW = new Date('2026-03-10T10:00:00Z');

function event(overrides: Partial<Event> = {}): Event {
  return {
    id: 'e1',
    status: 'published',
    kind: 'seminar',
    capacity: 10,
    extraSeats: 0,
    confirmedSeats: 0,
    maxPartySize: 4,
    waitlistEnabled: true,
    registrationOpensAt: new Date('2026-03-01T00:00:00Z'),
    registrationClosesAt: new Date('2026-03-20T08:00:00Z'),
    startsAt: new Date('2026-03-20T09:00:00Z'),
    endsAt: new Date('2026-03-20T11:00:00Z'),
    ...overrides,
  } as Event;
}

const requests = (...sizes: number[]): SeatRequest[] =>
  sizes.map((partySize, i) => ({ email: `p${i + 1}@example.org`, partySize }));
const outcomes = (placements: Placement[]) =>
  placements.map((p) =>
    p.outcome === 'waitlisted'
      ? `waitlisted ${p.position}`
      : p.outcome === 'refused'
        ? `refused ${p.error.code}`
        : p.outcome,
  );

/** The same requests placed one at a time, each against the state the previous one left: the reference. */
function oneByOne(start: Event, waitlisted: number, batch: SeatRequest[]): string[] {
  const emails = new Set<string>();
  let state = { event: { ...start } as Event, activeEmails: emails, waitlisted };
  return batch.map((request) => {
    const { placements, seatsTaken } = placeBatch(state, [request], NOW);
    const [placement] = placements;
    if (placement.outcome === 'confirmed' || placement.outcome === 'waitlisted') emails.add(request.email);
    state = {
      event: { ...state.event, confirmedSeats: state.event.confirmedSeats + seatsTaken } as Event,
      activeEmails: emails,
      waitlisted: state.waitlisted + (placement.outcome === 'waitlisted' ? 1 : 0),
    };
    return outcomes(placements)[0];
  });
}

describe('placing a batch of reservations (group commit) is placing them one by one in arrival order', () => {
  it('confirms while the seats last, then waitlists at the end of the queue', () => {
    const { placements, seatsTaken } = placeBatch(
      { event: event({ capacity: 5, confirmedSeats: 1 }), activeEmails: new Set(), waitlisted: 2 },
      requests(2, 2, 1, 1),
      NOW,
    );
    expect(outcomes(placements)).toEqual(['confirmed', 'confirmed', 'waitlisted 3', 'waitlisted 4']);
    expect(seatsTaken).toBe(4);
  });

  it('a later, smaller party takes seats a larger one could not (as it would alone)', () => {
    const { placements, seatsTaken } = placeBatch(
      { event: event({ capacity: 5, confirmedSeats: 2 }), activeEmails: new Set(), waitlisted: 0 },
      requests(2, 3, 1),
      NOW,
    );
    expect(outcomes(placements)).toEqual(['confirmed', 'waitlisted 1', 'confirmed']);
    expect(seatsTaken).toBe(3);
  });

  it('with the waiting list off, a party that does not fit is refused with EVENT_FULL and the seats left', () => {
    const { placements } = placeBatch(
      { event: event({ capacity: 3, waitlistEnabled: false }), activeEmails: new Set(), waitlisted: 0 },
      requests(2, 2),
      NOW,
    );
    expect(outcomes(placements)).toEqual(['confirmed', 'refused EVENT_FULL']);
    expect((placements[1] as { error: { details?: unknown } }).error.details).toEqual({ seatsLeft: 1 });
  });

  it('an address already holding a place, stored or earlier in the batch, is told so and takes nothing', () => {
    const batch = [
      ...requests(1, 1),
      { email: 'p1@example.org', partySize: 1 },
      { email: 'stored@example.org', partySize: 1 },
    ];
    const { placements, seatsTaken } = placeBatch(
      { event: event(), activeEmails: new Set(['stored@example.org']), waitlisted: 0 },
      batch,
      NOW,
    );
    expect(outcomes(placements)).toEqual(['confirmed', 'confirmed', 'already-reserved', 'already-reserved']);
    expect(seatsTaken).toBe(2);
  });

  it('an overbooking event confirms up to its bookable seats, capacity + extra seats (DESIGN rule 11)', () => {
    const { placements, seatsTaken } = placeBatch(
      { event: event({ capacity: 4, extraSeats: 2, confirmedSeats: 3 }), activeEmails: new Set(), waitlisted: 0 },
      requests(2, 1, 1),
      NOW,
    );
    expect(outcomes(placements)).toEqual(['confirmed', 'confirmed', 'waitlisted 1']);
    expect(seatsTaken).toBe(3);
  });

  it('refuses one request for its own reason without touching its batch-mates', () => {
    const { placements, seatsTaken } = placeBatch(
      { event: event({ maxPartySize: 2 }), activeEmails: new Set(), waitlisted: 0 },
      requests(1, 3, 2),
      NOW,
    );
    expect(outcomes(placements)).toEqual(['confirmed', 'refused PARTY_TOO_LARGE', 'confirmed']);
    expect(seatsTaken).toBe(3);
  });

  it('refuses every request of a batch for an event that is not open', () => {
    const closed = event({ registrationClosesAt: new Date('2026-03-09T00:00:00Z') });
    expect(
      outcomes(placeBatch({ event: closed, activeEmails: new Set(), waitlisted: 0 }, requests(1, 1), NOW).placements),
    ).toEqual(['refused REGISTRATION_CLOSED', 'refused REGISTRATION_CLOSED']);
  });

  it('agrees with one-by-one placement on many generated batches, and never takes more seats than are free', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 500; round += 1) {
      const start = event({
        capacity: 1 + random(12),
        extraSeats: random(3),
        maxPartySize: 1 + random(4),
        waitlistEnabled: random(2) === 0,
      });
      start.confirmedSeats = random(start.capacity + start.extraSeats + 1);
      const waitlisted = random(5);
      const batch = Array.from({ length: 1 + random(20) }, () => ({
        email: `p${random(8)}@example.org`,
        partySize: 1 + random(5),
      }));
      const { placements, seatsTaken } = placeBatch({ event: start, activeEmails: new Set(), waitlisted }, batch, NOW);
      expect(outcomes(placements)).toEqual(oneByOne(start, waitlisted, batch));
      expect(start.confirmedSeats + seatsTaken).toBeLessThanOrEqual(start.capacity + start.extraSeats);
    }
  });
});
