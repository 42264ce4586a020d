import { DateTime } from 'luxon';
import type { Event } from '../../events/event.entity.js';

/**
 * How the staff's "today" page sorts and labels events (issue 8). Pure: `now` comes in. "Today" is the
 * event's own calendar day in its own time zone (a clinic in Lisbon and one in Chicago each have theirs),
 * plus anything running right now; "past" is what has ended, newest first.
 */

export type RegistrationState =
  'draft' | 'not-yet-open' | 'open' | 'waitlist' | 'full' | 'closed' | 'cancelled' | 'completed';

export type SeatEvent = Pick<
  Event,
  | 'status'
  | 'startsAt'
  | 'endsAt'
  | 'timeZone'
  | 'capacity'
  | 'extraSeats'
  | 'confirmedSeats'
  | 'registrationOpensAt'
  | 'registrationClosesAt'
  | 'waitlistEnabled'
>;

export function registrationState(event: SeatEvent, now: Date): RegistrationState {
  if (event.status !== 'published') return event.status;
  if (now < event.registrationOpensAt) return 'not-yet-open';
  if (now >= event.registrationClosesAt || now >= event.startsAt) return 'closed';
  if (event.confirmedSeats < event.capacity + event.extraSeats) return 'open';
  return event.waitlistEnabled ? 'waitlist' : 'full';
}

export interface DeskSections<T> {
  today: T[];
  upcoming: T[];
  past: T[];
}

/** Splits events (each with its `event`) into today, upcoming (start order) and past (latest first). */
export function deskSections<T extends { event: SeatEvent }>(items: T[], now: Date): DeskSections<T> {
  const sections: DeskSections<T> = { today: [], upcoming: [], past: [] };
  for (const item of items) {
    const { event } = item;
    if (event.endsAt <= now) sections.past.push(item);
    else if (event.startsAt <= now || localDay(event.startsAt, event.timeZone) === localDay(now, event.timeZone))
      sections.today.push(item);
    else sections.upcoming.push(item);
  }
  const byStart = (a: T, b: T) => a.event.startsAt.getTime() - b.event.startsAt.getTime();
  sections.today.sort(byStart);
  sections.upcoming.sort(byStart);
  sections.past.sort((a, b) => byStart(b, a));
  return sections;
}

function localDay(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}
