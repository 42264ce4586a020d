/**
 * Listing benchmark: the public catalogue (GET /api/events, a filtered page of it, GET /api/events/:id) served
 * by the app against a bare node:http + pg server (bench/bare-listing-server.ts) running the same SQL and
 * answering the same bytes, side by side in one run, on one database holding ~2,000 published events.
 *
 *   npm run bench:listing -- [--events=2000] [--duration=10] [--rounds=2] [--connections=10]
 *
 * The app starts as bench/reservations-race.ts starts it: on DATABASE_URL (migrated; the bench adds its own
 * clinics and events, marked "bench-listing-") or on a throwaway embedded PostgreSQL. The load generator is
 * autocannon in a child process (it must not share the app's event loop); each route is checked for equal
 * bytes first, then loaded for a fixed time on the app and then on the bare server.
 * Exit code 0 when every answer matched and no request failed, 1 otherwise.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { execFile, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { ownCpu } from './bare-listing-server.js';
import { loadConfig, type AppConfig } from '../src/config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { freePort, throwawayDataDir } from '../src/database/throwaway-postgres.js';

export function readFlags(argv: string[]) {
  const flags = new Map(
    argv
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const [key, value] = a.slice(2).split('=');
        return [key, value ?? 'true'] as const;
      }),
  );
  return (name: string, fallback: number, min: number, max: number) => {
    const raw = flags.get(name) ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return value;
  };
}

/** DATABASE_URL, or a throwaway embedded PostgreSQL that `stop` removes. */
export async function benchDatabase(
  prefix: string,
): Promise<{ url: string; external: boolean; runDir?: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, external: true, stop: async () => undefined };
  const throwaway = throwawayDataDir(prefix);
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres({
    dataDir: throwaway.dataDir,
    port: await freePort(),
  });
  await embedded.createDatabaseIfMissing('clinic_seminars_bench');
  return {
    url: embedded.urlFor('clinic_seminars_bench'),
    external: false,
    runDir: throwaway.runDir,
    stop: async () => {
      await embedded.stop();
      rmSync(throwaway.runDir, { recursive: true, force: true });
    },
  };
}

/** The race bench's configuration: no limits that a load test would hit, no mail, errors only. */
export function benchConfig(runDir: string | undefined): AppConfig {
  return loadConfig(
    {
      NODE_ENV: 'development',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      SEED_DEMO_DATA: 'false',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
      DISPATCHER_ENABLED: 'false',
      JOBS_ENABLED: 'false',
      MAIL_OUTBOX_DIR: path.join(runDir ?? tmpdir(), 'outbox'),
      LOG_LEVEL: 'error',
      PUBLIC_BASE_URL: 'http://bench.local',
    },
    process.cwd(),
  );
}

const ZONES = ['America/Chicago', 'Europe/Berlin', 'Asia/Kolkata', 'America/New_York'];

/**
 * Four clinics and `count` published events over the next year (seminars and webinars, some full), plus
 * drafts and ended events the listing must leave out. Plain SQL: the seed is not what is measured.
 * Returns one published event's id.
 */
export async function seedCatalogue(databaseUrl: string, count: number): Promise<string> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const stamp = `bench-listing-${Date.now().toString(36)}`;
    await db.query('BEGIN');
    // A DATABASE_URL run replaces the catalogue an earlier run left, so the count stays what was asked for.
    await db.query(`DELETE FROM events WHERE clinic_id IN (SELECT id FROM clinics WHERE slug LIKE 'bench-listing-%')`);
    await db.query(`DELETE FROM clinics WHERE slug LIKE 'bench-listing-%'`);
    for (const [i, zone] of ZONES.entries()) {
      await db.query(
        `INSERT INTO clinics (slug, name, address, time_zone, phone, organizer_email)
         VALUES ($1, $2, $3, $4, '+1 312 555 0100', 'bench@bench.local')`,
        [
          `${stamp}-${i}`,
          `Bench Clinic ${i}`,
          { line1: `${i} Bench Street`, city: 'Chicago', postalCode: '60601', region: 'IL', country: 'US' },
          zone,
        ],
      );
    }
    // n: 1..count published, then 5 % drafts and 5 % already ended.
    await db.query(
      `INSERT INTO events (clinic_id, kind, title, description, starts_at, ends_at, time_zone, venue_name, join_url, capacity,
                           confirmed_seats, max_party_size, registration_opens_at, registration_closes_at, status)
       SELECT c.id, CASE WHEN n % 3 = 0 THEN 'webinar' ELSE 'seminar' END,
              'Bench seminar number ' || n, repeat('What you will learn at this session. ', 4),
              s.starts_at, s.starts_at + interval '90 minutes', c.time_zone,
              CASE WHEN n % 3 = 0 THEN NULL ELSE 'Room ' || (n % 7) END,
              CASE WHEN n % 3 = 0 THEN 'https://meet.example/' || n ELSE NULL END,
              40, CASE WHEN n % 10 = 0 THEN 40 ELSE n % 40 END, 2,
              now() - interval '30 days', s.starts_at,
              CASE WHEN n > $2::int * 1.05 THEN 'published' WHEN n > $2::int THEN 'draft' ELSE 'published' END
         FROM generate_series(1, ($2::int * 1.1)::int) AS n
         JOIN clinics c ON c.slug = $1 || '-' || (n % 4)
         CROSS JOIN LATERAL (SELECT CASE WHEN n > $2::int * 1.05 THEN now() - interval '10 days' - n * interval '1 hour'
                                         ELSE date_trunc('hour', now()) + interval '1 day' + n * interval '4 hours' END AS starts_at) s`,
      [stamp, count],
    );
    await db.query('COMMIT');
    await db.query('ANALYZE clinics; ANALYZE events');
    const { rows } = await db.query(
      `SELECT e.id FROM events e JOIN clinics c ON c.id = e.clinic_id WHERE c.slug = $1 || '-1' AND e.status = 'published' AND e.kind = 'seminar' AND e.ends_at > now() ORDER BY e.starts_at LIMIT 1`,
      [stamp],
    );
    return rows[0].id as string;
  } finally {
    await db.end();
  }
}

export interface Load {
  rate: number;
  p50: number;
  p99: number;
  failed: number;
  /** CPU time the server's process spent per answered request (user + system), in ms. */
  cpuMs: number;
}

/**
 * A server under test and a way to read its process's CPU time. Rates swing with whatever else the machine
 * runs; CPU per request does much less, so both are printed.
 */
export interface Target {
  url: string;
  cpuMicros(): Promise<number>;
}

const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/** Loads one URL for `seconds` from a child process; an answer other than `expect` (2xx by default) or an error counts as failed. */
export async function load(
  target: Target,
  path: string,
  seconds: number,
  connections: number,
  expect?: number,
): Promise<Load> {
  const cpuBefore = await target.cpuMicros();
  const result = await new Promise<any>((resolve, reject) => {
    // eslint-disable-line @typescript-eslint/no-explicit-any
    execFile(
      process.execPath,
      [autocannonCli, '--json', '--connections', String(connections), '--duration', String(seconds), target.url + path],
      { maxBuffer: 16 * 1024 * 1024, timeout: (seconds + 60) * 1000 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
    );
  });
  const cpu = (await target.cpuMicros()) - cpuBefore;
  const unexpected =
    expect === undefined ? result.non2xx : result.requests.total - (result.statusCodeStats?.[expect]?.count ?? 0);
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: unexpected + result.errors + result.timeouts,
    cpuMs: cpu / 1000 / Math.max(1, result.requests.total),
  };
}

/**
 * `rounds` turns on each server, the order swapped every round so that neither always runs second on a
 * machine whose load drifts; rates and CPU are averaged, latencies are the worst round's.
 */
export async function alternate(
  first: Target,
  second: Target,
  path: string,
  seconds: number,
  connections: number,
  rounds: number,
): Promise<[Load, Load]> {
  const runs: [Load[], Load[]] = [[], []];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) runs[i].push(await load(i === 0 ? first : second, path, seconds, connections));
  }
  const mean = (loads: Load[], pick: (l: Load) => number) => loads.reduce((sum, l) => sum + pick(l), 0) / loads.length;
  const combine = (loads: Load[]): Load => ({
    rate: mean(loads, (l) => l.rate),
    p50: Math.max(...loads.map((l) => l.p50)),
    p99: Math.max(...loads.map((l) => l.p99)),
    failed: loads.reduce((sum, l) => sum + l.failed, 0),
    cpuMs: mean(loads, (l) => l.cpuMs),
  });
  return [combine(runs[0]), combine(runs[1])];
}

export const fmtLoad = (l: Load) =>
  `${l.rate.toFixed(0).padStart(7)} req/s  p50 ${String(l.p50).padStart(3)} ms  p99 ${String(l.p99).padStart(3)} ms  ` +
  `${l.cpuMs.toFixed(2)} ms CPU/req${l.failed ? `  FAILED ${l.failed}` : ''}`;

/** Runs `script --serve=<name>` in a child process (stdout to /dev/null) that sends its URL, and its CPU time when asked. */
export function spawnServer(script: string, name: string, databaseUrl: string): Promise<Target & { stop(): void }> {
  const child = fork(script, [`--serve=${name}`], {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
    stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit', 'ipc'],
  });
  const cpuMicros = () =>
    new Promise<number>((resolve) => {
      child.once('message', (message: { cpu: number }) => resolve(message.cpu));
      child.send('cpu');
    });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { url?: string; error?: string }) => {
      if (message.url) resolve({ url: message.url, cpuMicros, stop: () => child.kill('SIGTERM') });
      else reject(new Error(`${name}: ${message.error}`));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening`)));
  });
}

async function body(url: string): Promise<string> {
  const response = await fetch(url);
  return `${response.status} ${await response.text()}`;
}

async function main(): Promise<number> {
  const flag = readFlags(process.argv.slice(2));
  const events = flag('events', 2000, 1, 100_000);
  const seconds = flag('duration', 10, 1, 600);
  const connections = flag('connections', 10, 1, 1000);
  const rounds = flag('rounds', 2, 1, 20);
  const database = await benchDatabase('clinic-seminars-listing-');
  let app: INestApplication | undefined;
  let bare: Awaited<ReturnType<typeof spawnServer>> | undefined;
  try {
    // The app in this process (its CPU is this process's: the load generator is a child), the bare server in a child.
    app = await createApp({ config: benchConfig(database.runDir), databaseUrl: database.url, logger: false });
    await app.init();
    await app.listen(0, '127.0.0.1');
    const onApp: Target = {
      url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
      cpuMicros: ownCpu,
    };
    const eventId = await seedCatalogue(database.url, events);
    bare = await spawnServer(fileURLToPath(new URL('./bare-listing-server.js', import.meta.url)), 'bare', database.url);

    console.log(
      `bench:listing  events=${events} duration=${seconds}s x ${rounds} rounds connections=${connections} database=${database.external ? 'DATABASE_URL' : 'embedded'}`,
    );
    const routes = ['/api/events', '/api/events?kind=seminar&page=5&pageSize=50', `/api/events/${eventId}`];
    let ok = true;
    for (const route of routes) {
      const [fromApp, fromBare] = [await body(onApp.url + route), await body(bare.url + route)];
      if (!fromApp.startsWith('200 ') || fromApp !== fromBare) {
        console.log(
          `  ${route}: the answers differ\n    app:  ${fromApp.slice(0, 300)}\n    bare: ${fromBare.slice(0, 300)}`,
        );
        ok = false;
        continue;
      }
      await load(onApp, route, 2, connections); // warm both up (JIT, plans, pools)
      await load(bare, route, 2, connections);
      const [mine, theirs] = await alternate(onApp, bare, route, seconds, connections, rounds);
      if (mine.failed || theirs.failed) ok = false;
      console.log(`  GET ${route.replace(eventId, ':id')}  (${fromApp.length - 4} bytes)`);
      console.log(`    app   ${fmtLoad(mine)}`);
      console.log(`    bare  ${fmtLoad(theirs)}`);
      console.log(
        `    ratio ${((mine.rate / theirs.rate) * 100).toFixed(0)} % of the bare server's rate; ` +
          `${((theirs.cpuMs / mine.cpuMs) * 100).toFixed(0)} % by CPU per request (bare's CPU / the app's)`,
      );
    }
    // Every app request, whatever its route, first counts against the rate limit in PostgreSQL: an unknown
    // route (404 after the count, no SQL of its own) shows that floor under the same load.
    const floor = await load(onApp, '/api/bench-listing-no-such-route', seconds, connections, 404);
    console.log(
      `  GET /api/<unknown route> on the app (the per-request rate-limit count, then 404)\n    app   ${fmtLoad(floor)}`,
    );
    return ok ? 0 : 1;
  } finally {
    bare?.stop();
    await app?.close();
    await database.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
