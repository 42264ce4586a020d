import { ConflictError, DomainError } from '../common/errors/domain-error.js';
import { assertOpenForReservations, bookableSeats } from '../events/event-rules.js';
import type { Event } from '../events/event.entity.js';

/** One reservation request of a batch, as far as placing it needs. */
export interface SeatRequest {
  email: string;
  partySize: number;
}

/** Where one request of a batch goes; `position` is its 1-based place on the waiting list. */
export type Placement =
  | { outcome: 'confirmed' }
  | { outcome: 'waitlisted'; position: number }
  | { outcome: 'already-reserved' }
  | { outcome: 'refused'; error: DomainError };

/** The locked event as the batch finds it: its row, the addresses already holding a place, the queue's length. */
export interface LockedEventState {
  event: Event;
  activeEmails: ReadonlySet<string>;
  waitlisted: number;
}

/**
 * Places a batch of reservation requests for one event, in arrival order, exactly as if each had come alone
 * (DESIGN rules 1–3): an address that already holds a place (stored, or earlier in this batch) is told so;
 * a request the event's rules refuse is refused on its own; a party that fits the seats left is confirmed;
 * one that does not goes to the end of the waiting list when the list is on, and is refused with
 * EVENT_FULL when it is off. The caller holds the event's lock, so `state` is what the database holds.
 * Returns the placements in request order and the seats the confirmed ones take together.
 */
export function placeBatch(
  state: LockedEventState,
  requests: readonly SeatRequest[],
  now: Date,
): { placements: Placement[]; seatsTaken: number } {
  const { event } = state;
  const holding = new Set(state.activeEmails);
  let seatsLeft = bookableSeats(event) - event.confirmedSeats;
  let waitlisted = state.waitlisted;
  const placements = requests.map((request): Placement => {
    if (holding.has(request.email)) return { outcome: 'already-reserved' };
    try {
      assertOpenForReservations(event, request.partySize, now);
    } catch (error) {
      if (error instanceof DomainError) return { outcome: 'refused', error };
      throw error;
    }
    if (request.partySize <= seatsLeft) {
      holding.add(request.email);
      seatsLeft -= request.partySize;
      return { outcome: 'confirmed' };
    }
    if (event.waitlistEnabled) {
      holding.add(request.email);
      waitlisted += 1;
      return { outcome: 'waitlisted', position: waitlisted };
    }
    return {
      outcome: 'refused',
      error: new ConflictError('EVENT_FULL', 'This event is full.', { seatsLeft: Math.max(0, seatsLeft) }),
    };
  });
  return { placements, seatsTaken: bookableSeats(event) - event.confirmedSeats - seatsLeft };
}
