import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { attendee, createClinic, createEvent, createPublishedEvent, eventInput, listen, reserve } from './support/booking-fixtures.js';
import { operationsOf, requestsFor, send, type Answer, type FuzzRequest, type OpenApiDocument, type RealValues } from './support/openapi-fuzz.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/**
 * DESIGN rule 9: bad input is a 4xx; a 500 is a bug. Every operation of the app's own OpenAPI document
 * gets generated requests (real rows' ids and hostile strings in the path, query strings, valid-looking
 * bodies with one field broken, random JSON, deep nesting, nulls, wrong types) as admin, as staff and
 * anonymously, bounded by a request count and a time budget. Any 5xx (or no answer) fails the test with
 * the request that caused it. FUZZ_SEED=<n> replays a run.
 */

const MAX_REQUESTS = Number(process.env.FUZZ_MAX_REQUESTS ?? 3_000);
const TIME_BUDGET_MS = Number(process.env.FUZZ_TIME_BUDGET_MS ?? 90_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
/** Counterexamples kept per operation: enough to see a pattern without drowning the report. */
const KEPT_PER_OPERATION = 3;

interface Failure {
  operation: string;
  request: FuzzRequest;
  answer: Answer;
}

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
    `answers every generated request below 500 (≤ ${MAX_REQUESTS} requests, ≤ ${TIME_BUDGET_MS / 1000} s)`,
    async () => {
      const doc = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
      const operations = operationsOf(doc);
      expect(operations.length).toBeGreaterThan(30);

      const auths = { admin: admin.auth, staff: staff.auth, anonymous: {} };
      const started = Date.now();
      const deadline = started + TIME_BUDGET_MS;
      const failures: Failure[] = [];
      const statuses = new Map<number, number>();
      let sent = 0;
      const perOp = new Map<string, number>();

      for (const [index, operation] of operations.entries()) {
        const opsLeft = operations.length - index;
        const runs = Math.max(1, Math.floor((MAX_REQUESTS - sent) / opsLeft));
        const timeShare = Math.max(1, Math.floor((deadline - Date.now()) / opsLeft));
        if (sent >= MAX_REQUESTS || Date.now() >= deadline) break;
        const name = `${operation.method} ${operation.path}`;
        let kept = 0;
        await fc.assert(
          fc.asyncProperty(requestsFor(operation, real), async (request) => {
            if (sent >= MAX_REQUESTS) return true;
            sent += 1;
            const answer = await send(baseUrl, agent, request, auths[request.as]);
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            if (process.env.FUZZ_DEBUG) perOp.set(`${name} ${answer.status}`, (perOp.get(`${name} ${answer.status}`) ?? 0) + 1);
            if ((answer.status >= 500 || answer.status === 0) && kept < KEPT_PER_OPERATION) {
              kept += 1;
              failures.push({ operation: name, request, answer });
            }
            return true;
          }),
          { numRuns: runs, seed: SEED + index, interruptAfterTimeLimit: timeShare, markInterruptAsFailure: false },
        );
      }

      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const fivexx = [...statuses].filter(([status]) => status >= 500 || status === 0).reduce((sum, [, count]) => sum + count, 0);
      console.log(
        [
          `fuzz: ${sent} requests over ${operations.length} operations in ${seconds} s (seed ${SEED}); ${fivexx} answered 5xx or not at all`,
          `fuzz: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
          ...failures.map((f) => `fuzz counterexample: ${f.operation} → ${f.answer.status}\n  ${printable(f.request)}\n  answer: ${f.answer.body}`),
        ].join('\n'),
      );
      if (process.env.FUZZ_DEBUG) console.log([...perOp].map(([k, v]) => `${k}: ${v}`).join('\n'));
      expect(sent).toBeGreaterThanOrEqual(Math.min(MAX_REQUESTS, operations.length));
      expect(failures.map((f) => `${f.operation} → ${f.answer.status}: ${printable(f.request)}`)).toEqual([]);
    },
    TIME_BUDGET_MS + 60_000,
  );

  it('leaves the data consistent: every event’s seat counter equals its confirmed reservations, within capacity', async () => {
    const rows = (await t.dataSource.query(
      `SELECT e.id, e.capacity, e.confirmed_seats,
              COALESCE((SELECT SUM(r.party_size) FROM reservations r WHERE r.event_id = e.id AND r.status = 'confirmed'), 0)::int AS confirmed_sum
         FROM events e`,
    )) as { id: string; capacity: number; confirmed_seats: number; confirmed_sum: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.confirmed_seats !== row.confirmed_sum || row.confirmed_seats > row.capacity)).toEqual([]);
    await t.http().get('/health').expect(200);
  });
});

/** Rows for the fuzz to aim at: a clinic with events of every kind and state, reservations, a series, a message. */
async function realRows(t: TestApp, admin: SignedIn): Promise<{ clinicId: string; real: RealValues }> {
  const clinic = await createClinic(t, admin.auth);
  const other = await createClinic(t, admin.auth);
  const published = await Promise.all([1, 2, 3].map(() => createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 500, maxPartySize: 20 })));
  const webinar = await createPublishedEvent(t, admin.auth, clinic.slug, { kind: 'webinar', venueName: undefined, joinUrl: 'https://meet.example/abc' });
  const draft = await createEvent(t, admin.auth, clinic.slug);
  const receipts = await Promise.all(published.flatMap((event) => [1, 2].map(() => reserve(t, event.id, attendee()).expect(201))));
  const series = await t
    .http()
    .post(`/api/clinics/${clinic.slug}/event-series`)
    .set(admin.auth)
    .send({ event: eventInput(), recurrence: { rule: 'FREQ=WEEKLY;COUNT=3' }, publish: true })
    .expect(201);
  const [message] = (await t.dataSource.query('SELECT id FROM outbox_messages LIMIT 1')) as { id: string }[];
  const staffIds = ((await t.http().get('/api/admin/staff').set(admin.auth).expect(200)).body as { id: string }[]).map((s) => s.id);
  const eventIds = [...published, webinar, draft].map((event) => event.id);
  const real = {
    slug: [clinic.slug, other.slug],
    id: [...eventIds, ...staffIds],
    reservationId: receipts.map((r) => r.body.reservationId as string),
    token: receipts.map((r) => r.body.manageToken as string),
    seriesId: [series.body.seriesId as string],
    messageId: message ? [message.id] : [],
  };
  return { clinicId: clinic.id, real };
}

/** A request as one line a person can replay (strings JSON-escaped, so NUL and surrogates show). */
function printable(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : ` body ${request.body.length > 300 ? `${JSON.stringify(request.body.slice(0, 300))}… (${request.body.length} chars)` : JSON.stringify(request.body)}`;
  return `${request.method} ${request.url.length > 300 ? `${request.url.slice(0, 300)}…` : request.url} as ${request.as} [${request.note}]${body}`;
}
