import { confirmationQr, type InlineImage } from './confirmation-qr.js';
import { formatAddress, googleCalendarLink, otherSessionLinks, place } from './event-details.js';
import { buildInvite, type Invite } from './invite.js';
import { renderHtml, renderText, type DetailLine, type LinkLine, type MailView } from './mail-layout.js';
import type { Translate } from '../../i18n/translator.js';
import { mailWords } from './mail-words.js';
import { messageCopy } from './message-copy.js';
import { assertRenderable, type MessageContext, type OutboxKind } from '../notification-context.js';
import { httpUrl, multiLine, phoneNumber, singleLine } from './user-text.js';

/** The one large button: a late seat offer's accepts it (issue 9); otherwise the manage link, while it works. */
function manageButton(
  kind: OutboxKind,
  context: MessageContext,
  manageUrl: string | undefined,
  t: Translate,
): LinkLine | undefined {
  const offerUrl = kind === 'seat-offer' && context.offer ? httpUrl(context.offer.url) : undefined;
  if (offerUrl) return { label: t('mail.seatOffer.button'), url: offerUrl, note: t('mail.seatOffer.buttonHint') };
  return manageUrl ? { label: t('mail.manage.button'), url: manageUrl, note: t('mail.manage.hint') } : undefined;
}

/** The messages that carry the confirmation code as a QR image (while the seat stands). */
const DOOR_CODE_KINDS = new Set<OutboxKind>(['confirmation', 'promotion', 'reminder']);
/** The messages that ask "still coming?" and carry the two answers. */
const ANSWER_KINDS = new Set<OutboxKind>(['reconfirm', 'release-warning']);

/** The kinds that list other sessions (context.otherSessions), and the line above that list. */
const OFFER_HEADINGS: Partial<Record<OutboxKind, string>> = {
  'event-cancelled': 'mail.eventCancelled.otherSessions',
  waitlisted: 'mail.waitlisted.alsoWaiting',
  promotion: 'mail.promotion.withdrawnFrom',
  'seat-offer': 'mail.seatOffer.withdrawnFrom',
};

export interface ComposedMessage {
  /** One line, no control characters: safe as a header. */
  subject: string;
  text: string;
  html: string;
  invite?: Invite;
  /** Images the HTML shows through `cid:` (the confirmation code's QR while the seat stands). */
  inlineImages?: InlineImage[];
}

/**
 * Renders one message in the clinic's language (DESIGN rule 10): subject, a plain-text and an HTML body
 * saying the same things, with the event's date and time in its own zone, the place (the join link only
 * for a standing seat), the manage button while the link still works, an "add to Google Calendar" link
 * for a seat that stands, and the invite when the kind carries one. Pure: the same input gives the same
 * output, DTSTAMP aside.
 */
export function composeMessage(
  kind: OutboxKind,
  context: MessageContext,
  options: { stamp?: Date } = {},
): ComposedMessage {
  assertRenderable(context);
  const { clinic, event, reservation } = context;
  const words = mailWords(context);
  const { t } = words;
  const copy = messageCopy(kind, context, words);
  const where = place(context, copy.holdsSeat, t);
  const manageUrl = httpUrl(context.manageUrl)!;
  const code = singleLine(reservation.confirmationCode, 40);
  const clinicName = singleLine(clinic.name, 200);

  const details: DetailLine[] = [
    { label: t('mail.label.when'), value: words.when },
    where.joinUrl
      ? { label: t('mail.label.joinOnline'), value: where.joinUrl, href: where.joinUrl }
      : { label: t('mail.label.where'), value: where.label },
    { label: t('mail.label.seats'), value: String(reservation.partySize) },
    { label: t('mail.label.confirmationCode'), value: code },
  ];
  const calendarUrl = copy.holdsSeat
    ? googleCalendarLink(context, where.joinUrl ?? where.label, t('mail.calendar.details', { code, url: manageUrl }))
    : undefined;

  // The desk scans this at the door (typing the code works as well): in the mails that give or remind of a seat.
  const doorCode =
    copy.holdsSeat && DOOR_CODE_KINDS.has(kind)
      ? confirmationQr(code, { alt: t('mail.doorCode.alt', { code }), caption: t('mail.doorCode.caption', { code }) })
      : undefined;

  // A cancelled event's attendees are offered the clinic's other sessions with seats (issue 8); a person
  // waiting in several sessions at once is told which, and once a seat is theirs, which lists they left (issue 9).
  const offerHeading = OFFER_HEADINGS[kind];
  const offers = offerHeading ? otherSessionLinks(context, words.locale) : [];
  // "Still coming?" (issue 9): the two answers, each opening the answer page (which asks before it changes anything).
  const reconfirmUrl = ANSWER_KINDS.has(kind) && context.reconfirmUrl ? httpUrl(context.reconfirmUrl) : undefined;
  const answers = reconfirmUrl
    ? {
        heading: t('mail.reconfirm.answer'),
        links: [
          { label: t('mail.reconfirm.yes'), url: `${reconfirmUrl}?answer=yes` },
          { label: t('mail.reconfirm.no'), url: `${reconfirmUrl}?answer=no` },
        ],
      }
    : undefined;

  const view: MailView = {
    lang: words.locale,
    subject: singleLine(copy.subject, 250),
    preheader: singleLine(copy.preheader, 250),
    clinicName,
    heading: copy.heading,
    greeting: t('mail.greeting', { name: singleLine(reservation.name, 200) }),
    paragraphs: copy.paragraphs,
    title: singleLine(event.title, 200),
    description: multiLine(event.description),
    details,
    detailsNote: where.joinUrl ? t('mail.joinHint') : undefined,
    offers: offerHeading && offers.length > 0 ? { heading: t(offerHeading), links: offers } : undefined,
    answers,
    doorCode: doorCode?.view,
    manage: manageButton(kind, context, copy.showManageLink ? manageUrl : undefined, t),
    calendar: calendarUrl
      ? {
          label: t('mail.calendar.link'),
          url: calendarUrl,
          note: copy.invite ? t('mail.calendar.attached') : undefined,
        }
      : undefined,
    signOff: [t('mail.signOff'), clinicName],
    contact: t('mail.contact', { phone: phoneNumber(clinic.phone) }),
    address: formatAddress(clinic.address),
    footer: t('mail.footer'),
  };
  const invite = copy.invite ? buildInvite({ method: copy.invite, context, stamp: options.stamp }) : undefined;
  return {
    subject: view.subject,
    text: renderText(view),
    html: renderHtml(view),
    invite,
    inlineImages: doorCode ? [doorCode.image] : undefined,
  };
}
