import { formatWhen } from '../../i18n/dates.js';
import type { Locale } from '../../i18n/locales.js';
import type { Translate } from '../../i18n/translator.js';
import type { LinkLine } from './mail-layout.js';
import type { MessageContext, NotificationAddress } from '../notification-context.js';
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
export function place(
  context: MessageContext,
  showJoinUrl: boolean,
  t: Translate,
): { label: string; joinUrl?: string } {
  const { clinic, event } = context;
  if (event.kind === 'webinar') {
    const joinUrl = showJoinUrl ? httpUrl(event.joinUrl) : undefined;
    return joinUrl ? { label: t('mail.place.onlineAt', { url: joinUrl }), joinUrl } : { label: t('mail.place.online') };
  }
  const venue = singleLine(event.venueName ?? '', 200);
  const address = formatAddress(clinic.address);
  return {
    label: venue
      ? `${venue}, ${singleLine(clinic.name, 200)}, ${address}`
      : `${singleLine(clinic.name, 200)}, ${address}`,
  };
}

/** 20260309T230000Z: the UTC form Google Calendar's dates parameter takes. */
const basicUtc = (instant: Date) =>
  instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');

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

/**
 * The clinic's other sessions offered after a cancellation, each a link to its page: "Title, Tuesday,
 * March 10, 2026, 6:00 – 7:30 PM (Central Time)" in its own zone and the clinic's language. Entries that
 * could not be read (no http(s) link, no real times) are left out.
 */
export function otherSessionLinks(context: MessageContext, locale: Locale): LinkLine[] {
  return (context.otherSessions ?? []).flatMap((session) => {
    const url = httpUrl(session.url);
    const startsAt = new Date(session.startsAt);
    const endsAt = new Date(session.endsAt);
    if (!url || Number.isNaN(startsAt.getTime()) || !(endsAt > startsAt)) return [];
    const when = formatWhen({ startsAt, endsAt, timeZone: session.timeZone }, locale);
    return [{ label: `${singleLine(session.title, 200)}, ${when}`, url }];
  });
}
