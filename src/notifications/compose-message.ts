import { formatAddress, googleCalendarLink, localWhen, place } from './event-details.js';
import { buildInvite, type Invite } from './invite.js';
import { messageCopy } from './message-copy.js';
import { assertRenderable, type MessageContext, type OutboxKind } from './notification-context.js';
import { escapeHtml, httpUrl, multiLine, singleLine } from './user-text.js';

export interface ComposedMessage {
  /** One line, no control characters: safe as a header. */
  subject: string;
  text: string;
  html: string;
  invite?: Invite;
}

interface Line {
  label: string;
  value: string;
  href?: string;
}

/**
 * Renders one message: subject, a plain-text and an HTML body with the event's local date and time, the
 * place (the join link only for a standing seat), the manage link and an "add to Google Calendar" link,
 * and the invite when the kind carries one. Pure: the same input gives the same output, DTSTAMP aside.
 */
export function composeMessage(kind: OutboxKind, context: MessageContext, options: { stamp?: Date } = {}): ComposedMessage {
  assertRenderable(context);
  const { clinic, event, reservation } = context;
  const copy = messageCopy(kind, context);
  const where = place(context, copy.holdsSeat);
  const when = localWhen(event, clinic.locale);
  const manageUrl = httpUrl(context.manageUrl)!;

  const details: Line[] = [
    { label: 'When', value: when },
    where.joinUrl ? { label: 'Join online', value: where.joinUrl, href: where.joinUrl } : { label: 'Where', value: where.label },
    { label: 'Seats', value: String(reservation.partySize) },
    { label: 'Confirmation code', value: singleLine(reservation.confirmationCode, 40) },
  ];
  const links: Line[] = [];
  if (copy.showManageLink) links.push({ label: 'Manage your reservation', value: manageUrl, href: manageUrl });
  if (copy.holdsSeat) {
    const calendarLink = googleCalendarLink(context, where.joinUrl ?? where.label, `Confirmation code ${reservation.confirmationCode}. Manage: ${manageUrl}`);
    links.push({ label: 'Add to Google Calendar', value: calendarLink, href: calendarLink });
  }

  const greeting = `Hello ${singleLine(reservation.name, 200)},`;
  const title = singleLine(event.title, 200);
  const description = multiLine(event.description);
  const signOff = [singleLine(clinic.name, 200), singleLine(clinic.phone, 40), formatAddress(clinic.address)];
  const invite = copy.invite ? buildInvite({ method: copy.invite, context, stamp: options.stamp }) : undefined;

  const text = [
    greeting,
    ...copy.paragraphs,
    [title, ...(description ? [description] : []), ...details.map((d) => `${d.label}: ${d.value}`)].join('\n'),
    ...(links.length ? [links.map((l) => `${l.label}: ${l.value}`).join('\n')] : []),
    signOff.join('\n'),
  ].join('\n\n');

  const html = `<!doctype html>
<html><body style="font-family: Arial, Helvetica, sans-serif; color: #222; line-height: 1.5">
<p>${escapeHtml(greeting)}</p>
${copy.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<h2 style="font-size: 18px; margin-bottom: 4px">${escapeHtml(title)}</h2>
${description ? `<p>${escapeHtml(description).replace(/\n/g, '<br>')}</p>` : ''}
<table role="presentation" cellpadding="4">
${details.map((d) => `<tr><th align="left">${escapeHtml(d.label)}</th><td>${htmlValue(d)}</td></tr>`).join('\n')}
</table>
${links.map((l) => `<p><a href="${escapeHtml(l.href!)}">${escapeHtml(l.label)}</a></p>`).join('\n')}
<p style="color: #555">${signOff.map(escapeHtml).join('<br>')}</p>
</body></html>
`;

  return { subject: singleLine(copy.subject, 250), text: `${text}\n`, html, invite };
}

function htmlValue(line: Line): string {
  return line.href ? `<a href="${escapeHtml(line.href)}">${escapeHtml(line.value)}</a>` : escapeHtml(line.value);
}
