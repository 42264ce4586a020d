import { OUTBOX_KINDS } from '../../notifications/notification-context.js';
import type { Clinic } from '../../clinics/clinic.entity.js';
import type { Event } from '../../events/event.entity.js';
import { formatDateTime, formatShortDay, formatTimeRange, formatWhen, formatZoneName } from '../../i18n/dates.js';
import type { Locale } from '../../i18n/locales.js';
import type { Translate } from '../../i18n/translator.js';
import type { OutboxMessage } from '../../notifications/outbox/outbox-message.entity.js';
import type { ListedAttendee } from '../../reservations/front-desk/attendee-search.js';
import type { CheckInWindow } from '../../reservations/front-desk/check-in-window.js';
import { registrationState } from '../../reservations/front-desk/desk-overview-rules.js';
import type { DeskEventCounts } from '../../reservations/front-desk/desk-overview.service.js';

/**
 * Turns the front desk's data into what its templates print: every word from the catalog (`desk.*`), every
 * time in the event's own zone and the reader's language. No rule is decided here: which buttons a row has
 * follows from the reservation's status and the check-in window, as the services will judge them.
 */

export interface Words {
  t: Translate;
  locale: Locale;
  now: Date;
}

export interface EventSummaryModel {
  id: string;
  href: string;
  title: string;
  clinicName: string;
  kind: string;
  kindLabel: string;
  day: string;
  time: string;
  zone: string;
  registrationState: string;
  registrationLabel: string;
  capacity: number;
  confirmed: number;
  fillLabel: string;
  seatsLeftLabel: string;
  waitingLabel: string;
  checkedInLabel: string;
  ended: boolean;
  attendanceLabel?: string;
  noShowsLabel?: string;
}

export function eventSummary(
  event: Event,
  clinic: Clinic,
  counts: DeskEventCounts,
  { t, locale, now }: Words,
): EventSummaryModel {
  const ended = event.endsAt <= now;
  // A webinar's check-in is the first use of the attendee's join link (issue 9): "joined online", not "came".
  const online = event.kind === 'webinar';
  const state = registrationState(event, now);
  const seatsLeft = Math.max(0, event.capacity - event.confirmedSeats);
  return {
    id: event.id,
    href: `/staff/events/${event.id}`,
    title: event.title,
    clinicName: clinic.name,
    kind: event.kind,
    kindLabel: t(`desk.kind.${event.kind}`),
    day: formatShortDay(event.startsAt, event.timeZone, locale),
    time: formatTimeRange(event, locale),
    zone: formatZoneName(event.startsAt, event.timeZone, locale),
    registrationState: state,
    registrationLabel: t(`desk.registration.${state}`),
    capacity: event.capacity,
    confirmed: event.confirmedSeats,
    fillLabel: t('desk.event.seatsTaken', { confirmed: event.confirmedSeats, capacity: event.capacity }),
    seatsLeftLabel: t('desk.event.seatsLeft', { count: seatsLeft }),
    waitingLabel:
      counts.waitlistedSeats > 0
        ? t('desk.event.waiting', { count: counts.waitlistedSeats })
        : t('desk.event.nobodyWaiting'),
    checkedInLabel: t(online ? 'desk.event.joinedOnline' : 'desk.event.checkedIn', { count: counts.checkedInSeats }),
    ended,
    attendanceLabel: ended
      ? t(online ? 'desk.event.attendedOnline' : 'desk.event.attended', {
          checkedIn: counts.checkedInSeats,
          confirmed: event.confirmedSeats,
        })
      : undefined,
    noShowsLabel: ended
      ? event.status === 'completed'
        ? t('desk.event.noShows', { count: counts.noShowSeats })
        : t('desk.event.noShowsLater')
      : undefined,
  };
}

/** "6:02 PM" / "18:02": one instant's time of day in the event's zone. */
export function timeOf(instant: Date, event: Pick<Event, 'timeZone'>, locale: Locale): string {
  return formatTimeRange({ startsAt: instant, endsAt: instant, timeZone: event.timeZone }, locale);
}

export function whenOf(event: Event, locale: Locale): string {
  return formatWhen(event, locale);
}

/** The line under the event's title saying whether the door takes check-ins. */
export function windowLine(event: Event, window: CheckInWindow, { t, locale }: Words): string {
  if (window.state === 'open')
    return t('desk.door.windowOpen', { closesAt: formatDateTime(window.closesAt, event.timeZone, locale) });
  if (window.state === 'closed') return t('desk.door.windowClosed');
  if (event.status !== 'published') return t('desk.door.windowNotPublished');
  return t('desk.door.windowNotOpen', { opensAt: formatDateTime(window.opensAt, event.timeZone, locale) });
}

export interface AttendeeModel {
  id: string;
  anchor: string;
  name: string;
  email: string;
  seatsLabel: string;
  code: string;
  status: string;
  statusLabel: string;
  walkIn: boolean;
  checkedIn: boolean;
  checkedInLabel: string;
  /** Issue 9: whether a confirmed attendee answered "Yes, I'm coming". */
  reconfirmLabel?: string;
  reasonLabel?: string;
  highlight: boolean;
  can: { checkIn: boolean; undo: boolean; promote: boolean; cancel: boolean };
}

export function attendeeModel(
  attendee: ListedAttendee,
  event: Event,
  window: CheckInWindow,
  words: Words,
  highlightId?: string,
): AttendeeModel {
  const { t, locale, now } = words;
  const r = attendee.reservation;
  const doorOpen = window.state === 'open';
  const online = event.kind === 'webinar';
  const statusLabel =
    r.status === 'waitlisted'
      ? t('desk.attendee.waitlisted', { position: attendee.waitlistPosition ?? '?' })
      : r.status === 'offered' && r.offerExpiresAt
        ? t('desk.attendee.offered', { time: timeOf(r.offerExpiresAt, event, locale) })
        : t(`desk.attendee.${r.status}`);
  return {
    id: r.id,
    anchor: `r-${r.id}`,
    name: r.name,
    email: r.email ?? t('desk.attendee.noEmail'),
    seatsLabel: t('desk.attendee.seats', { count: r.partySize }),
    code: r.confirmationCode,
    status: r.status,
    statusLabel,
    walkIn: r.source === 'walk-in',
    checkedIn: r.checkedInAt !== null && r.status === 'confirmed',
    checkedInLabel: r.checkedInAt
      ? t(online ? 'desk.attendee.joinedAt' : 'desk.attendee.checkedInAt', {
          time: timeOf(r.checkedInAt, event, locale),
        })
      : t(online ? 'desk.attendee.notJoined' : 'desk.attendee.notCheckedIn'),
    reconfirmLabel:
      r.status !== 'confirmed'
        ? undefined
        : r.reconfirmedAt
          ? t('desk.attendee.reconfirmedAt', { time: formatDateTime(r.reconfirmedAt, event.timeZone, locale) })
          : t('desk.attendee.notReconfirmed'),
    reasonLabel:
      r.status === 'cancelled' && r.cancellationReason
        ? t('desk.attendee.reason', { reason: r.cancellationReason })
        : undefined,
    highlight: r.id === highlightId || attendee.codeMatch,
    can: {
      checkIn: doorOpen && r.status === 'confirmed' && r.checkedInAt === null,
      undo: doorOpen && r.status === 'confirmed' && r.checkedInAt !== null,
      promote: r.status === 'waitlisted' && event.status === 'published' && now < event.endsAt,
      cancel: ['confirmed', 'offered', 'waitlisted'].includes(r.status) && event.status === 'published',
    },
  };
}

export interface MessageModel {
  id: string;
  kindLabel: string;
  to: string;
  status: string;
  statusLabel: string;
  when: string;
  attempts: number;
  lastError?: string;
  canRetry: boolean;
}

/** Attendee mail kinds have a desk label; staff mail (never listed for an event) shows its kind as is. */
const KNOWN_KINDS = new Set<string>(OUTBOX_KINDS);

export function messageModel(message: OutboxMessage, event: Event, { t, locale }: Words): MessageModel {
  return {
    id: message.id,
    kindLabel: KNOWN_KINDS.has(message.kind) ? t(`desk.messages.kind.${message.kind}`) : message.kind,
    to: message.recipientEmail,
    status: message.status,
    statusLabel: t(`desk.messages.status.${message.status}`),
    when: formatDateTime(message.sentAt ?? message.updatedAt, event.timeZone, locale),
    attempts: message.attempts,
    lastError:
      message.status === 'failed' && message.lastError
        ? t('desk.messages.lastError', { error: message.lastError.slice(0, 300) })
        : undefined,
    canRetry: message.status === 'failed',
  };
}
