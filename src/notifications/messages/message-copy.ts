import { formatDateTime, formatZoneName } from '../../i18n/dates.js';
import type { Translate } from '../../i18n/translator.js';
import type { InviteMethod } from './invite.js';
import { mailWords, type MailWords } from './mail-words.js';
import type { MessageContext, OutboxKind } from '../notification-context.js';
import { phoneNumber, singleLine } from './user-text.js';

/** The words of one kind of message, in the clinic's voice and language. Plain text: the layout escapes it. */
export interface MessageCopy {
  subject: string;
  /** The line mail clients show after the subject in the inbox. */
  preheader: string;
  heading: string;
  paragraphs: string[];
  /** The attendee holds a seat that stands: they see the join link and the "add to calendar" link. */
  holdsSeat: boolean;
  /** Whether the manage link still leads anywhere (a cancelled reservation's link is used up). */
  showManageLink: boolean;
  invite?: InviteMethod;
}

export function messageCopy(
  kind: OutboxKind,
  context: MessageContext,
  words: MailWords = mailWords(context),
): MessageCopy {
  const { clinic, event, reservation } = context;
  const { t, day, when, locale } = words;
  const confirmed = reservation.status === 'confirmed';
  const values = {
    title: singleLine(event.title, 200),
    clinic: singleLine(clinic.name, 200),
    phone: phoneNumber(clinic.phone),
    code: singleLine(reservation.confirmationCode, 40),
    count: reservation.partySize,
    day,
    when,
    deadline: context.offer ? offerDeadline(new Date(context.offer.expiresAt), event.timeZone, locale) : '',
  };
  // A seat held by a late offer (issue 9) is neither confirmed nor a place on the list: its own sentence.
  const standing = confirmed
    ? 'confirmed'
    : reservation.status === 'offered' && context.offer
      ? 'offered'
      : 'waitlisted';
  const active = { holdsSeat: confirmed, showManageLink: true, invite: confirmed ? ('REQUEST' as const) : undefined };
  const ended = {
    holdsSeat: false,
    showManageLink: false,
    // Only a confirmed seat ever had the invite (a waitlisted place or a seat offer did not).
    invite: reservation.status === 'waitlisted' || reservation.status === 'offered' ? undefined : ('CANCEL' as const),
  };
  // Every kind has its subject, preheader and heading under the same names; plurals follow the party size.
  const copyOf = (prefix: string, paragraphs: string[]) => ({
    subject: t(`mail.${prefix}.subject`, values),
    preheader: t(`mail.${prefix}.preheader`, values),
    heading: t(`mail.${prefix}.heading`, values),
    paragraphs: paragraphs.map((key) => t(`mail.${prefix}.${key}`, values)),
  });

  switch (kind) {
    case 'confirmation':
      return { ...active, ...copyOf('confirmation', ['thanks', 'keep']) };
    case 'waitlisted':
      return { holdsSeat: false, showManageLink: true, ...copyOf('waitlisted', ['full', 'next']) };
    case 'promotion':
      return { ...active, ...copyOf('promotion', ['confirmed', 'cancelIfNot']) };
    case 'already-reserved':
      return { ...active, ...copyOf('alreadyReserved', ['attempt', standing]) };
    case 'attendee-cancellation': {
      const reason = reservation.cancellationReason ? singleLine(reservation.cancellationReason, 500) : undefined;
      if (!reason)
        return {
          ...ended,
          ...copyOf('attendeeCancellation', [ended.invite ? 'cancelledAndRemoved' : 'cancelled', 'again']),
        };
      // Staff cancelled it: say who, and why (the reason as they typed it).
      const byClinic = copyOf('attendeeCancellation', [ended.invite ? 'byClinicAndRemoved' : 'byClinic', 'again']);
      byClinic.paragraphs.splice(1, 0, t('mail.attendeeCancellation.reason', { ...values, reason }));
      return { ...ended, ...byClinic };
    }
    case 'event-changed':
      return {
        ...active,
        ...copyOf('eventChanged', [
          'changed',
          { confirmed: 'seatKept', offered: 'offerKept', waitlisted: 'placeKept' }[standing],
        ]),
      };
    case 'event-cancelled': {
      const cancelled = copyOf('eventCancelled', [ended.invite ? 'cancelledAndRemoved' : 'cancelled', 'apology']);
      // The clinic's reason as its staff typed it, right after the news (issue 8).
      const reason = reservation.cancellationReason ? singleLine(reservation.cancellationReason, 500) : undefined;
      if (reason) cancelled.paragraphs.splice(1, 0, t('mail.eventCancelled.reason', { ...values, reason }));
      return { ...ended, ...cancelled };
    }
    // A late seat from the waiting list, held until the deadline (issue 9): the big button accepts it.
    case 'seat-offer':
      return {
        holdsSeat: false,
        showManageLink: true,
        ...copyOf('seatOffer', ['free', context.offer ? 'deadline' : 'shortTime', 'decline']),
      };
    case 'offer-lapsed':
      return { holdsSeat: false, showManageLink: false, ...copyOf('offerLapsed', ['lapsed', 'again']) };
    case 'reminder': {
      const reminder = { ...values, startsIn: startsIn(t, context.reminderOffsetMinutes) };
      return {
        ...active,
        invite: undefined,
        subject: t('mail.reminder.subject', reminder),
        preheader: t('mail.reminder.preheader', reminder),
        heading: t('mail.reminder.heading', reminder),
        paragraphs: [t('mail.reminder.body', reminder), ...(confirmed ? [t('mail.reminder.cantCome', reminder)] : [])],
      };
    }
    case 'reconfirm':
      return { ...active, invite: undefined, ...copyOf('reconfirm', ['ask', 'why']) };
    case 'release-warning': {
      const minutes = context.releaseDeadlineMinutes;
      const deadline =
        minutes !== undefined
          ? formatDateTime(new Date(event.startsAt.getTime() - minutes * 60_000), event.timeZone, words.locale)
          : undefined;
      const warning = copyOf('releaseWarning', ['ask']);
      warning.paragraphs.push(
        deadline ? t('mail.releaseWarning.deadline', { ...values, deadline }) : t('mail.releaseWarning.soon', values),
      );
      return { ...active, invite: undefined, ...warning };
    }
    case 'released':
      return { ...ended, ...copyOf('released', [ended.invite ? 'releasedAndRemoved' : 'released', 'again']) };
  }
}

/** "in 24 hours", "in 2 days", "in 90 minutes": the largest whole unit the offset is made of. */
function startsIn(t: Translate, offsetMinutes: number | undefined): string {
  if (!offsetMinutes) return t('mail.startsIn.soon');
  if (offsetMinutes % 1440 === 0) return t('mail.startsIn.days', { count: offsetMinutes / 1440 });
  if (offsetMinutes % 60 === 0) return t('mail.startsIn.hours', { count: offsetMinutes / 60 });
  return t('mail.startsIn.minutes', { count: offsetMinutes });
}

/** "Mar 9, 2026, 4:00 PM (Central Time)": when an offer lapses, in the event's zone. */
export function offerDeadline(instant: Date, timeZone: string, locale: MailWords['locale']): string {
  return `${formatDateTime(instant, timeZone, locale)} (${formatZoneName(instant, timeZone, locale)})`;
}
