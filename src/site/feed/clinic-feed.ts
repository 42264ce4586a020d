import { createHash } from 'node:crypto';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { hasOneLocalReading } from '../../common/event-time.js';
import type { Event } from '../../events/event.entity.js';
import type { Translate } from '../../i18n/translator.js';
import { formatAddress } from '../../notifications/messages/event-details.js';
import { multiLine, singleLine } from '../../notifications/messages/user-text.js';
import { buildVTimezone } from '../../notifications/messages/vtimezone.js';

export interface ClinicFeedInput {
  clinic: Clinic;
  /** Upcoming published events, in start order. */
  events: Event[];
  /** PUBLIC_BASE_URL, without a trailing slash: each event links to its booking page. */
  baseUrl: string;
  /** The UID of an event in the feed, stable for its whole life (see InviteUidDomain). */
  uidFor: (event: Event) => string;
  /** The clinic's language. */
  t: Translate;
}

export interface ClinicFeed {
  ics: string;
  /** A strong validator of exactly these bytes. */
  etag: string;
}

/** Calendar apps poll a subscription; this asks them to do it hourly (Google and Apple decide for themselves). */
const REFRESH_SECONDS = 3600;

/**
 * A clinic's public calendar (RFC 5545 METHOD:PUBLISH) for Google, Apple and Outlook to subscribe to. Each
 * event keeps one UID and carries its SEQUENCE, so a changed event replaces itself in the subscriber's
 * calendar; a cancelled or past one simply leaves the feed. Nothing in the body depends on the time of the
 * request (DTSTAMP and LAST-MODIFIED are the event's own updated time), so the same events give the same
 * bytes and the ETag, a hash of them, changes exactly when the content does. Times carry the event's TZID
 * with its VTIMEZONE from the invites' own builder, or UTC in a repeated autumn hour, as the invites do.
 * Webinars say "Online": the join link is for confirmed attendees only.
 */
export function buildClinicFeed({ clinic, events, baseUrl, uidFor, t }: ClinicFeedInput): ClinicFeed {
  const spans = zoneSpans(events);
  const calendar = ical({
    prodId: { company: 'Clinic Seminars', product: 'Clinic calendar', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    name: t('site.feed.calendarName', { clinic: singleLine(clinic.name, 200) }),
    description: t('site.feed.calendarDescription', { clinic: singleLine(clinic.name, 200) }),
    url: `${baseUrl}/clinics/${clinic.slug}`,
    ttl: REFRESH_SECONDS,
    timezone: { name: null, generator: (zone) => buildVTimezone(zone, spans.get(zone)!.from, spans.get(zone)!.to) },
  });
  for (const event of events) {
    const bookingUrl = `${baseUrl}/events/${event.id}`;
    const zoned =
      hasOneLocalReading(event.startsAt, event.timeZone) && hasOneLocalReading(event.endsAt, event.timeZone);
    calendar.createEvent({
      id: uidFor(event),
      sequence: event.sequence,
      stamp: event.updatedAt,
      lastModified: event.updatedAt,
      start: zoned ? DateTime.fromJSDate(event.startsAt, { zone: event.timeZone }) : event.startsAt,
      end: zoned ? DateTime.fromJSDate(event.endsAt, { zone: event.timeZone }) : event.endsAt,
      timezone: zoned ? event.timeZone : null,
      summary: singleLine(event.title, 200),
      description: [multiLine(event.description), t('site.feed.book', { url: bookingUrl })]
        .filter(Boolean)
        .join('\n\n'),
      location: location(clinic, event, t),
      url: bookingUrl,
      status: ICalEventStatus.CONFIRMED,
    });
  }
  const ics = `${calendar.toString()}\r\n`;
  return { ics, etag: `"${createHash('sha256').update(ics).digest('base64url')}"` };
}

function location(clinic: Clinic, event: Event, t: Translate): string {
  if (event.kind === 'webinar') return t('site.catalogue.online');
  const venue = singleLine(event.venueName ?? '', 200);
  return [venue, singleLine(clinic.name, 200), formatAddress(clinic.address)].filter(Boolean).join(', ');
}

/** For each zone, the span of the events in it: its VTIMEZONE covers those years. */
function zoneSpans(events: Event[]): Map<string, { from: Date; to: Date }> {
  const spans = new Map<string, { from: Date; to: Date }>();
  for (const event of events) {
    const span = spans.get(event.timeZone);
    spans.set(event.timeZone, {
      from: span && span.from < event.startsAt ? span.from : event.startsAt,
      to: span && span.to > event.endsAt ? span.to : event.endsAt,
    });
  }
  return spans;
}
