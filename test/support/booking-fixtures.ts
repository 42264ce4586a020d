import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Test } from 'supertest';
import { sampleClinic, testDatabaseUrl, type TestApp } from './test-app.js';

/** Shared fixtures for the events and reservations suites (issue 3), all through the HTTP API. */

type Auth = { Authorization: string };

export interface ClinicBody {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
}

export interface PublicEventBody {
  id: string;
  clinic: { slug: string; name: string; timeZone: string };
  kind: 'seminar' | 'webinar';
  status: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  localStartsAt: string;
  localEndsAt: string;
  capacity: number;
  seatsLeft: number;
  maxPartySize: number;
  registrationOpen: boolean;
  waitlistOpen: boolean;
  [field: string]: unknown;
}

export interface StaffEventBody extends PublicEventBody {
  joinUrl: string | null;
  confirmedSeats: number;
  waitlistedSeats: number;
  waitlistEnabled: boolean;
  sequence: number;
}

export interface ReservationRow {
  id: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  name: string;
  email: string;
  partySize: number;
  confirmationCode: string;
  waitlistPosition: number | null;
  source: string;
  createdAt: string;
  cancelledAt: string | null;
}

export interface EventReservations {
  counts: { capacity: number; confirmedSeats: number; waitlistedSeats: number; seatsLeft: number };
  reservations: ReservationRow[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An ISO instant (with Z) this far from now; events must start in the future. */
export function fromNow({
  days = 0,
  hours = 0,
  minutes = 0,
  ms = 0,
}: {
  days?: number;
  hours?: number;
  minutes?: number;
  ms?: number;
}): string {
  return new Date(Date.now() + days * DAY + hours * HOUR + minutes * MINUTE + ms).toISOString();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let clinicCounter = 0;

export async function createClinic(
  t: TestApp,
  auth: Auth,
  overrides: Record<string, unknown> = {},
): Promise<ClinicBody> {
  clinicCounter += 1;
  const body = sampleClinic({
    slug: `clinic-${clinicCounter}-${Math.random().toString(36).slice(2, 8)}`,
    ...overrides,
  });
  const response = await t.http().post('/api/admin/clinics').set(auth).send(body);
  if (response.status !== 201) throw new Error(`createClinic: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as ClinicBody;
}

/** A valid event body: a seminar a week from now, 90 minutes long. */
export function eventInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const startsInDays = 7 + Math.random(); // distinct starts, so listings have a stable order
  const startsAt = fromNow({ days: startsInDays });
  const endsAt = new Date(Date.parse(startsAt) + 90 * MINUTE).toISOString();
  return {
    kind: 'seminar',
    title: 'Living well with lower back pain',
    description: 'Exercises and habits for a healthy back.',
    startsAt,
    endsAt,
    venueName: 'Seminar room 2',
    capacity: 20,
    ...overrides,
  };
}

export async function createEvent(
  t: TestApp,
  auth: Auth,
  clinicSlug: string,
  overrides: Record<string, unknown> = {},
): Promise<StaffEventBody> {
  const response = await t.http().post(`/api/clinics/${clinicSlug}/events`).set(auth).send(eventInput(overrides));
  if (response.status !== 201) throw new Error(`createEvent: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as StaffEventBody;
}

export async function publishEvent(t: TestApp, auth: Auth, eventId: string): Promise<StaffEventBody> {
  const response = await t.http().post(`/api/events/${eventId}/publish`).set(auth);
  if (response.status !== 200) throw new Error(`publishEvent: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as StaffEventBody;
}

export async function createPublishedEvent(
  t: TestApp,
  auth: Auth,
  clinicSlug: string,
  overrides: Record<string, unknown> = {},
): Promise<StaffEventBody> {
  const draft = await createEvent(t, auth, clinicSlug, overrides);
  return publishEvent(t, auth, draft.id);
}

let attendeeCounter = 0;

/** A valid reservation body for a new attendee (distinct e-mail unless given). */
export function attendee(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  attendeeCounter += 1;
  return {
    name: `Attendee ${attendeeCounter}`,
    email: `attendee-${attendeeCounter}-${Math.random().toString(36).slice(2, 7)}@example.org`,
    consent: { privacyPolicy: true },
    ...overrides,
  };
}

export function reserve(
  t: TestApp,
  eventId: string,
  body: Record<string, unknown> = attendee(),
  headers: Record<string, string> = {},
): Test {
  return t.http().post(`/api/events/${eventId}/reservations`).set(headers).send(body);
}

export async function listReservations(t: TestApp, auth: Auth, eventId: string): Promise<EventReservations> {
  const response = await t.http().get(`/api/events/${eventId}/reservations`).set(auth);
  if (response.status !== 200) throw new Error(`listReservations: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as EventReservations;
}

/**
 * Makes the app's HTTP server listen on a real port. Without this, supertest starts and closes a
 * listener per request on the shared server, which does not survive many requests at once.
 */
export async function listen(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer() as http.Server;
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface JsonAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

/** A tiny JSON client over node:http with a keep-alive agent, for many requests truly at once. */
export class JsonClient {
  readonly agent: http.Agent;

  /** A request not answered within `timeoutMs` resolves with status 0 and body 'timeout'. */
  constructor(
    private readonly baseUrl: string,
    { maxSockets = 256, timeoutMs = 30_000 }: { maxSockets?: number; timeoutMs?: number } = {},
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
    this.timeoutMs = timeoutMs;
  }

  private readonly timeoutMs: number;

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
    const started = performance.now();
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        new URL(path, this.baseUrl),
        {
          method,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              /* not JSON: keep the text */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (error) => (req.destroyed && timedOut ? undefined : reject(error)));
      let timedOut = false;
      req.setTimeout(this.timeoutMs, () => {
        timedOut = true;
        req.destroy();
        resolve({ status: 0, body: 'timeout', ms: performance.now() - started });
      });
      if (payload) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Seat ledger of one event straight from the database: the counter and what the rows add up to. Seats are
 * held by confirmed and offered reservations (an offer holds its seats until it is accepted or lapses), up to
 * the bookable seats, capacity + extra_seats (DESIGN rule 11).
 */
export async function seatLedger(t: TestApp, eventId: string) {
  const [row] = (await t.dataSource.query(
    `SELECT e.capacity, e.capacity + e.extra_seats AS bookable, e.confirmed_seats,
            COALESCE((SELECT SUM(r.party_size) FROM reservations r WHERE r.event_id = e.id AND r.status IN ('confirmed', 'offered')), 0)::int AS confirmed_sum,
            COALESCE((SELECT SUM(r.party_size) FROM reservations r WHERE r.event_id = e.id AND r.status = 'waitlisted'), 0)::int AS waitlisted_sum,
            (SELECT COUNT(*) FROM reservations r WHERE r.event_id = e.id AND r.status = 'confirmed')::int AS confirmed_count,
            (SELECT COUNT(*) FROM reservations r WHERE r.event_id = e.id AND r.status = 'waitlisted')::int AS waitlisted_count
       FROM events e WHERE e.id = $1`,
    [eventId],
  )) as {
    capacity: number;
    bookable: number;
    confirmed_seats: number;
    confirmed_sum: number;
    waitlisted_sum: number;
    confirmed_count: number;
    waitlisted_count: number;
  }[];
  return row;
}

/** Every row of every table in the public schema, as text: to prove a secret is stored nowhere. */
export async function dumpDatabaseText(t: TestApp): Promise<string> {
  const tables = (await t.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  )) as { table_name: string }[];
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = (await t.dataSource.query(`SELECT t::text AS row FROM public."${table_name}" t`)) as { row: string }[];
    for (const { row } of rows) parts.push(`${table_name}: ${row}`);
  }
  return parts.join('\n');
}

/**
 * Ends the sessions of a hang (e.g. requests stuck in a deadlock) on the test database, which is this
 * run's own. Requests still queued in the app for a connection take the freed ones and may get stuck
 * again, so it repeats until no session is left waiting on a lock or idle in a transaction (at most
 * `withinMs`). Prints what the sessions were doing the first time. Returns how many it ended.
 */
export async function terminateOtherSessions(withinMs = 30_000): Promise<number> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  const others = `datname = current_database() AND pid <> pg_backend_pid()`;
  const stuck = `${others} AND (wait_event_type = 'Lock' OR state = 'idle in transaction')`;
  try {
    const sessions = await client.query(
      `SELECT state, wait_event_type, left(regexp_replace(query, '\\s+', ' ', 'g'), 80) AS query, count(*)::int AS sessions
         FROM pg_stat_activity WHERE ${others} GROUP BY 1, 2, 3 ORDER BY 4 DESC`,
    );
    console.log(`sessions on the test database before ending them:\n${JSON.stringify(sessions.rows, null, 1)}`);
    let ended = 0;
    const deadline = Date.now() + withinMs;
    let quietChecks = 0;
    while (Date.now() < deadline && quietChecks < 3) {
      const result = await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ${stuck}`);
      ended += result.rowCount ?? 0;
      quietChecks = (result.rowCount ?? 0) === 0 ? quietChecks + 1 : 0;
      await sleep(300);
    }
    return ended;
  } finally {
    await client.end();
  }
}
