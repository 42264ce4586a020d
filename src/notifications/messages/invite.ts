import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { hasOneLocalReading } from '../../common/event-time.js';
import { place } from './event-details.js';
import { mailWords, type MailWords } from './mail-words.js';
import type { MessageContext } from '../notification-context.js';
import { emailAddress, httpUrl, multiLine, parameterValue, singleLine } from './user-text.js';
import { buildVTimezone } from './vtimezone.js';

export type InviteMethod = 'REQUEST' | 'CANCEL';

export interface InviteInput {
  method: InviteMethod;
  context: MessageContext;
  /** DTSTAMP: when this version of the invite is written; now by default. */
  stamp?: Date;
}

export interface Invite {
  method: InviteMethod;
  ics: string;
  uid: string;
  sequence: number;
}

/**
 * One reservation's calendar invite (DESIGN rule 7). The UID is the reservation's for its whole life, so
 * every later invite replaces the one in the attendee's calendar: REQUEST for the confirmation and each
 * update, CANCEL (STATUS:CANCELLED) to remove it. A CANCEL carries the sequence one above the last
 * REQUEST's so no client ranks it below the invite it withdraws. Times carry the event's TZID with its
 * VTIMEZONE (see buildVTimezone), unless one of them falls in the hour repeated when clocks go back: its
 * local time names two instants, which readers resolve differently (RFC 5545 §3.3.5 the first, ical.js and
 * Outlook the second), so then both are written in UTC. ical-generator escapes TEXT values and
 * folds lines at 75 octets; user text is made single-line where it lands in a parameter. Every content
 * line ends in CRLF, the last one too (RFC 5545 §3.1).
 */
export function buildInvite({ method, context, stamp = new Date() }: InviteInput): Invite {
  const { clinic, event, reservation } = context;
  const uid = inviteUid(context);
  const baseSequence = reservation.inviteSequence ?? event.sequence;
  const sequence = method === 'CANCEL' ? baseSequence + 1 : baseSequence;
  const words = mailWords(context);
  const where = place(context, method === 'REQUEST' && reservation.status === 'confirmed', words.t);

  const zoned = hasOneLocalReading(event.startsAt, event.timeZone) && hasOneLocalReading(event.endsAt, event.timeZone);
  const calendar = ical({
    prodId: { company: 'Clinic Seminars', product: 'Bookings', language: 'EN' },
    method: method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
    // name null: only the event's own zone is emitted, with no calendar-wide X-WR-TIMEZONE.
    timezone: { name: null, generator: (zone) => buildVTimezone(zone, event.startsAt, event.endsAt) },
  });
  const invite = calendar.createEvent({
    id: uid,
    sequence,
    stamp,
    start: zoned ? DateTime.fromJSDate(event.startsAt, { zone: event.timeZone }) : event.startsAt,
    end: zoned ? DateTime.fromJSDate(event.endsAt, { zone: event.timeZone }) : event.endsAt,
    timezone: zoned ? event.timeZone : null,
    summary: singleLine(event.title, 200),
    description: inviteDescription(context, words, where.label, method),
    // A webinar's LOCATION is the bare join URL, which calendar clients turn into a link.
    location: where.joinUrl ?? where.label,
    // A cancelled reservation's link is used up: a CANCEL carries none.
    url: method === 'REQUEST' ? (httpUrl(context.manageUrl) ?? null) : null,
    status: method === 'REQUEST' ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
    organizer: { name: parameterValue(clinic.name), email: emailAddress(clinic.organizerEmail) },
  });
  invite.createAttendee({
    name: parameterValue(reservation.name),
    email: emailAddress(reservation.email),
    role: ICalAttendeeRole.REQ,
    status: ICalAttendeeStatus.ACCEPTED,
    rsvp: false,
  });
  return { method, ics: `${calendar.toString()}\r\n`, uid, sequence };
}

/**
 * The reservation's invite UID, as the context carries it (`<reservation id>@<the installation's UID
 * domain>`, see InviteUidDomain). Only a message queued before the UID travelled in the context has none:
 * it gets the UID those messages were always given, `<id>@<host of the manage link>`.
 */
export function inviteUid(context: MessageContext): string {
  if (context.reservation.uid) return singleLine(context.reservation.uid, 200).replace(/[\s;,:"\\]/g, '');
  const host = new URL(context.manageUrl).hostname || 'clinic-seminars';
  return `${context.reservation.id}@${host}`;
}

/** The invite's human text, in the clinic's language; a CANCEL carries no (used-up) manage link. */
function inviteDescription(
  context: MessageContext,
  { t, when }: MailWords,
  whereLabel: string,
  method: InviteMethod,
): string {
  const { clinic, event, reservation } = context;
  const code = singleLine(reservation.confirmationCode, 40);
  return [
    multiLine(event.description),
    t('mail.invite.when', { when }),
    t('mail.invite.where', { where: whereLabel }),
    t('mail.invite.reservation', { count: reservation.partySize, code }),
    method === 'REQUEST' ? t('mail.invite.manage', { url: context.manageUrl }) : t('mail.invite.cancelled'),
    t('mail.invite.contact', { clinic: singleLine(clinic.name, 200), phone: singleLine(clinic.phone, 40) }),
  ]
    .filter(Boolean)
    .join('\n');
}
