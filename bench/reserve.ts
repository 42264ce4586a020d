/**
 * Reservation throughput on one hot event, over HTTP against PostgreSQL's own limit (issue 11).
 *
 *   npm run bench:reserve [-- --duration-s=10 --connections=1,8,64 --full-seats=50 --full-requests=1000]
 *
 * Starts the app on a real port (on DATABASE_URL, or on a throwaway embedded PostgreSQL) and, for each
 * concurrency, interleaves two runs of the same length on the same database:
 * - HTTP: autocannon (in a worker thread) sends POST /api/events/:id/reservations, each with a new e-mail,
 *   to one published event with ample seats;
 * - pgbench: the minimal reserving transaction (bench/pgbench/reserve.sql) on an event of its own.
 * It prints reservations/s for both, the ratio HTTP/pgbench, HTTP p50/p99 and pgbench's average latency.
 * Then the full event: 50 seats, 1,000 requests at 64 connections, waiting list on.
 * After every run the event's ledger is checked in the database (never oversold, counter = confirmed seats,
 * waiting list 1..n). Exit code 1 on a broken ledger, a 5xx or a socket error; 2 on the time limit.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { apiClient, createBenchClinic, createPublishedEvent, withSeats } from './support/api-client.js';
import { runBench } from './support/bench-run.js';
import { cpuSnapshot, cpuSplit, describeCpuSplit } from './support/cpu-split.js';
import { fixed, moment, printHeader, printTable, ratio } from './support/figures.js';
import { readFlags } from './support/flags.js';
import { ledgerProblems } from './support/ledger.js';
import { loadProblems, runLoad, type LoadResult } from './support/load.js';
import { findPgbench, runPgbench, type PgbenchResult } from './support/pgbench.js';

const FLAGS = [
  'duration-s',
  'connections',
  'warmup-s',
  'full-seats',
  'full-requests',
  'full-connections',
  'request-timeout-s',
  'time-limit-ms',
  'no-pgbench',
] as const;
const flags = readFlags(process.argv.slice(2), FLAGS);
const options = {
  durationS: flags.int('duration-s', 10, 1, 600),
  connections: flags.ints('connections', [1, 8, 64], 1, 1000),
  warmupS: flags.int('warmup-s', 3, 0, 60),
  fullSeats: flags.int('full-seats', 50, 1, 10_000),
  fullRequests: flags.int('full-requests', 1000, 1, 100_000),
  fullConnections: flags.int('full-connections', 64, 1, 1000),
  requestTimeoutS: flags.int('request-timeout-s', 30, 1, 600),
  timeLimitMs: flags.int('time-limit-ms', 600_000, 1_000, 3_600_000),
  pgbench: !flags.has('no-pgbench'),
};
// Seats enough that no run of this bench can fill the hot events.
const AMPLE_SEATS = 1_000_000_000;
const PGBENCH_SCRIPT = fileURLToPath(new URL('../../bench/pgbench/reserve.sql', import.meta.url));

runBench('bench-reserve', options.timeLimitMs, async (run) => {
  const pgbench = options.pgbench ? findPgbench() : undefined;
  if (options.pgbench && !pgbench) return 1;
  const { app, baseUrl } = await run.startApp();
  const api = apiClient(baseUrl);
  const db = await run.connect();
  try {
    const clinic = await createBenchClinic(app, api.send);
    const hotEvent = await createPublishedEvent(clinic, { title: 'Hot seminar (HTTP)', seats: 10_000, waitlist: true });
    const pgbenchEvent = await createPublishedEvent(clinic, {
      title: 'Hot seminar (pgbench)',
      seats: 10_000,
      waitlist: true,
    });
    await withSeats(db, hotEvent, AMPLE_SEATS);
    await withSeats(db, pgbenchEvent, AMPLE_SEATS);
    await printHeader(
      'bench:reserve',
      `duration=${options.durationS}s connections=${options.connections.join(',')} full=${options.fullSeats} seats/${options.fullRequests} requests/${options.fullConnections} connections`,
      run.database,
      db,
    );

    const stamp = randomBytes(4).toString('hex');
    const reserveOn = (eventId: string, connections: number, label: string) =>
      runLoad({
        baseUrl,
        connections,
        durationS: options.durationS,
        timeoutS: options.requestTimeoutS,
        request: { method: 'POST', path: `/api/events/${eventId}/reservations`, stamp: `${stamp}-${label}` },
      });
    if (options.warmupS > 0) {
      await runLoad({ ...warmupSpec(), durationS: options.warmupS });
    }

    const problems: string[] = [];
    const rows: Array<Array<string | number>> = [];
    const httpRates: number[] = [];
    const pgbenchRates: number[] = [];
    const cpuLines: string[] = [];
    for (const connections of options.connections) {
      const cpuBefore = cpuSnapshot();
      const http: LoadResult = await reserveOn(hotEvent, connections, `c${connections}`);
      cpuLines.push(
        `${connections} clients: ${describeCpuSplit(cpuSplit(cpuBefore, cpuSnapshot(), http.cpuMs), http.completed)}`,
      );
      problems.push(
        ...loadProblems(`HTTP c=${connections}`, http),
        ...(await ledgerProblems(db, `HTTP c=${connections}`, hotEvent)),
      );
      let database: PgbenchResult | undefined;
      if (pgbench) {
        // A refused run (say, too many clients on a shared server) is reported; the HTTP figures still print.
        database = await runPgbench({
          pgbench,
          databaseUrl: run.databaseUrl,
          script: PGBENCH_SCRIPT,
          clients: connections,
          durationS: options.durationS,
          variables: { event: pgbenchEvent },
        }).catch((error: Error) => {
          problems.push(`pgbench c=${connections}: ${error.message}`);
          return undefined;
        });
        if (database && database.failed > 0)
          problems.push(`pgbench c=${connections}: ${database.failed} failed transactions`);
        problems.push(...(await ledgerProblems(db, `pgbench c=${connections}`, pgbenchEvent)));
      }
      httpRates.push(http.okPerSecond);
      if (database) pgbenchRates.push(database.tps);
      rows.push([
        String(connections),
        fixed(http.okPerSecond, 1),
        fixed(http.p50),
        fixed(http.p99),
        `${http.ok}/${http.completed}`,
        database ? fixed(database.tps, 1) : '-',
        database ? fixed(database.latencyAvgMs, 2) : '-',
        database ? ratio(http.okPerSecond, database.tps) : '-',
      ]);
      console.log(`  done c=${connections} at ${moment()}`);
    }
    console.log('\n  One hot event, ample seats (reservations/s; HTTP latency in ms; pgbench latency average in ms)');
    printTable(
      ['clients', 'HTTP res/s', 'p50', 'p99', 'HTTP 2xx/all', 'pgbench tx/s', 'pg lat avg', 'HTTP/pgbench'],
      rows,
    );
    console.log("  Where the CPU went during each HTTP run (the app runs in the bench's main thread):");
    for (const line of cpuLines) console.log(`    ${line}`);
    if (pgbenchRates.length > 0) {
      // Issue 11's target: at the most clients, HTTP at or above what PostgreSQL does one transaction at a time.
      const best = Math.max(...pgbenchRates);
      const most = options.connections.length - 1;
      console.log(
        `  HTTP at ${options.connections[most]} clients vs pgbench's best rate (${fixed(best, 1)} tx/s): ` +
          ratio(httpRates[most], best),
      );
    }

    // The full event: more requests than seats, all at once; the waiting list takes the rest in order.
    const fullEvent = await createPublishedEvent(clinic, {
      title: 'Full seminar',
      seats: options.fullSeats,
      waitlist: true,
    });
    const full = await runLoad({
      baseUrl,
      connections: options.fullConnections,
      amount: options.fullRequests,
      timeoutS: options.requestTimeoutS,
      request: { method: 'POST', path: `/api/events/${fullEvent}/reservations`, stamp: `${stamp}-full` },
      collectAnswers: true,
    });
    problems.push(
      ...loadProblems('full event', full),
      ...(await ledgerProblems(db, 'full event', fullEvent, full.answers)),
    );
    const confirmed = full.answers?.filter((a) => a.reservationStatus === 'confirmed').length ?? 0;
    const waitlisted = full.answers?.filter((a) => a.reservationStatus === 'waitlisted').length ?? 0;
    if (full.fiveXx === 0 && confirmed !== Math.min(options.fullSeats, options.fullRequests)) {
      problems.push(
        `full event: ${confirmed} confirmed, expected ${Math.min(options.fullSeats, options.fullRequests)}`,
      );
    }
    console.log(
      `\n  Full event: ${options.fullSeats} seats, ${options.fullRequests} requests, ${options.fullConnections} connections, waiting list on`,
    );
    printTable(
      ['case', 'requests/s', 'p50', 'p99', 'max', 'confirmed', 'waitlisted', 'statuses'],
      [
        [
          'full event',
          fixed(full.completed / full.durationS, 1),
          fixed(full.p50),
          fixed(full.p99),
          fixed(full.max),
          confirmed,
          waitlisted,
          Object.entries(full.statusCounts)
            .map(([code, n]) => `${code}:${n}`)
            .join(' '),
        ],
      ],
    );

    console.log(
      problems.length === 0
        ? '\n  invariant  OK after every run: never oversold, counter = confirmed seats, waiting list 1..n, no 5xx'
        : `\n  FAILED\n    - ${problems.join('\n    - ')}`,
    );
    console.log(`  finished ${moment()}`);
    return problems.length === 0 ? 0 : 1;

    function warmupSpec() {
      return {
        baseUrl,
        connections: 8,
        timeoutS: options.requestTimeoutS,
        request: { method: 'POST' as const, path: `/api/events/${hotEvent}/reservations`, stamp: `${stamp}-warmup` },
      };
    }
  } finally {
    api.close();
    await db.end();
  }
});
