import { IANAZone } from 'luxon';
import { httpUrl, isPlainEmail } from './messages/user-text.js';

/**
 * What a message is about, as plain data: the notifications module never reads the clinics, events or
 * reservations tables. The caller fills these from its own entities inside the transaction that causes the
 * message, so each message describes the state it was written in.
 */

export const OUTBOX_KINDS = [
  'confirmation',
  'waitlisted',
  'promotion',
  'already-reserved',
  'attendee-cancellation',
  'event-changed',
  'event-cancelled',
  'reminder',
  'reconfirm',
  'release-warning',
  'released',
  'seat-offer',
  'offer-lapsed',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface NotificationAddress {
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  region?: string | null;
  country: string;
}

export interface NotificationClinic {
  id?: string;
  name: string;
  /** The ORGANIZER of the invites and the Reply-To of the e-mails. */
  organizerEmail: string;
  address: NotificationAddress;
  phone: string;
  timeZone: string;
  /**
   * The clinic's language (a SUPPORTED_LOCALES tag, 'en' or 'pt-PT'): every word and date of its e-mails and
   * invites. Absent or unknown (e.g. messages queued before clinics had one) reads as 'en'.
   */
  locale?: string;
}

export interface NotificationEvent {
  id: string;
  kind: 'seminar' | 'webinar';
  title: string;
  description?: string | null;
  startsAt: Date;
  endsAt: Date;
  /** IANA zone the event is shown and invited in. */
  timeZone: string;
  venueName?: string | null;
  /**
   * A webinar's join link as the attendee uses it: their personal `/join/<token>` link (issue 9), which opens
   * the meeting's own URL only for a confirmed seat and records the check-in. Only ever shown to confirmed
   * attendees. Not stored in the outbox when the manage-token nonce is: derived again when sent.
   */
  joinUrl?: string | null;
  /** The event's iCal SEQUENCE; used when the reservation has no inviteSequence of its own. */
  sequence: number;
}

export interface NotificationReservation {
  id: string;
  /**
   * The invite's UID, the same for the reservation's whole life (`<id>@<installation UID domain>`, see
   * InviteUidDomain). Only messages queued before it travelled here lack it: `<id>@<manage link host>` then.
   */
  uid?: string;
  name: string;
  email: string;
  partySize: number;
  confirmationCode: string;
  /**
   * The attendee's standing the message is about. For cancellations give the status held before the
   * cancel: only an attendee who was confirmed (and so has the invite) gets a CANCEL invite.
   */
  status: 'confirmed' | 'offered' | 'waitlisted' | 'cancelled' | 'released' | 'withdrawn' | 'no_show';
  /** The invite's SEQUENCE when the reservation keeps its own; otherwise the event's is used. */
  inviteSequence?: number;
  /** Why the clinic cancelled it (staff cancellation): the cancellation e-mail says so. */
  cancellationReason?: string;
}

export interface MessageContext {
  clinic: NotificationClinic;
  event: NotificationEvent;
  reservation: NotificationReservation;
  /** The attendee's private link to see, change or cancel the reservation. */
  manageUrl: string;
  /**
   * The reservation's manage-token nonce (see ManageTokens). When given, the outbox stores it instead of
   * the link, so no manage token ever sits in the database, and the link is derived again at send time.
   */
  manageTokenNonce?: string;
  /**
   * For "still coming?" and its last warning (issue 9): the page where the attendee answers
   * (`/reconfirm/<token>`, ReservationLinks). With a manage-token nonce it is not stored either: it is derived
   * again at send time, like the manage link.
   */
  reconfirmUrl?: string;
  /** For the last warning before a release (issue 9): the deadline, in minutes before the start (so it moves with it). */
  releaseDeadlineMinutes?: number;
  /** For reminders: how long before the start it is sent. */
  reminderOffsetMinutes?: number;
  /** For a cancelled event: the clinic's other sessions with free seats, offered instead (issue 8). */
  otherSessions?: OtherSession[];
  /** For a late seat offer (issue 9): until when it stands (ISO), and the link that accepts it. */
  offer?: SeatOffer;
}

/**
 * A seat offered late from the waiting list. With a manage-token nonce the outbox stores no link (the
 * offer link is a key like the manage link): it is derived again at send time (reviveContext).
 */
export interface SeatOffer {
  expiresAt: string;
  url: string;
}

/** Another session of the clinic, as plain data: times as ISO strings (the context is stored as JSON). */
export interface OtherSession {
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  /** The session's public page, where the attendee can book it. */
  url: string;
}

/**
 * Refuses a context that could not be rendered, naming the field. Cheap, so the outbox can check every
 * message inside the caller's transaction and leave the rendering to the dispatcher.
 */
export function assertRenderable(context: MessageContext): void {
  const { clinic, event, reservation } = context;
  const problems: string[] = [];
  if (!isPlainEmail(reservation.email)) problems.push('reservation.email is not a plain e-mail address');
  if (!isPlainEmail(clinic.organizerEmail)) problems.push('clinic.organizerEmail is not a plain e-mail address');
  if (!isHttpUrl(context.manageUrl)) problems.push('manageUrl is not an http(s) URL');
  if (context.reconfirmUrl !== undefined && !isHttpUrl(context.reconfirmUrl))
    problems.push('reconfirmUrl is not an http(s) URL');
  if (typeof event.timeZone !== 'string' || !IANAZone.create(event.timeZone).isValid)
    problems.push('event.timeZone is not an IANA time zone');
  if (!isValidDate(event.startsAt) || !isValidDate(event.endsAt) || event.endsAt <= event.startsAt) {
    problems.push('event.startsAt and event.endsAt must be dates, the end after the start');
  }
  if (!Number.isInteger(reservation.partySize) || reservation.partySize < 1)
    problems.push('reservation.partySize must be a whole number from 1');
  if (!Number.isInteger(event.sequence) || event.sequence < 0)
    problems.push('event.sequence must be a whole number from 0');
  if (problems.length > 0) throw new Error(`Cannot render this message: ${problems.join('; ')}`);
}

const isHttpUrl = (value: unknown) => typeof value === 'string' && httpUrl(value) !== undefined;
const isValidDate = (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime());
