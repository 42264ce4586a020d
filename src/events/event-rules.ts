import { ConflictError, DomainError, ValidationFailedError } from '../common/errors/domain-error.js';
import type { Event, EventStatus } from './event.entity.js';

/** The rules of an event's life, free of HTTP and SQL. */

type SeatCounts = Pick<Event, 'capacity' | 'extraSeats' | 'confirmedSeats'>;

/**
 * The seats that may be confirmed: the physical capacity plus the extra seats overbooking allows (DESIGN
 * rule 11; 0 unless the event overbooks). The CHECK ck_events_seats_within_bookable holds it in the database.
 */
export function bookableSeats(event: Pick<Event, 'capacity' | 'extraSeats'>): number {
  return event.capacity + event.extraSeats;
}

export function seatsLeft(event: SeatCounts): number {
  return Math.max(0, bookableSeats(event) - event.confirmedSeats);
}

export function isRegistrationOpen(event: Event, now: Date): boolean {
  return (
    event.status === 'published' &&
    now >= event.registrationOpensAt &&
    now < event.registrationClosesAt &&
    now < event.startsAt
  );
}

/** Why a reservation cannot be taken now, or nothing when it can (DESIGN rule 4). */
export function assertOpenForReservations(event: Event, partySize: number, now: Date): void {
  if (event.status !== 'published' || now >= event.startsAt) {
    throw new ConflictError(
      'EVENT_NOT_OPEN',
      'This event is not taking reservations: it is cancelled, over or already started.',
    );
  }
  if (now < event.registrationOpensAt) {
    throw new ConflictError(
      'REGISTRATION_CLOSED',
      `Registration opens at ${event.registrationOpensAt.toISOString()}.`,
      {
        opensAt: event.registrationOpensAt.toISOString(),
      },
    );
  }
  if (now >= event.registrationClosesAt) {
    throw new ConflictError('REGISTRATION_CLOSED', 'Registration for this event has closed.');
  }
  assertPartySizeAllowed(event, partySize);
}

/** An attendee may still change a reservation (party size, switch away) only before a published event starts. */
export function assertStillUpcoming(event: Pick<Event, 'status' | 'startsAt'>, now: Date): void {
  if (event.status !== 'published' || now >= event.startsAt) {
    throw new ConflictError(
      'EVENT_NOT_OPEN',
      'This event is over, cancelled or already started; the reservation can no longer change.',
    );
  }
}

export function assertPartySizeAllowed(event: Pick<Event, 'maxPartySize'>, partySize: number): void {
  if (partySize > event.maxPartySize) {
    throw new DomainError(
      'PARTY_TOO_LARGE',
      `At most ${event.maxPartySize} seats can be reserved together for this event.`,
      {
        maxPartySize: event.maxPartySize,
      },
    );
  }
}

/** The schedule of an event must make sense on its own. */
export function assertScheduleValid(
  event: Pick<Event, 'startsAt' | 'endsAt' | 'registrationOpensAt' | 'registrationClosesAt'>,
): void {
  if (event.endsAt <= event.startsAt) {
    throw new ConflictError('INVALID_SCHEDULE', 'The event must end after it starts.');
  }
  if (event.registrationClosesAt <= event.registrationOpensAt) {
    throw new ConflictError('INVALID_SCHEDULE', 'Registration must close after it opens.');
  }
  if (event.registrationClosesAt > event.startsAt) {
    throw new ConflictError('INVALID_SCHEDULE', 'Registration must close by the time the event starts.');
  }
}

export function assertVenueFitsKind(event: Pick<Event, 'kind' | 'joinUrl' | 'venueName'>): void {
  if (event.kind === 'webinar' && !event.joinUrl) {
    throw new ValidationFailedError('A webinar needs a joinUrl.', {
      fields: [{ field: 'joinUrl', problems: ['joinUrl is required for a webinar'] }],
    });
  }
  if (event.kind === 'seminar' && event.joinUrl) {
    throw new ValidationFailedError('A seminar takes place at the clinic and has no joinUrl.', {
      fields: [{ field: 'joinUrl', problems: ['joinUrl is only for webinars'] }],
    });
  }
}

const ALLOWED_MOVES: Record<EventStatus, EventStatus[]> = {
  draft: ['published', 'cancelled'],
  published: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function assertStatusMove(event: Event, to: EventStatus, now: Date): void {
  if (!ALLOWED_MOVES[event.status].includes(to)) {
    throw new ConflictError('INVALID_STATUS_TRANSITION', `A ${event.status} event cannot become ${to}.`, {
      from: event.status,
      to,
    });
  }
  if (to === 'published' && now >= event.startsAt) {
    throw new ConflictError('EVENT_ALREADY_STARTED', 'An event that has already started cannot be published.');
  }
  if (to === 'completed' && now < event.startsAt) {
    throw new ConflictError('EVENT_NOT_STARTED', 'An event can be completed only once it has started.');
  }
}

export function assertEditable(event: Event): void {
  if (event.status === 'cancelled') throw new ConflictError('EVENT_CANCELLED', 'A cancelled event cannot be changed.');
  if (event.status === 'completed') throw new ConflictError('EVENT_COMPLETED', 'A completed event cannot be changed.');
}

/** With overbooking, the capacity plus the extra seats in force must still cover the confirmed seats. */
export function assertCapacityAtLeastConfirmed(
  event: Pick<Event, 'confirmedSeats' | 'extraSeats'>,
  capacity: number,
): void {
  if (capacity + event.extraSeats < event.confirmedSeats) throw capacityBelowConfirmed(event.confirmedSeats);
}

/** DESIGN rule 3: capacity can never go below the seats already confirmed; a clear 409. */
export function capacityBelowConfirmed(confirmedSeats: number): ConflictError {
  return new ConflictError(
    'CAPACITY_BELOW_CONFIRMED',
    `Capacity cannot go below the ${confirmedSeats} seats already confirmed.`,
    {
      confirmedSeats,
    },
  );
}
