import { DateTime } from 'luxon';
import type { MessageContext, NotificationAddress, NotificationEvent } from './notification-context.js';
import { httpUrl, singleLine } from './user-text.js';

const LONG_DAY = { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' } as const;

/** "Monday, March 9, 2026, 6:00 PM – 7:30 PM CDT" in the event's own zone (end date shown when it differs). */
export function localWhen(event: NotificationEvent, locale = 'en-US'): string {
  return remembered(`when|${event.startsAt.getTime()}|${event.endsAt.getTime()}|${event.timeZone}|${locale}`, () => {
    const start = DateTime.fromJSDate(event.startsAt, { zone: event.timeZone }).setLocale(locale);
    const end = DateTime.fromJSDate(event.endsAt, { zone: event.timeZone }).setLocale(locale);
    const time = (t: DateTime) => t.toLocaleString(DateTime.TIME_SIMPLE);
    const zone = end.offsetNameShort ?? end.toFormat('ZZ');
    const sameDay = start.year === end.year && start.month === end.month && start.day === end.day;
    if (sameDay) return `${start.toLocaleString(LONG_DAY)}, ${time(start)} – ${time(end)} ${zone}`;
    return `${start.toLocaleString(LONG_DAY)}, ${time(start)} – ${end.toLocaleString(LONG_DAY)}, ${time(end)} ${zone}`;
  });
}

/** "Monday, March 9, 2026" */
export function localDay(event: NotificationEvent, locale = 'en-US'): string {
  return remembered(`day|${event.startsAt.getTime()}|${event.timeZone}|${locale}`, () =>
    DateTime.fromJSDate(event.startsAt, { zone: event.timeZone }).setLocale(locale).toLocaleString(LONG_DAY),
  );
}

// Formatting a zoned time through Intl takes a good part of a millisecond, and a dispatcher renders many
// messages about the same event in a row; the results depend only on the key.
const formatted = new Map<string, string>();
function remembered(key: string, format: () => string): string {
  let value = formatted.get(key);
  if (value === undefined) {
    value = format();
    if (formatted.size > 2000) formatted.clear();
    formatted.set(key, value);
  }
  return value;
}

export function formatAddress(address: NotificationAddress): string {
  const regionLine = [address.region, address.postalCode].filter(Boolean).join(' ');
  return [address.line1, address.line2, address.city, regionLine, address.country]
    .map((part) => singleLine(part ?? '', 200))
    .filter(Boolean)
    .join(', ');
}

/**
 * Where the attendee goes. A webinar's join link is shown only to a confirmed attendee with a seat that
 * stands; everyone else reads "Online".
 */
export function place(context: MessageContext, showJoinUrl: boolean): { label: string; joinUrl?: string } {
  const { clinic, event } = context;
  if (event.kind === 'webinar') {
    const joinUrl = showJoinUrl ? httpUrl(event.joinUrl) : undefined;
    return joinUrl ? { label: `Online: ${joinUrl}`, joinUrl } : { label: 'Online' };
  }
  const venue = singleLine(event.venueName ?? '', 200);
  const address = formatAddress(clinic.address);
  return { label: venue ? `${venue}, ${singleLine(clinic.name, 200)}, ${address}` : `${singleLine(clinic.name, 200)}, ${address}` };
}

/** Google Calendar's "add event" link, times in UTC with the event's zone for display. */
export function googleCalendarLink(context: MessageContext, location: string, details: string): string {
  const utc = (d: Date) => DateTime.fromJSDate(d, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: singleLine(context.event.title, 200),
    dates: `${utc(context.event.startsAt)}/${utc(context.event.endsAt)}`,
    details: details.slice(0, 1000),
    location,
    ctz: context.event.timeZone,
  });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}
