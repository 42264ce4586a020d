import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  attendee,
  createClinic,
  createEvent,
  createPublishedEvent,
  eventInput,
  listen,
  reserve,
} from './support/booking-fixtures.js';
import { isFailure, printable, runFuzz } from './support/fuzz-runner.js';
import { operationsOf, type OpenApiDocument, type RealValues } from './support/openapi-fuzz.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/**
 * DESIGN rule 9: bad input is a 4xx; a 500 is a bug. Every operation of the app's own OpenAPI document
 * gets generated requests (real rows' ids and hostile strings in the path, query strings, valid-looking
 * bodies with one field broken, random JSON, deep nesting, nulls, wrong types) as admin, as staff and
 * anonymously, bounded by a request count and a time budget. Any 5xx (or no answer) fails the test with
 * the request that caused it. FUZZ_SEED=<n> replays a run; FUZZ_MAX_REQUESTS and FUZZ_TIME_BUDGET_MS
 * change the budgets.
 */

const BUDGET = {
  maxRequests: Number(process.env.FUZZ_MAX_REQUESTS ?? 3_000),
  timeMs: Number(process.env.FUZZ_TIME_BUDGET_MS ?? 90_000),
  seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647),
  keptPerOperation: 3,
};

describe('no input gets a 5xx (generated from the OpenAPI document)', () => {
  let t: TestApp;
  let baseUrl: string;
  let agent: http.Agent;
  let admin: SignedIn;
  let staff: SignedIn;
  let real: RealValues;

  beforeAll(async () => {
    t = await startTestApp();
    baseUrl = await listen(t);
    agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    admin = await signInNewUser(t, 'admin');
    const rows = await realRows(t, admin);
    real = rows.real;
    staff = await signInNewUser(t, 'staff', [rows.clinicId]);
  }, 120_000);
  afterAll(async () => {
    agent?.destroy();
    await t?.close();
  });

  it(
    `answers every generated request below 500 (≤ ${BUDGET.maxRequests} requests, ≤ ${BUDGET.timeMs / 1000} s) and leaves the seat counts right`,
    async () => {
      const operations = operationsOf((await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument);
      expect(operations.length).toBeGreaterThan(30);

      const report = await runFuzz(
        operations,
        { baseUrl, agent, real, auth: { admin: admin.auth, staff: staff.auth, anonymous: {} } },
        BUDGET,
      );

      const failed = [...report.statuses]
        .filter(([status]) => isFailure(status))
        .reduce((sum, [, count]) => sum + count, 0);
      const statuses = Object.fromEntries([...report.statuses].sort(([a], [b]) => a - b));
      console.log(
        [
          `fuzz: ${report.sent} requests over ${operations.length} operations in ${(report.ms / 1000).toFixed(1)} s (seed ${BUDGET.seed}); ${failed} answered 5xx or not at all`,
          `fuzz: statuses ${JSON.stringify(statuses)}`,
          ...report.failures.map(
            (f) =>
              `fuzz counterexample: ${f.operation} → ${f.answer.status}\n  ${printable(f.request)}\n  answer: ${f.answer.body}`,
          ),
        ].join('\n'),
      );
      expect(report.sent).toBeGreaterThanOrEqual(Math.min(BUDGET.maxRequests, operations.length));
      expect(report.failures.map((f) => `${f.operation} → ${f.answer.status}: ${printable(f.request)}`)).toEqual([]);

      // Whatever the fuzz booked, cancelled or changed, every event's seat counter still equals its confirmed reservations.
      const ledger = (await t.dataSource.query(
        `SELECT e.id, e.capacity, e.confirmed_seats,
                COALESCE((SELECT SUM(r.party_size) FROM reservations r WHERE r.event_id = e.id AND r.status = 'confirmed'), 0)::int AS confirmed_sum
           FROM events e`,
      )) as { id: string; capacity: number; confirmed_seats: number; confirmed_sum: number }[];
      expect(
        ledger.filter((row) => row.confirmed_seats !== row.confirmed_sum || row.confirmed_seats > row.capacity),
      ).toEqual([]);
      await t.http().get('/health').expect(200);
    },
    BUDGET.timeMs + 60_000,
  );
});

/** Rows for the fuzz to aim at: a clinic with events of every kind and state, reservations, a series, a message. */
async function realRows(t: TestApp, admin: SignedIn): Promise<{ clinicId: string; real: RealValues }> {
  const clinic = await createClinic(t, admin.auth);
  const other = await createClinic(t, admin.auth);
  const published = await Promise.all(
    [1, 2, 3].map(() => createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 500, maxPartySize: 20 })),
  );
  const webinar = await createPublishedEvent(t, admin.auth, clinic.slug, {
    kind: 'webinar',
    venueName: undefined,
    joinUrl: 'https://meet.example/abc',
  });
  const draft = await createEvent(t, admin.auth, clinic.slug);
  const receipts = await Promise.all(
    published.flatMap((event) => [1, 2].map(() => reserve(t, event.id, attendee()).expect(201))),
  );
  const series = await t
    .http()
    .post(`/api/clinics/${clinic.slug}/event-series`)
    .set(admin.auth)
    .send({ event: eventInput(), recurrence: { rule: 'FREQ=WEEKLY;COUNT=3' }, publish: true })
    .expect(201);
  const [message] = (await t.dataSource.query('SELECT id FROM outbox_messages LIMIT 1')) as { id: string }[];
  const staffIds = ((await t.http().get('/api/admin/staff').set(admin.auth).expect(200)).body as { id: string }[]).map(
    (s) => s.id,
  );
  const real = {
    slug: [clinic.slug, other.slug],
    id: [...[...published, webinar, draft].map((event) => event.id), ...staffIds],
    reservationId: receipts.map((r) => r.body.reservationId as string),
    token: receipts.map((r) => r.body.manageToken as string),
    seriesId: [series.body.seriesId as string],
    messageId: message ? [message.id] : [],
  };
  return { clinicId: clinic.id, real };
}
