/**
 * Latency as the data grows (issue 11): a reservation and the public listing on an empty database (but for a
 * page of upcoming events, so the listing's answer is the same size in both phases), then
 * again with 10,000 events, 1,000,000 reservations and 1,000,000 outbox rows (one in 20 pending) stored,
 * without a manual ANALYZE (autovacuum may run meanwhile, as in production).
 *
 *   npm run bench:scale [-- --scale=1 --duration-s=10]      (--scale=0.1 for a quick run: a tenth of the rows)
 *
 * Starts the app on a real port on a throwaway embedded PostgreSQL, or on DATABASE_URL with --fresh, which
 * empties that database's public schema first (the "empty" figures need an empty database). Each probe is
 * one connection for `duration-s` seconds: POST /api/events/:id/reservations on a new event with ample
 * seats (a new e-mail each), then GET /api/events. The rows are written in SQL (support/scale-data.ts).
 * Prints p50/p99 in both states and the ratio loaded/empty. Exit code 1 on a 5xx, a socket error or a
 * broken seat ledger; 2 on the time limit.
 */
import { randomBytes } from 'node:crypto';
import { apiClient, createBenchClinic, createPublishedEvent, withSeats } from './support/api-client.js';
import { runBench, type BenchRun } from './support/bench-run.js';
import { fixed, moment, printHeader, printTable, ratio } from './support/figures.js';
import { readFlags } from './support/flags.js';
import { ledgerProblems } from './support/ledger.js';
import { loadProblems, runLoad, type LoadResult } from './support/load.js';
import { addBaselineEvents, fillScaleData, tableStatistics } from './support/scale-data.js';

const FLAGS = ['scale', 'duration-s', 'warmup-s', 'request-timeout-s', 'time-limit-ms', 'fresh'] as const;
const flags = readFlags(process.argv.slice(2), FLAGS);
const scale = flags.number('scale', 1, 0.001, 1);
const options = {
  sizes: {
    events: Math.max(10, Math.round(10_000 * scale)),
    reservations: Math.round(1_000_000 * scale),
    outbox: Math.round(1_000_000 * scale),
    pendingEvery: 20,
  },
  durationS: flags.int('duration-s', 10, 1, 600),
  warmupS: flags.int('warmup-s', 2, 0, 60),
  requestTimeoutS: flags.int('request-timeout-s', 30, 1, 600),
  timeLimitMs: flags.int('time-limit-ms', 900_000, 1_000, 3_600_000),
  fresh: flags.has('fresh'),
};
const AMPLE_SEATS = 1_000_000_000;
/** GET /api/events's default page size. */
const LISTING_PAGE_SIZE = 20;

runBench('bench-scale', options.timeLimitMs, async (run) => {
  if (!(await readyToFill(run))) return 1;
  const { app, baseUrl } = await run.startApp();
  const api = apiClient(baseUrl);
  const db = await run.connect();
  try {
    const clinic = await createBenchClinic(app, api.send);
    const { events, reservations, outbox } = options.sizes;
    await printHeader(
      'bench:scale',
      `scale=${scale}: ${events} events, ${reservations} reservations, ${outbox} outbox rows; probes 1 connection, ${options.durationS}s each`,
      run.database,
      db,
    );
    const stamp = randomBytes(4).toString('hex');

    /** A reservation probe on a new event, then a listing probe, one after the other. */
    const measure = async (phase: string, durationS: number) => {
      const eventId = await createPublishedEvent(clinic, {
        title: `Scale probe (${phase})`,
        seats: 10_000,
        waitlist: true,
      });
      await withSeats(db, eventId, AMPLE_SEATS);
      const common = { baseUrl, connections: 1, durationS, timeoutS: options.requestTimeoutS };
      const reserve = await runLoad({
        ...common,
        request: { method: 'POST', path: `/api/events/${eventId}/reservations`, stamp: `${stamp}-${phase}` },
      });
      const list = await runLoad({ ...common, request: { method: 'GET', path: '/api/events' } });
      const problems = [
        ...loadProblems(`${phase} reservation`, reserve),
        ...loadProblems(`${phase} listing`, list),
        ...(await ledgerProblems(db, phase, eventId)),
      ];
      console.log(`  ${phase} phase done at ${moment()}`);
      return { reserve, list, problems };
    };

    // The listing shows a full page in both phases (see addBaselineEvents).
    await addBaselineEvents(db, clinic.clinicId, LISTING_PAGE_SIZE);
    if (options.warmupS > 0) await measure('warmup', options.warmupS);
    const empty = await measure('empty', options.durationS);

    const loadStarted = performance.now();
    const steps = await fillScaleData(db, clinic.clinicId, options.sizes);
    console.log(`  load done at ${moment()} in ${fixed((performance.now() - loadStarted) / 1000, 1)} s`);
    printTable(
      ['step', 'rows', 'ms'],
      steps.map((s) => [s.step, s.rows, fixed(s.ms)]),
    );

    const loaded = await measure('loaded', options.durationS);
    const statistics = await tableStatistics(db);

    const row = (label: string, before: LoadResult, after: LoadResult) => [
      label,
      fixed(before.p50, 1),
      fixed(before.p99, 1),
      fixed(after.p50, 1),
      fixed(after.p99, 1),
      ratio(after.p50, before.p50),
      ratio(after.p99, before.p99),
      `${fixed(before.completed / before.durationS)} / ${fixed(after.completed / after.durationS)}`,
    ];
    console.log('\n  Latency in ms, empty database vs loaded (no manual ANALYZE)');
    printTable(
      ['probe', 'empty p50', 'empty p99', 'loaded p50', 'loaded p99', 'p50 ratio', 'p99 ratio', 'req/s empty / loaded'],
      [
        row('POST /api/events/:id/reservations', empty.reserve, loaded.reserve),
        row('GET /api/events', empty.list, loaded.list),
      ],
    );
    console.log('\n  Statistics after the loaded run (autovacuum only)');
    printTable(
      Object.keys(statistics[0] ?? {}),
      statistics.map((s) => Object.values(s).map(String)),
    );

    const problems = [...empty.problems, ...loaded.problems];
    console.log(
      problems.length === 0
        ? '\n  OK: no 5xx, no socket error, ledgers hold'
        : `\n  FAILED\n    - ${problems.join('\n    - ')}`,
    );
    console.log(`  finished ${moment()}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    api.close();
    await db.end();
  }
});

/**
 * The "empty" figures need an empty database. A throwaway one is; on DATABASE_URL the bench empties the
 * public schema only when told to (--fresh), and refuses a database that already holds events otherwise.
 */
async function readyToFill(run: BenchRun): Promise<boolean> {
  if (run.database === 'embedded') return true;
  const db = await run.connect();
  try {
    if (options.fresh) {
      await db.query('DROP SCHEMA public CASCADE');
      await db.query('CREATE SCHEMA public');
      return true;
    }
    const { rows } = await db.query(`SELECT to_regclass('public.events') IS NOT NULL AS has_events`);
    const count = rows[0].has_events ? (await db.query('SELECT count(*)::int AS n FROM events')).rows[0].n : 0;
    if (count > 0) {
      console.error(
        `bench:scale needs an empty database, and DATABASE_URL holds ${count} events: pass --fresh to empty its public schema, or unset DATABASE_URL for a throwaway one.`,
      );
      return false;
    }
    return true;
  } finally {
    await db.end();
  }
}
