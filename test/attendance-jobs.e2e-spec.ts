import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AttendanceJobs } from '../src/attendance/attendance-jobs.service.js';
import { WorkerModule } from '../src/worker.module.js';
import {
  attendee,
  createClinic,
  createPublishedEvent,
  reserve,
  sleep,
  type ClinicBody,
} from './support/booking-fixtures.js';
import { auditRows, checkInDirectly, moveEventIntoPast } from './support/records-fixtures.js';
import {
  signInNewUser,
  startTestApp,
  testConfig,
  testDatabaseUrl,
  type SignedIn,
  type TestApp,
} from './support/test-app.js';

const DAY_MINUTES = 24 * 60;

interface Booked {
  eventId: string;
  checkedIn: string[];
  stayedAway: string[];
}

/** Issue 8, records: completion after the end (no-shows) and retention, run by several instances at once. */
describe('attendance jobs', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: SignedIn;
  let clinic: ClinicBody;

  beforeAll(async () => {
    t = await startTestApp();
    // A second runner on its own connections: the worker process's module, as `npm run worker` starts it.
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ config: testConfig(), databaseUrl: testDatabaseUrl() }),
      { logger: false },
    );
    await worker.init();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  /** A published event with `count` reservations, the first `checkIns` of them checked in, moved into the past. */
  async function bookedEvent(
    count: number,
    checkIns: number,
    past: { startedMinutesAgo?: number; endedMinutesAgo?: number } = {},
  ): Promise<Booked> {
    const event = await createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 50, maxPartySize: 3 });
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const body = attendee({ partySize: 1 + (i % 3), phone: '+351 912 345 678' });
      ids.push((await reserve(t, event.id, body).expect(201)).body.reservationId);
    }
    for (const id of ids.slice(0, checkIns)) await checkInDirectly(t, id);
    await moveEventIntoPast(t, event.id, past);
    return { eventId: event.id, checkedIn: ids.slice(0, checkIns), stayedAway: ids.slice(checkIns) };
  }

  async function statusesOf(eventId: string): Promise<Record<string, string>> {
    const rows = (await t.dataSource.query(`SELECT id, status FROM reservations WHERE event_id = $1`, [eventId])) as {
      id: string;
      status: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.id, row.status]));
  }

  describe('an ended event is completed once, whoever runs the job', () => {
    it('two instances racing over many ended events mark each no-show exactly once; checked-in attendees stay', async () => {
      const booked: Booked[] = [];
      for (let i = 0; i < 30; i += 1) booked.push(await bookedEvent(3, i % 4 === 0 ? 0 : 1));
      const appJobs = t.app.get(AttendanceJobs);
      const workerJobs = worker.get(AttendanceJobs);

      // Three loops in each instance at once.
      const reports = await Promise.all(
        [appJobs, workerJobs, appJobs, workerJobs, appJobs, workerJobs].map((jobs) => jobs.completeEndedEvents()),
      );

      const completedByRunner = reports.map((report) => report.eventsCompleted);
      expect(completedByRunner.reduce((a, b) => a + b, 0)).toBe(booked.length);
      const expectedNoShows = booked.reduce((sum, event) => sum + event.stayedAway.length, 0);
      expect(reports.reduce((sum, report) => sum + report.noShows, 0)).toBe(expectedNoShows);
      for (const event of booked) {
        const statuses = await statusesOf(event.eventId);
        for (const id of event.checkedIn) expect(statuses[id]).toBe('confirmed');
        for (const id of event.stayedAway) expect(statuses[id]).toBe('no_show');
        const completions = await auditRows(t, { eventId: event.eventId, action: 'event.completed' });
        expect(completions).toHaveLength(1);
        expect(completions[0]).toMatchObject({ actor_id: null, actor_role: 'system' });
        expect(completions[0].after?.noShowReservationIds).toEqual([...event.stayedAway].sort());
        const [{ status }] = await t.dataSource.query(`SELECT status FROM events WHERE id = $1`, [event.eventId]);
        expect(status).toBe('completed');
      }
      // Nothing left: another run finds no work.
      expect(await workerJobs.completeEndedEvents()).toEqual({ eventsCompleted: 0, noShows: 0 });
    });

    it('a person pressing "complete" while the job runs: one completion, one set of no-shows', async () => {
      const booked: Booked[] = [];
      for (let i = 0; i < 8; i += 1) booked.push(await bookedEvent(2, 1));
      const jobs = worker.get(AttendanceJobs);
      const [report, ...answers] = await Promise.all([
        jobs.completeEndedEvents(),
        ...booked.map((event) => t.http().post(`/api/events/${event.eventId}/complete`).set(admin.auth)),
      ]);
      const byPerson = answers.filter((answer) => answer.status === 200).length;
      for (const answer of answers) expect([200, 409]).toContain(answer.status);
      expect(report.eventsCompleted + byPerson).toBe(booked.length);
      for (const event of booked) {
        const completions = await auditRows(t, { eventId: event.eventId, action: 'event.completed' });
        expect(completions).toHaveLength(1);
        expect(Object.values(await statusesOf(event.eventId)).sort()).toEqual(['confirmed', 'no_show']);
      }
    });

    it('leaves events that have not ended, or ended within the grace, alone', async () => {
      const running = await bookedEvent(1, 0, { startedMinutesAgo: 30, endedMinutesAgo: -30 });
      const justEnded = await bookedEvent(1, 0, { startedMinutesAgo: 90, endedMinutesAgo: 5 });
      const jobs = t.app.get(AttendanceJobs);
      // The app's settings say grace 0; a run as if with a 10-minute grace is the same run 10 minutes earlier.
      await jobs.completeEndedEvents(new Date(Date.now() - 10 * 60_000));
      for (const event of [running, justEnded]) {
        const [{ status }] = await t.dataSource.query(`SELECT status FROM events WHERE id = $1`, [event.eventId]);
        expect(status).toBe('published');
      }
      await jobs.completeEndedEvents();
      const [{ status }] = await t.dataSource.query(`SELECT status FROM events WHERE id = $1`, [justEnded.eventId]);
      expect(status).toBe('completed');
      const [{ status: stillRunning }] = await t.dataSource.query(`SELECT status FROM events WHERE id = $1`, [
        running.eventId,
      ]);
      expect(stillRunning).toBe('published');
    });
  });

  describe('retention: attendees are anonymised RETENTION_DAYS after their event; the figures stay', () => {
    it('anonymises only reservations of events older than the retention, once, with their messages', async () => {
      const old = await bookedEvent(4, 2, {
        startedMinutesAgo: 400 * DAY_MINUTES,
        endedMinutesAgo: 400 * DAY_MINUTES - 90,
      });
      const recent = await bookedEvent(3, 1, {
        startedMinutesAgo: 100 * DAY_MINUTES,
        endedMinutesAgo: 100 * DAY_MINUTES - 90,
      });
      const appJobs = t.app.get(AttendanceJobs);
      const workerJobs = worker.get(AttendanceJobs);
      await appJobs.completeEndedEvents();
      const figures = async (eventId: string) =>
        t.dataSource.query(
          `SELECT e.confirmed_seats, e.capacity,
                  (SELECT json_agg(json_build_object('id', r.id, 'status', r.status, 'party', r.party_size, 'in', r.checked_in_at) ORDER BY r.id)
                     FROM reservations r WHERE r.event_id = e.id) AS rows
             FROM events e WHERE e.id = $1`,
          [eventId],
        );
      const oldBefore = await figures(old.eventId);
      const recentRows = await t.dataSource.query(`SELECT * FROM reservations WHERE event_id = $1 ORDER BY id`, [
        recent.eventId,
      ]);

      const counts = await Promise.all([
        appJobs.anonymiseExpired(),
        workerJobs.anonymiseExpired(),
        appJobs.anonymiseExpired(),
      ]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(4);

      const oldRows = (await t.dataSource.query(`SELECT * FROM reservations WHERE event_id = $1`, [
        old.eventId,
      ])) as Record<string, unknown>[];
      for (const row of oldRows) {
        expect(row).toMatchObject({ name: 'Erased attendee', phone: null, email: `erased-${row.id}@erased.invalid` });
        expect(row.anonymised_at).toBeInstanceOf(Date);
      }
      expect(await figures(old.eventId)).toEqual(oldBefore); // seats, statuses, party sizes, check-ins
      expect(
        await t.dataSource.query(`SELECT * FROM reservations WHERE event_id = $1 ORDER BY id`, [recent.eventId]),
      ).toEqual(recentRows);

      const oldMail = await t.dataSource.query(
        `SELECT recipient_email, payload FROM outbox_messages WHERE event_id = $1`,
        [old.eventId],
      );
      expect(oldMail.length).toBeGreaterThan(0);
      for (const message of oldMail) expect(message).toEqual({ recipient_email: 'erased', payload: null });
      const recentMail = await t.dataSource.query(`SELECT recipient_email FROM outbox_messages WHERE event_id = $1`, [
        recent.eventId,
      ]);
      for (const message of recentMail) expect(message.recipient_email).toMatch(/@example\.org$/);

      const logged = await auditRows(t, { eventId: old.eventId, action: 'event.attendees_anonymised' });
      expect(logged.flatMap((row) => row.after?.reservationIds as string[]).sort()).toEqual(
        [...old.checkedIn, ...old.stayedAway].sort(),
      );
      expect(await auditRows(t, { eventId: recent.eventId, action: 'event.attendees_anonymised' })).toEqual([]);
      // Once is enough.
      expect(await workerJobs.anonymiseExpired()).toBe(0);
    });
  });

  it('forgets idempotency keys past their day, with the sealed answers (name, e-mail, manage token) they kept, and stale rate-limit counters', async () => {
    const event = await createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 5 });
    const oldKey = `old-${Date.now()}`;
    const freshKey = `fresh-${Date.now()}`;
    await reserve(t, event.id, attendee(), { 'Idempotency-Key': oldKey }).expect(201);
    await reserve(t, event.id, attendee(), { 'Idempotency-Key': freshKey }).expect(201);
    await t.dataSource.query(`UPDATE idempotency_records SET created_at = now() - interval '25 hours' WHERE key = $1`, [
      oldKey,
    ]);

    await t.dataSource.query(
      `INSERT INTO rate_limits (key, points, expire) VALUES ('public:old-address', 3, $1), ('public:live-address', 3, $2)
       ON CONFLICT (key) DO UPDATE SET expire = EXCLUDED.expire`,
      [Date.now() - 2 * 3_600_000, Date.now() + 60_000],
    );

    const report = await t.app.get(AttendanceJobs).runOnce();

    expect(report.idempotencyAnswersForgotten).toBeGreaterThanOrEqual(1);
    expect(report.rateLimitCountersDeleted).toBeGreaterThanOrEqual(1);
    const counters = (
      (await t.dataSource.query(`SELECT key FROM rate_limits WHERE key LIKE 'public:%-address'`)) as { key: string }[]
    ).map((row) => row.key);
    expect(counters).toEqual(['public:live-address']);
    const keys = (
      (await t.dataSource.query(`SELECT key FROM idempotency_records WHERE key = ANY($1)`, [[oldKey, freshKey]])) as {
        key: string;
      }[]
    ).map((row) => row.key);
    expect(keys).toEqual([freshKey]);
  });

  describe('the schedule', () => {
    it('runs by itself every JOBS_INTERVAL_MS in an instance with JOBS_ENABLED, and stops with the app', async () => {
      const scheduled = await startTestApp({ JOBS_ENABLED: 'true', JOBS_INTERVAL_MS: '200' }, { reset: false });
      try {
        const event = await bookedEvent(2, 1);
        const deadline = Date.now() + 10_000;
        let status = 'published';
        while (status !== 'completed' && Date.now() < deadline) {
          await sleep(100);
          [{ status }] = await t.dataSource.query(`SELECT status FROM events WHERE id = $1`, [event.eventId]);
        }
        expect(status).toBe('completed');
      } finally {
        await scheduled.close();
      }
    });
  });
});
