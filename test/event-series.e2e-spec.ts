import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import {
  attendee,
  createClinic,
  fromNow,
  listReservations,
  reserve,
  sleep,
  type ClinicBody,
  type PublicEventBody,
  type StaffEventBody,
} from './support/booking-fixtures.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

interface SeriesBody {
  seriesId: string;
  events: StaffEventBody[];
  cancelledEventIds?: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MINUTE = 60_000;

/** The first local date (yyyy-MM-dd) on or after `from` whose UTC offset in `zone` differs from the day before. */
function nextOffsetChange(zone: string, from: DateTime): DateTime {
  let day = from.setZone(zone).startOf('day');
  for (let i = 0; i < 400; i += 1) {
    const next = day.plus({ days: 1 });
    if (next.set({ hour: 12 }).offset !== day.set({ hour: 12 }).offset) return next;
    day = next;
  }
  throw new Error(`no daylight-saving change in ${zone} within a year`);
}

/** A Tuesday 8 to 14 days before the next daylight-saving change in `zone` (at least a week from now). */
function tuesdayBeforeDstChange(zone: string): { tuesday: DateTime; change: DateTime } {
  const change = nextOffsetChange(zone, DateTime.now().plus({ days: 15 }));
  let tuesday = change.minus({ days: 8 });
  while (tuesday.weekday !== 2) tuesday = tuesday.minus({ days: 1 });
  return { tuesday, change };
}

/** The UTC instant of a wall-clock time in `zone`, as the API prints it. */
const instant = (zone: string, date: DateTime, hour: number, minute = 0) =>
  DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone }).toUTC().toISO();

function seminar(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'seminar',
    title: 'Back school',
    description: 'A weekly class for a healthy back.',
    venueName: 'Seminar room 2',
    capacity: 10,
    ...overrides,
  };
}

/** Local "yyyy-MM-ddTHH:mm" of `date` at `hour:minute`. */
const localTime = (date: DateTime, hour: number, minute = 0) =>
  `${date.toFormat('yyyy-MM-dd')}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

/** Recurring events (docs/api-contract.md, "Event series"): one event per occurrence, same local time, one series id. */
describe('event series', () => {
  let t: TestApp;
  let admin: SignedIn;
  let staff: SignedIn;
  let otherStaff: SignedIn;
  let clinic: ClinicBody;
  let otherClinic: ClinicBody;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth); // America/Chicago
    otherClinic = await createClinic(t, admin.auth, { timeZone: 'Europe/Lisbon' });
    staff = await signInNewUser(t, 'staff', [clinic.id]);
    otherStaff = await signInNewUser(t, 'staff', [otherClinic.id]);
  });
  afterAll(() => t.close());

  const createSeries = (
    auth: { Authorization: string } | Record<string, never>,
    body: Record<string, unknown>,
    slug = clinic.slug,
  ) => t.http().post(`/api/clinics/${slug}/event-series`).set(auth).send(body);

  async function created(body: Record<string, unknown>, auth = staff.auth, slug = clinic.slug): Promise<SeriesBody> {
    const response = await createSeries(auth, body, slug);
    if (response.status !== 201) throw new Error(`createSeries: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as SeriesBody;
  }

  const clinicEventIds = async (slug = clinic.slug) =>
    ((await t.http().get(`/api/clinics/${slug}/events`).set(admin.auth).expect(200)).body as StaffEventBody[]).map(
      (event) => event.id,
    );

  describe('each occurrence at the same local wall-clock time, across a daylight-saving change', () => {
    it('18:00 every Tuesday in America/Chicago stays 18:00 local; the UTC instant moves by the hour; same duration, one series id', async () => {
      const zone = 'America/Chicago';
      const { tuesday, change } = tuesdayBeforeDstChange(zone);
      const before = Date.now();
      const series = await created({
        event: seminar({ startsAt: localTime(tuesday, 18), endsAt: localTime(tuesday, 19, 30) }),
        recurrence: { rule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' },
      });

      expect(series.seriesId).toMatch(UUID);
      const tuesdays = [0, 1, 2, 3].map((week) => tuesday.plus({ weeks: week }));
      expect(series.events.map((event) => event.startsAt)).toEqual(tuesdays.map((day) => instant(zone, day, 18)));
      expect(series.events.map((event) => event.endsAt)).toEqual(tuesdays.map((day) => instant(zone, day, 19, 30)));
      for (const [i, event] of series.events.entries()) {
        expect(event.localStartsAt).toMatch(
          new RegExp(`^${tuesdays[i].toFormat('yyyy-MM-dd')}T18:00:00[+-]\\d{2}:\\d{2}$`),
        );
        expect(event).toMatchObject({
          status: 'draft',
          timeZone: zone,
          capacity: 10,
          confirmedSeats: 0,
          sequence: 0,
          registrationClosesAt: event.startsAt,
        });
        expect(Date.parse(event.endsAt) - Date.parse(event.startsAt)).toBe(90 * MINUTE);
        expect(Date.parse(event.registrationOpensAt as string)).toBeGreaterThanOrEqual(before - 5_000);
        expect(Date.parse(event.registrationOpensAt as string)).toBeLessThanOrEqual(Date.now());
      }
      // Two occurrences each side of the change: a week apart in local time, a week ± an hour apart in UTC.
      expect(tuesdays[1] < change && tuesdays[2] > change).toBe(true);
      const weekInMs = (i: number) => Date.parse(series.events[i + 1].startsAt) - Date.parse(series.events[i].startsAt);
      expect(Math.abs(weekInMs(1) - 7 * 24 * 60 * MINUTE)).toBe(60 * MINUTE);
      expect(weekInMs(0)).toBe(7 * 24 * 60 * MINUTE);
      expect(series.events[0].localStartsAt.slice(-6)).not.toBe(series.events[3].localStartsAt.slice(-6));

      const stored = await t.dataSource.query('SELECT DISTINCT series_id FROM events WHERE id = ANY($1)', [
        series.events.map((e) => e.id),
      ]);
      expect(stored).toEqual([{ series_id: series.seriesId }]);
      const listed = await t
        .http()
        .get(`/api/clinics/${clinic.slug}/event-series/${series.seriesId}`)
        .set(staff.auth)
        .expect(200);
      expect(listed.body).toEqual(series);
    });

    it('in the event’s own zone (Europe/Lisbon at a Chicago clinic), a first start given with an offset keeps its wall-clock time', async () => {
      const zone = 'Europe/Lisbon';
      const { tuesday } = tuesdayBeforeDstChange(zone);
      const firstStart = DateTime.fromObject(
        { year: tuesday.year, month: tuesday.month, day: tuesday.day, hour: 18 },
        { zone },
      );
      const series = await created({
        event: seminar({
          timeZone: zone,
          startsAt: firstStart.toISO(),
          endsAt: firstStart.plus({ hours: 1 }).toUTC().toISO(),
        }),
        recurrence: { rule: 'FREQ=WEEKLY;COUNT=3' },
      });
      expect(series.events.map((event) => event.localStartsAt.slice(11, 19))).toEqual([
        '18:00:00',
        '18:00:00',
        '18:00:00',
      ]);
      expect(series.events.map((event) => event.startsAt)).toEqual(
        [0, 1, 2].map((week) => instant(zone, tuesday.plus({ weeks: week }), 18)),
      );
    });

    it('a registration window given for the first occurrence is shifted with each one', async () => {
      const day = DateTime.now().setZone('America/Chicago').plus({ days: 20 });
      const series = await created({
        event: seminar({
          startsAt: localTime(day, 10),
          endsAt: localTime(day, 12),
          registrationOpensAt: localTime(day.minus({ days: 10 }), 10),
          registrationClosesAt: localTime(day, 9),
        }),
        recurrence: { rule: 'FREQ=DAILY;COUNT=3' },
      });
      for (const event of series.events) {
        expect(Date.parse(event.startsAt) - Date.parse(event.registrationOpensAt as string)).toBe(
          10 * 24 * 60 * MINUTE,
        );
        expect(Date.parse(event.startsAt) - Date.parse(event.registrationClosesAt as string)).toBe(60 * MINUTE);
      }
    });
  });

  describe('the rule ends with COUNT or UNTIL', () => {
    it('COUNT makes that many events; UNTIL (a date) includes its day', async () => {
      const monday = DateTime.now().setZone('America/Chicago').plus({ days: 10 }).startOf('week');
      const byCount = await created({
        event: seminar({ startsAt: localTime(monday, 9), endsAt: localTime(monday, 10) }),
        recurrence: { rule: 'FREQ=DAILY;BYDAY=MO,WE,FR;COUNT=5' },
      });
      expect(byCount.events.map((e) => e.localStartsAt.slice(0, 16))).toEqual(
        [0, 2, 4, 7, 9].map((days) => localTime(monday.plus({ days }), 9)),
      );

      const lastDay = monday.plus({ weeks: 2 }).toFormat('yyyyMMdd');
      const byUntil = await created({
        event: seminar({ startsAt: localTime(monday, 9), endsAt: localTime(monday, 10) }),
        recurrence: { rule: `FREQ=WEEKLY;UNTIL=${lastDay}` },
      });
      expect(byUntil.events.map((e) => e.localStartsAt.slice(0, 10))).toEqual(
        [0, 1, 2].map((weeks) => monday.plus({ weeks }).toFormat('yyyy-MM-dd')),
      );
    });
  });

  describe('refusals: 400 VALIDATION_FAILED naming the field, and nothing created', () => {
    const day = () => DateTime.now().setZone('America/Chicago').plus({ days: 10 });

    it.each([
      ['an unreadable rule', 'FREQ=WEEKLY;BYDAY=XX;COUNT=3'],
      ['a rule that does not end', 'FREQ=WEEKLY'],
      ['more than 52 occurrences by COUNT', 'FREQ=WEEKLY;COUNT=53'],
      [
        'more than 52 occurrences by UNTIL',
        `FREQ=DAILY;UNTIL=${DateTime.now().plus({ days: 100 }).toFormat('yyyyMMdd')}`,
      ],
      ['an hourly rule', 'FREQ=HOURLY;COUNT=3'],
      ['a minutely rule', 'FREQ=MINUTELY;COUNT=3'],
      ['a DTSTART in the rule', 'DTSTART=20300101T180000;FREQ=WEEKLY;COUNT=3'],
    ])('%s (%s)', async (_what, rule) => {
      const before = await clinicEventIds();
      const response = await createSeries(staff.auth, {
        event: seminar({ startsAt: localTime(day(), 18), endsAt: localTime(day(), 19) }),
        recurrence: { rule },
      }).expect(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'recurrence.rule' }] },
      });
      expect(await clinicEventIds()).toEqual(before);
    });

    it('a start that is not the rule’s first occurrence names event.startsAt', async () => {
      let monday = day();
      while (monday.weekday !== 1) monday = monday.plus({ days: 1 });
      const response = await createSeries(staff.auth, {
        event: seminar({ startsAt: localTime(monday, 18), endsAt: localTime(monday, 19) }),
        recurrence: { rule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3' },
      }).expect(400);
      expect(response.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'event.startsAt' }] },
      });
    });

    it('the body: the event’s own fields, a missing recurrence, unknown fields', async () => {
      const event = seminar({ startsAt: localTime(day(), 18), endsAt: localTime(day(), 19) });
      const fields = async (body: Record<string, unknown>) =>
        ((await createSeries(staff.auth, body).expect(400)).body.details.fields as { field: string }[]).map(
          (f) => f.field,
        );
      expect(await fields({ event: { ...event, capacity: 0 }, recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' } })).toEqual([
        'event.capacity',
      ]);
      expect(
        await fields({ event: { ...event, startsAt: 'next tuesday' }, recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' } }),
      ).toEqual(['event.startsAt']);
      expect(await fields({ event })).toEqual(['recurrence']);
      expect(await fields({ event, recurrence: { rule: '' } })).toEqual(['recurrence.rule']);
      expect(await fields({ event, recurrence: { rule: 'FREQ=WEEKLY;COUNT=2', tz: 'UTC' } })).toEqual([
        'recurrence.tz',
      ]);
      expect(await fields({ event, recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' }, publish: 'yes' })).toEqual(['publish']);
    });

    it('all or none: when one occurrence cannot be created, none is', async () => {
      // Publishing refuses an event that has already started: the first occurrence here started an hour ago.
      const title = `All or none ${Date.now()}`;
      const started = DateTime.now().setZone('America/Chicago').minus({ hours: 1 });
      const response = await createSeries(staff.auth, {
        event: seminar({ title, startsAt: started.toISO(), endsAt: started.plus({ hours: 2 }).toISO() }),
        recurrence: { rule: 'FREQ=DAILY;COUNT=3' },
        publish: true,
      }).expect(409);
      expect(response.body).toMatchObject({ code: 'EVENT_ALREADY_STARTED' });
      expect(await t.dataSource.query('SELECT id FROM events WHERE title = $1', [title])).toEqual([]);
    });
  });

  describe('publish', () => {
    it('publish: true publishes every event at once; without it they are drafts the public cannot see', async () => {
      const day = DateTime.now().setZone('America/Chicago').plus({ days: 12 });
      const event = seminar({ startsAt: localTime(day, 17), endsAt: localTime(day, 18) });
      const published = await created({ event, recurrence: { rule: 'FREQ=WEEKLY;COUNT=3' }, publish: true });
      expect(published.events.map((e) => e.status)).toEqual(['published', 'published', 'published']);
      for (const e of published.events) {
        expect((await t.http().get(`/api/events/${e.id}`).expect(200)).body as PublicEventBody).toMatchObject({
          status: 'published',
          registrationOpen: true,
        });
      }

      const drafts = await created({ event, recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' }, publish: false });
      expect(drafts.events.map((e) => e.status)).toEqual(['draft', 'draft']);
      await t.http().get(`/api/events/${drafts.events[0].id}`).expect(404);
    });
  });

  describe('access', () => {
    it('the clinic’s staff and admins only: another clinic’s staff 403, anonymous 401', async () => {
      const day = DateTime.now().setZone('America/Chicago').plus({ days: 14 });
      const body = {
        event: seminar({ startsAt: localTime(day, 18), endsAt: localTime(day, 19) }),
        recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' },
      };

      expect((await createSeries(otherStaff.auth, body).expect(403)).body).toMatchObject({ statusCode: 403 });
      expect((await createSeries({}, body).expect(401)).body).toMatchObject({ statusCode: 401 });
      const byAdmin = await created(body, admin.auth);
      const series = await created(body, staff.auth);

      const path = `/api/clinics/${clinic.slug}/event-series/${series.seriesId}`;
      await t.http().get(path).set(otherStaff.auth).expect(403);
      await t.http().get(path).expect(401);
      expect((await t.http().get(path).set(admin.auth).expect(200)).body.events).toHaveLength(2);
      expect(
        (await t.http().get(`/api/clinics/${clinic.slug}/event-series/${byAdmin.seriesId}`).set(staff.auth).expect(200))
          .body.seriesId,
      ).toBe(byAdmin.seriesId);
      // A series is found only under its own clinic, and an id that names nothing is a 404.
      await t
        .http()
        .get(`/api/clinics/${otherClinic.slug}/event-series/${series.seriesId}`)
        .set(admin.auth)
        .expect(404);
      await t
        .http()
        .get(`/api/clinics/${clinic.slug}/event-series/00000000-0000-4000-8000-000000000000`)
        .set(admin.auth)
        .expect(404);
      await t.http().get(`/api/clinics/${clinic.slug}/event-series/not-a-uuid`).set(admin.auth).expect(404);

      await t.http().post(`/api/event-series/${series.seriesId}/cancel`).set(otherStaff.auth).expect(403);
      await t.http().post(`/api/event-series/${series.seriesId}/cancel`).expect(401);
      await t.http().post('/api/event-series/00000000-0000-4000-8000-000000000000/cancel').set(admin.auth).expect(404);
      expect(
        ((await t.http().get(path).set(staff.auth).expect(200)).body as SeriesBody).events.map((e) => e.status),
      ).toEqual(['draft', 'draft']);
    });
  });

  describe('cancelling a series', () => {
    it('cancels every event still to come, with its reservations (attendees told); an event that has started is left alone', async () => {
      // The first occurrence starts in a moment, the others on the following days at the same local time.
      const series = await created({
        event: seminar({ startsAt: fromNow({ ms: 2_500 }), endsAt: fromNow({ hours: 1 }), capacity: 5 }),
        recurrence: { rule: 'FREQ=DAILY;COUNT=3' },
        publish: true,
      });
      const [running, next, last] = series.events;
      const booked = await reserve(t, next.id, attendee({ partySize: 2 })).expect(201);
      expect(booked.body.status).toBe('confirmed');
      await sleep(Math.max(0, Date.parse(running.startsAt) - Date.now() + 100));

      const response = await t.http().post(`/api/event-series/${series.seriesId}/cancel`).set(staff.auth).expect(200);
      const body = response.body as SeriesBody;
      expect(body.seriesId).toBe(series.seriesId);
      expect(body.cancelledEventIds).toEqual([next.id, last.id]);
      expect(body.events.map((e) => [e.id, e.status])).toEqual([
        [running.id, 'published'],
        [next.id, 'cancelled'],
        [last.id, 'cancelled'],
      ]);
      expect(body.events[1]).toMatchObject({ confirmedSeats: 0, sequence: 1 });

      const reservations = await listReservations(t, staff.auth, next.id);
      expect(reservations.reservations.map((r) => r.status)).toEqual(['cancelled']);
      expect(reservations.counts).toMatchObject({ confirmedSeats: 0, seatsLeft: 5 });
      const messages = await t.dataSource.query(
        `SELECT kind, status FROM outbox_messages WHERE event_id = $1 ORDER BY created_at`,
        [next.id],
      );
      expect(messages).toContainEqual({ kind: 'event-cancelled', status: 'pending' });
      expect(
        messages.filter((m: { kind: string; status: string }) => m.kind === 'reminder' && m.status === 'pending'),
      ).toEqual([]);
      expect(((await t.http().get(`/api/events/${next.id}`).expect(200)).body as PublicEventBody).status).toBe(
        'cancelled',
      );
      await reserve(t, last.id).expect(409);

      // Asking again finds nothing left to cancel.
      const again = await t.http().post(`/api/event-series/${series.seriesId}/cancel`).set(admin.auth).expect(200);
      expect(again.body.cancelledEventIds).toEqual([]);
    });
  });
});
