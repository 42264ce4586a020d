import { localDay } from './event-details.js';
import type { InviteMethod } from './invite.js';
import type { MessageContext, OutboxKind } from './notification-context.js';
import { singleLine } from './user-text.js';

/** The words of one kind of message, in the clinic's voice. */
export interface MessageCopy {
  subject: string;
  paragraphs: string[];
  /** The attendee holds a seat that stands: they see the join link and the "add to calendar" link. */
  holdsSeat: boolean;
  /** Whether the manage link still leads anywhere (a cancelled reservation's link is used up). */
  showManageLink: boolean;
  invite?: InviteMethod;
}

export function messageCopy(kind: OutboxKind, context: MessageContext): MessageCopy {
  const { clinic, event, reservation } = context;
  const title = singleLine(event.title, 200);
  const clinicName = singleLine(clinic.name, 200);
  const day = localDay(event, clinic.locale);
  const confirmed = reservation.status === 'confirmed';
  const seats = reservation.partySize === 1 ? 'your seat' : `your ${reservation.partySize} seats`;
  const active = { holdsSeat: confirmed, showManageLink: true, invite: confirmed ? ('REQUEST' as const) : undefined };
  const cancelInvite = reservation.status === 'waitlisted' ? undefined : ('CANCEL' as const);

  switch (kind) {
    case 'confirmation':
      return {
        ...active,
        subject: `Confirmed: ${title}, ${day}`,
        paragraphs: [
          `Thank you for booking with ${clinicName}. We have saved ${seats} for ${title}.`,
          'The calendar invite is attached. Keep this e-mail: the link below lets you change or cancel your reservation.',
        ],
      };
    case 'waitlisted':
      return {
        holdsSeat: false,
        showManageLink: true,
        subject: `You're on the waiting list: ${title}, ${day}`,
        paragraphs: [
          `${title} is fully booked at the moment, so we have put you on the waiting list.`,
          'If a seat frees up we will confirm you straight away, in the order people joined the list, and send you the calendar invite. You do not need to do anything.',
        ],
      };
    case 'promotion':
      return {
        ...active,
        subject: `A seat is yours: ${title}, ${day}`,
        paragraphs: [
          `Good news: a place has opened up and ${seats} for ${title} ${reservation.partySize === 1 ? 'is' : 'are'} now confirmed.`,
          'The calendar invite is attached. If you can no longer come, please cancel with the link below so someone else can have the seat.',
        ],
      };
    case 'already-reserved':
      return {
        ...active,
        subject: `Your reservation for ${title}, ${day}`,
        paragraphs: [
          `Someone, hopefully you, just tried to book ${title} with this e-mail address. You already have a reservation, so we did not make a second one.`,
          confirmed
            ? 'Here are your details again, with a fresh link to manage your reservation.'
            : 'You are on the waiting list. Here is a fresh link to manage your place.',
        ],
      };
    case 'attendee-cancellation':
      return {
        holdsSeat: false,
        showManageLink: false,
        invite: cancelInvite,
        subject: `Cancelled: ${title}, ${day}`,
        paragraphs: [
          `Your reservation for ${title} is cancelled${cancelInvite ? ' and the event is removed from your calendar' : ''}.`,
          `We hope to see you at another session soon. If this was a mistake, you are welcome to book again while places are available.`,
        ],
      };
    case 'event-changed':
      return {
        ...active,
        subject: `Updated: ${title}, ${day}`,
        paragraphs: [
          `We have made a change to ${title}. Please check the details below.`,
          confirmed ? 'Your seat is kept and the calendar invite is updated.' : 'Your place on the waiting list is kept.',
        ],
      };
    case 'event-cancelled':
      return {
        holdsSeat: false,
        showManageLink: false,
        invite: cancelInvite,
        subject: `Cancelled by ${clinicName}: ${title}, ${day}`,
        paragraphs: [
          `We are sorry: we have had to cancel ${title}. Your reservation is cancelled${cancelInvite ? ' and the event is removed from your calendar' : ''}.`,
          `Please accept our apologies. If you have any questions, call us on ${singleLine(clinic.phone, 40)}.`,
        ],
      };
    case 'reminder':
      return {
        ...active,
        invite: undefined,
        subject: `Reminder: ${title} starts ${startsIn(context.reminderOffsetMinutes)}`,
        paragraphs: [`A quick reminder that ${title} starts ${startsIn(context.reminderOffsetMinutes)}. We look forward to seeing you.`],
      };
  }
}

function startsIn(offsetMinutes: number | undefined): string {
  if (!offsetMinutes) return 'soon';
  if (offsetMinutes % 1440 === 0) return offsetMinutes === 1440 ? 'in 24 hours' : `in ${offsetMinutes / 1440} days`;
  if (offsetMinutes % 60 === 0) return offsetMinutes === 60 ? 'in 1 hour' : `in ${offsetMinutes / 60} hours`;
  return `in ${offsetMinutes} minutes`;
}
