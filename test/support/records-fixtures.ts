import ICAL from 'ical.js';
import type { TestApp } from './test-app.js';

/** Builders for the records suites (audit log, attendance jobs, dashboard): rows straight from the database. */

export interface AuditRowInDb {
  id: string;
  actor_id: string | null;
  actor_role: string;
  action: string;
  clinic_id: string | null;
  event_id: string | null;
  subject_type: string;
  subject_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Audit rows, oldest first, optionally only those of one action and/or subject. */
export async function auditRows(t: TestApp, filter: { action?: string; subjectId?: string; eventId?: string } = {}): Promise<AuditRowInDb[]> {
  return t.dataSource.query(
    `SELECT id::text, actor_id, actor_role, action, clinic_id, event_id, subject_type, subject_id, before, after
       FROM audit_log
      WHERE ($1::text IS NULL OR action = $1) AND ($2::uuid IS NULL OR subject_id = $2) AND ($3::uuid IS NULL OR event_id = $3)
      ORDER BY id`,
    [filter.action ?? null, filter.subjectId ?? null, filter.eventId ?? null],
  );
}

const MINUTE = 60_000;

/**
 * Moves an event into the past (it started `startedMinutesAgo` and ended `endedMinutesAgo` minutes ago), as
 * if time had passed since it was published; registration closed at its start.
 */
export async function moveEventIntoPast(t: TestApp, eventId: string, { startedMinutesAgo = 120, endedMinutesAgo = 30 } = {}): Promise<void> {
  const startsAt = new Date(Date.now() - startedMinutesAgo * MINUTE);
  const endsAt = new Date(Date.now() - endedMinutesAgo * MINUTE);
  await t.dataSource.query(
    `UPDATE events SET starts_at = $2, ends_at = $3, registration_opens_at = $2::timestamptz - interval '7 days', registration_closes_at = $2 WHERE id = $1`,
    [eventId, startsAt, endsAt],
  );
}

export async function checkInDirectly(t: TestApp, reservationId: string): Promise<void> {
  await t.dataSource.query(`UPDATE reservations SET checked_in_at = now() WHERE id = $1`, [reservationId]);
}

export async function reservationStatuses(t: TestApp, eventId: string): Promise<Map<string, string>> {
  const rows = (await t.dataSource.query(`SELECT id, status FROM reservations WHERE event_id = $1`, [eventId])) as { id: string; status: string }[];
  return new Map(rows.map((row) => [row.id, row.status]));
}

/** One VEVENT of a calendar feed as a calendar app reads it (ical.js). */
export interface FeedEvent {
  uid: string;
  sequence: number;
  summary: string;
  description: string;
  location: string;
  url: string | null;
  status: string;
  /** DTSTART resolved through the feed's own VTIMEZONE, as an ISO instant; and its TZID, if any. */
  startUtc: string;
  endUtc: string;
  tzid: string | null;
}

export interface ReadFeed {
  method: string;
  name: string;
  timezones: string[];
  events: FeedEvent[];
}

/** A calendar feed read by an independent parser (ical.js), its VTIMEZONEs registered as a client would. */
export function readFeed(ics: string): ReadFeed {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const timezones = calendar.getAllSubcomponents('vtimezone');
  for (const zone of timezones) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      description: event.description ?? '',
      location: event.location ?? '',
      url: (vevent.getFirstPropertyValue('url') as string | null) ?? null,
      status: String(vevent.getFirstPropertyValue('status')),
      startUtc: event.startDate.toJSDate().toISOString(),
      endUtc: event.endDate.toJSDate().toISOString(),
      tzid: (vevent.getFirstProperty('dtstart')?.getParameter('tzid') as string | undefined) ?? null,
    };
  });
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    name: String(calendar.getFirstPropertyValue('x-wr-calname')),
    timezones: timezones.map((zone) => String(zone.getFirstPropertyValue('tzid'))),
    events,
  };
}
