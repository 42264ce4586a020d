import type { Translate } from '../i18n/translator.js';
import type { MessageContext, NotificationAddress } from './notification-context.js';
import { httpUrl, singleLine } from './user-text.js';

export function formatAddress(address: NotificationAddress): string {
  const regionLine = [address.region, address.postalCode].filter(Boolean).join(' ');
  return [address.line1, address.line2, address.city, regionLine, address.country]
    .map((part) => singleLine(part ?? '', 200))
    .filter(Boolean)
    .join(', ');
}

/**
 * Where the attendee goes. A webinar's join link is shown only to a confirmed attendee with a seat that
 * stands; everyone else reads "Online" in their language.
 */
export function place(context: MessageContext, showJoinUrl: boolean, t: Translate): { label: string; joinUrl?: string } {
  const { clinic, event } = context;
  if (event.kind === 'webinar') {
    const joinUrl = showJoinUrl ? httpUrl(event.joinUrl) : undefined;
    return joinUrl ? { label: t('mail.place.onlineAt', { url: joinUrl }), joinUrl } : { label: t('mail.place.online') };
  }
  const venue = singleLine(event.venueName ?? '', 200);
  const address = formatAddress(clinic.address);
  return { label: venue ? `${venue}, ${singleLine(clinic.name, 200)}, ${address}` : `${singleLine(clinic.name, 200)}, ${address}` };
}

/** 20260309T230000Z: the UTC form Google Calendar's dates parameter takes. */
const basicUtc = (instant: Date) => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

/** Google Calendar's "add event" link, times in UTC with the event's zone for display. */
export function googleCalendarLink(context: MessageContext, location: string, details: string): string {
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: singleLine(context.event.title, 200),
    dates: `${basicUtc(context.event.startsAt)}/${basicUtc(context.event.endsAt)}`,
    details: details.slice(0, 1000),
    location,
    ctz: context.event.timeZone,
  });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}
