import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { AttendanceJobs } from '../../src/attendance/attendance-jobs.service.js';
import { attendee, createEvent, createPublishedEvent, reserve } from './booking-fixtures.js';
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
export async function auditRows(
  t: TestApp,
  filter: { action?: string; subjectId?: string; eventId?: string } = {},
): Promise<AuditRowInDb[]> {
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
export async function moveEventIntoPast(
  t: TestApp,
  eventId: string,
  { startedMinutesAgo = 120, endedMinutesAgo = 30 } = {},
): Promise<void> {
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
  const rows = (await t.dataSource.query(`SELECT id, status FROM reservations WHERE event_id = $1`, [eventId])) as {
    id: string;
    status: string;
  }[];
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

/** Sets an event's times (and a registration window closing at its start), as if it had been scheduled then. */
export async function setEventTimes(t: TestApp, eventId: string, startsAt: Date, endsAt: Date): Promise<void> {
  await t.dataSource.query(
    `UPDATE events SET starts_at = $2, ends_at = $3, registration_opens_at = $2::timestamptz - interval '30 days', registration_closes_at = $2 WHERE id = $1`,
    [eventId, startsAt, endsAt],
  );
}

export interface DashboardMonth {
  /** YYYY-MM on the clinic's wall clock. */
  month: string;
  eventIds: string[];
}

type Auth = { Authorization: string };

/**
 * One clinic's month for the dashboard, two months back on its wall clock, fully known:
 * - event 1 (capacity 4, then 5): a party of 2 checked in, a party of 1 and a party of 2 (waitlisted, then
 *   promoted by the capacity rise) who never came;
 * - event 2 (capacity 10) on the month's last evening, which is already the next month in UTC: 1 checked in;
 * - a draft and a cancelled event, which offered nothing.
 * Both events are completed by the completion job. Expected: events 2, seats offered 15, seats booked 6,
 * reservations 4, fill 40 %, checked in 2, no-shows 2, show rate 50 %, waiting-list conversions 1.
 */
export async function seedDashboardMonth(
  t: TestApp,
  auth: Auth,
  clinicSlug: string,
  zone: string,
): Promise<DashboardMonth> {
  const first = DateTime.now().setZone(zone).minus({ months: 2 }).startOf('month');

  const one = await createPublishedEvent(t, auth, clinicSlug, {
    capacity: 4,
    maxPartySize: 2,
    title: 'Core strength basics',
  });
  const came = (await reserve(t, one.id, attendee({ partySize: 2 })).expect(201)).body.reservationId;
  await reserve(t, one.id, attendee({ partySize: 1 })).expect(201);
  const waiting = (await reserve(t, one.id, attendee({ partySize: 2 })).expect(201)).body;
  if (waiting.status !== 'waitlisted')
    throw new Error('seedDashboardMonth: expected the third party on the waiting list');
  await t.http().put(`/api/events/${one.id}/capacity`).set(auth).send({ capacity: 5 }).expect(200);
  await checkInDirectly(t, came);
  const oneStart = first.plus({ days: 9 }).set({ hour: 18 });
  await setEventTimes(t, one.id, oneStart.toJSDate(), oneStart.plus({ minutes: 90 }).toJSDate());

  const two = await createPublishedEvent(t, auth, clinicSlug, { capacity: 10, title: 'Sleeping without back pain' });
  const sole = (await reserve(t, two.id, attendee({ partySize: 1 })).expect(201)).body.reservationId;
  await checkInDirectly(t, sole);
  const twoStart = first.endOf('month').set({ hour: 20, minute: 0, second: 0, millisecond: 0 });
  await setEventTimes(t, two.id, twoStart.toJSDate(), twoStart.plus({ minutes: 60 }).toJSDate());

  const draft = await createEvent(t, auth, clinicSlug, { capacity: 30 });
  await setEventTimes(t, draft.id, oneStart.toJSDate(), oneStart.plus({ minutes: 60 }).toJSDate());
  const cancelled = await createPublishedEvent(t, auth, clinicSlug, { capacity: 30 });
  await t.http().post(`/api/events/${cancelled.id}/cancel`).set(auth).expect(200);
  await setEventTimes(t, cancelled.id, oneStart.toJSDate(), oneStart.plus({ minutes: 60 }).toJSDate());

  await t.app.get(AttendanceJobs).completeEndedEvents();
  return { month: first.toFormat('yyyy-MM'), eventIds: [one.id, two.id] };
}
