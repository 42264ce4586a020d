import type { Event } from '../../events/event.entity.js';
import type { Reservation } from '../reservation.entity.js';

/**
 * What a webinar attendee's personal join link (`/join/<token>`, issue 9) answers, decided from the event and
 * the reservation as they stand and the time. Only a confirmed seat inside the join window is sent on to the
 * meeting: the raw join URL never reaches anyone else (DESIGN: "a join URL that only confirmed attendees ever
 * see"). The window runs from JOIN_OPENS_MINUTES_BEFORE the start until the end, both included; the first use
 * inside it is the attendee's check-in (the record the completion job reads: not checked in at completion
 * is `no_show`), so webinars get show rates as seminars do. Pure: `now` comes in.
 *
 * Checks in order, the first that applies answers:
 * - not a webinar (a seminar's reservation has no join link), or one without a join URL, or an erased
 *   reservation: not found, as an unknown link;
 * - the event was cancelled: `event-cancelled`, whatever the reservation;
 * - the reservation holds no seat any more (cancelled, released, withdrawn): `no-seat`;
 * - the event is over (past its end, or completed, which also covers a `no_show`): `ended`;
 * - waitlisted: `waitlisted`; offered a seat not yet accepted: `offered`;
 * - confirmed before the window: `not-yet` (with when it opens); inside it: `join`.
 */

export type JoinAnswer =
  | { kind: 'join' }
  | { kind: 'not-yet'; opensAt: Date }
  | { kind: 'ended' }
  | { kind: 'event-cancelled' }
  | { kind: 'no-seat' }
  | { kind: 'waitlisted' }
  | { kind: 'offered' }
  | { kind: 'not-found' };

export type JoinEvent = Pick<Event, 'kind' | 'status' | 'startsAt' | 'endsAt' | 'joinUrl'>;
export type JoinReservation = Pick<Reservation, 'status' | 'anonymisedAt'>;

export interface JoinWindow {
  opensAt: Date;
  closesAt: Date;
}

export function joinWindow(event: Pick<Event, 'startsAt' | 'endsAt'>, opensMinutesBefore: number): JoinWindow {
  return { opensAt: new Date(event.startsAt.getTime() - opensMinutesBefore * 60_000), closesAt: event.endsAt };
}

export function answerJoin(
  event: JoinEvent,
  reservation: JoinReservation,
  now: Date,
  opensMinutesBefore: number,
): JoinAnswer {
  if (event.kind !== 'webinar' || !event.joinUrl || reservation.anonymisedAt !== null) return { kind: 'not-found' };
  if (event.status === 'cancelled') return { kind: 'event-cancelled' };
  if (event.status === 'draft') return { kind: 'not-found' };
  const status = reservation.status;
  if (status === 'cancelled' || status === 'released' || status === 'withdrawn') return { kind: 'no-seat' };
  const window = joinWindow(event, opensMinutesBefore);
  if (event.status === 'completed' || status === 'no_show' || now > window.closesAt) return { kind: 'ended' };
  if (status === 'waitlisted') return { kind: 'waitlisted' };
  if (status === 'offered') return { kind: 'offered' };
  if (now < window.opensAt) return { kind: 'not-yet', opensAt: window.opensAt };
  return { kind: 'join' };
}
