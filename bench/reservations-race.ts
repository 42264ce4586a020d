/**
 * Reservation race benchmark: starts the app on a real port (on DATABASE_URL, or on a throwaway embedded
 * PostgreSQL), creates one event with N seats and fires M reservations of one seat each over real HTTP,
 * as concurrently as asked. Prints throughput, latency percentiles and the outcome, then checks DESIGN
 * rule 1 (never oversold) and rule 3 (waiting list 1..n without gaps) in the database.
 *
 *   npm run bench:race -- --seats=100 --requests=1000 --concurrency=200 [--no-waitlist]
 *
 * Bounded: every request has a timeout and the whole run a time limit, after which it cleans up and
 * exits. Exit code 0 when the invariants hold and every request got a non-5xx answer, 1 otherwise.
 * With DATABASE_URL it migrates that database and leaves one clinic, one event and its reservations in it.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { StaffService } from '../src/staff/staff.service.js';
import { freePort, throwawayDataDir } from '../src/database/throwaway-postgres.js';

interface Options {
  seats: number;
  requests: number;
  concurrency: number;
  waitlist: boolean;
  requestTimeoutMs: number;
  timeLimitMs: number;
}

function readOptions(argv: string[]): Options {
  const flags = new Map(
    argv
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const [key, value] = a.slice(2).split('=');
        return [key, value ?? 'true'] as const;
      }),
  );
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = flags.get(name) ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return value;
  };
  const requests = int('requests', 500, 1, 100_000);
  return {
    seats: int('seats', 100, 1, 10_000),
    requests,
    concurrency: int('concurrency', requests, 1, 10_000),
    waitlist: !flags.has('no-waitlist'),
    requestTimeoutMs: int('request-timeout-ms', 30_000, 100, 600_000),
    timeLimitMs: int('time-limit-ms', 180_000, 1_000, 3_600_000),
  };
}

interface Answer {
  status: number; // 0: no answer in time, or a socket error
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

function requester(baseUrl: string, timeoutMs: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const send = (
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const started = performance.now();
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve) => {
      const done = (status: number, parsed: unknown) =>
        resolve({ status, body: parsed, ms: performance.now() - started });
      const req = http.request(
        new URL(route, baseUrl),
        { method, agent, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              done(res.statusCode ?? 0, text ? JSON.parse(text) : undefined);
            } catch {
              done(res.statusCode ?? 0, text);
            }
          });
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
      req.on('error', (error) => done(0, error.message));
      if (payload) req.write(payload);
      req.end();
    });
  };
  return { send, close: () => agent.destroy() };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms).unref(),
    ),
  ]);

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  const externalUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | undefined;
  let runDir: string | undefined;
  let app: INestApplication | undefined;
  let databaseUrl = '';
  let hung = false;

  // One clean-up however many ways ask for it (the end of the run, the time limit, a signal).
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => (cleaning ??= stopEverything());
  const stopEverything = async () => {
    if (app) {
      // After a hang, stuck sessions would keep the pool from closing: end them first, but only on our own
      // embedded server (on DATABASE_URL they could be another instance's; exiting drops ours anyway).
      if (hung && embedded)
        await withTimeout(endOtherSessions(databaseUrl), 10_000, 'ending sessions').catch(() => undefined);
      await withTimeout(app.close(), 15_000, 'closing the app').catch((error: Error) => console.error(error.message));
    }
    if (embedded)
      await withTimeout(embedded.stop(), 15_000, 'stopping PostgreSQL').catch((error: Error) =>
        console.error(error.message),
      );
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  };

  const watchdog = setTimeout(() => {
    console.error(`\nTime limit of ${options.timeLimitMs} ms reached: stopping.`);
    hung = true;
    void cleanUp().finally(() => process.exit(2));
  }, options.timeLimitMs);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping.`);
      hung = true;
      void cleanUp().finally(() => process.exit(130));
    });
  }

  try {
    if (externalUrl) {
      databaseUrl = externalUrl;
    } else {
      const throwaway = throwawayDataDir('clinic-seminars-bench-');
      runDir = throwaway.runDir;
      embedded = await startEmbeddedPostgres({ dataDir: throwaway.dataDir, port: await freePort() });
      await embedded.createDatabaseIfMissing('clinic_seminars_bench');
      databaseUrl = embedded.urlFor('clinic_seminars_bench');
    }

    const config = loadConfig(
      {
        NODE_ENV: 'development',
        JWT_SECRET: randomBytes(32).toString('base64url'),
        SEED_DEMO_DATA: 'false',
        RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
        RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
        DISPATCHER_ENABLED: 'false', // mail sending is not what this measures
        MAIL_OUTBOX_DIR: path.join(runDir ?? tmpdir(), 'outbox'),
        LOG_LEVEL: 'error',
        PUBLIC_BASE_URL: 'http://bench.local',
      },
      process.cwd(),
    );
    app = await createApp({ config, databaseUrl, logger: false });
    await app.init();
    await app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const client = requester(baseUrl, options.requestTimeoutMs);

    // An admin, a clinic and one published event, through the API like a real user.
    const stamp = `${Date.now()}-${randomBytes(3).toString('hex')}`;
    const password = randomBytes(18).toString('base64url');
    const email = `bench-admin-${stamp}@bench.local`;
    await app.get(StaffService).create({ email, name: 'Bench admin', role: 'admin', password, clinicIds: [] });
    const login = await client.send('POST', '/api/auth/login', { email, password });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
    const auth = { authorization: `Bearer ${login.body.accessToken}` };
    const clinic = await client.send(
      'POST',
      '/api/admin/clinics',
      {
        name: 'Bench Clinic',
        slug: `bench-${stamp}`,
        address: { line1: '1 Bench Street', city: 'Chicago', postalCode: '60601', region: 'IL', country: 'US' },
        timeZone: 'America/Chicago',
        phone: '+1 312 555 0100',
        organizerEmail: 'bench@bench.local',
      },
      auth,
    );
    if (clinic.status !== 201) throw new Error(`clinic: ${clinic.status} ${JSON.stringify(clinic.body)}`);
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const created = await client.send(
      'POST',
      `/api/clinics/${clinic.body.slug}/events`,
      {
        kind: 'seminar',
        title: 'Bench seminar',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        capacity: options.seats,
        maxPartySize: 1,
        waitlistEnabled: options.waitlist,
      },
      auth,
    );
    if (created.status !== 201) throw new Error(`event: ${created.status} ${JSON.stringify(created.body)}`);
    const eventId: string = created.body.id;
    const published = await client.send('POST', `/api/events/${eventId}/publish`, undefined, auth);
    if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);

    console.log(
      `bench:race  requests=${options.requests} seats=${options.seats} concurrency=${options.concurrency} ` +
        `waitlist=${options.waitlist ? 'on' : 'off'} database=${externalUrl ? 'DATABASE_URL' : 'embedded'}`,
    );

    // M reservations, at most `concurrency` in flight at once.
    const answers: Answer[] = new Array(options.requests);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency, options.requests) }, async () => {
        while (next < options.requests) {
          const i = next++;
          answers[i] = await client.send('POST', `/api/events/${eventId}/reservations`, {
            name: `Bench attendee ${i}`,
            email: `attendee-${i}-${stamp}@bench.local`,
            consent: { privacyPolicy: true },
          });
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    client.close();

    const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
    const byOutcome = new Map<string, number>();
    for (const a of answers) {
      const key =
        a.status === 0
          ? 'no answer'
          : a.status < 300
            ? `${a.status} ${a.body.status}`
            : `${a.status} ${a.body?.code ?? ''}`.trim();
      byOutcome.set(key, (byOutcome.get(key) ?? 0) + 1);
    }
    const confirmed = answers.filter((a) => a.status === 201 && a.body.status === 'confirmed').length;
    const waitlisted = answers.filter((a) => a.status === 201 && a.body.status === 'waitlisted');
    const broken = answers.filter((a) => a.status === 0 || a.status >= 500).length;
    hung = answers.some((a) => a.status === 0);

    console.log(`  time          ${elapsedMs.toFixed(0)} ms`);
    console.log(`  throughput    ${((options.requests / elapsedMs) * 1000).toFixed(1)} requests/s`);
    console.log(
      `  latency       p50 ${percentile(latencies, 50).toFixed(0)} ms   p95 ${percentile(latencies, 95).toFixed(0)} ms   ` +
        `p99 ${percentile(latencies, 99).toFixed(0)} ms   max ${latencies[latencies.length - 1].toFixed(0)} ms`,
    );
    console.log(`  answers       ${[...byOutcome].map(([k, n]) => `${k}: ${n}`).join(', ')}`);
    console.log(`  confirmed     ${confirmed} seats`);
    console.log(`  waitlisted    ${waitlisted.length}`);

    // The invariants, from the database (a fresh connection: the app's pool may be stuck after a hang).
    const problems: string[] = [];
    const db = new pg.Client({ connectionString: databaseUrl });
    await withTimeout(db.connect(), 10_000, 'connecting to check the invariant');
    try {
      const {
        rows: [ledger],
      } = await db.query(
        `SELECT e.capacity, e.confirmed_seats,
                COALESCE(SUM(r.party_size) FILTER (WHERE r.status = 'confirmed'), 0)::int AS confirmed_sum,
                COUNT(*) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted_count
           FROM events e LEFT JOIN reservations r ON r.event_id = e.id WHERE e.id = $1 GROUP BY e.id`,
        [eventId],
      );
      if (ledger.confirmed_seats > ledger.capacity)
        problems.push(`oversold: ${ledger.confirmed_seats} seats confirmed for ${ledger.capacity}`);
      if (ledger.confirmed_seats !== ledger.confirmed_sum)
        problems.push(
          `seat counter ${ledger.confirmed_seats} differs from the confirmed reservations' ${ledger.confirmed_sum}`,
        );
      const expectedConfirmed = Math.min(options.seats, options.requests);
      if (broken === 0 && ledger.confirmed_seats !== expectedConfirmed)
        problems.push(`${ledger.confirmed_seats} seats confirmed, expected ${expectedConfirmed}`);
      if (confirmed !== ledger.confirmed_sum)
        problems.push(`${confirmed} confirmations answered but ${ledger.confirmed_sum} in the database`);
      if (waitlisted.length !== ledger.waitlisted_count)
        problems.push(`${waitlisted.length} waitlisted answers but ${ledger.waitlisted_count} in the database`);
      const positions = waitlisted.map((a) => a.body.waitlistPosition as number).sort((a, b) => a - b);
      if (positions.some((p, i) => p !== i + 1)) problems.push('waiting-list positions are not 1..n without gaps');
      if (!options.waitlist && confirmed + (byOutcome.get('409 EVENT_FULL') ?? 0) !== options.requests - broken) {
        problems.push('with the waiting list off, every answer must be a confirmation or EVENT_FULL');
      }
    } finally {
      await db.end();
    }
    if (broken > 0) problems.push(`${broken} requests got a 5xx or no answer within ${options.requestTimeoutMs} ms`);
    console.log(
      problems.length === 0
        ? '  invariant     OK: never oversold, counter = confirmed seats, waiting list 1..n'
        : `  invariant     FAILED\n    - ${problems.join('\n    - ')}`,
    );
    return problems.length === 0 ? 0 : 1;
  } finally {
    clearTimeout(watchdog);
    await cleanUp();
  }
}

async function endOtherSessions(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
