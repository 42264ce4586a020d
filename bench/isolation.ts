/**
 * Isolation of a hot event from the rest of the service (issue 11): the latency of other requests, idle and
 * while many clients hammer one event.
 *
 *   npm run bench:isolation [-- --duration-s=10 --hot-connections=64]
 *
 * Starts the app on a real port (on DATABASE_URL, or on a throwaway embedded PostgreSQL) with a hot event
 * and a quiet one, both with ample seats. Two probes, one connection each, run side by side: GET
 * /api/events/:id of the quiet event, and reservations (POST, a new e-mail each) on the quiet event. They
 * run first on an idle server, then while autocannon's `hot-connections` clients reserve on the hot event.
 * Prints p50/p99 of each probe in both phases and the ratio hot/idle p99. Exit code 1 on a 5xx, a socket
 * error or a broken seat ledger; 2 on the time limit.
 */
import { randomBytes } from 'node:crypto';
import { apiClient, createBenchClinic, createPublishedEvent, withSeats } from './support/api-client.js';
import { runBench } from './support/bench-run.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuSnapshot, cpuSplit, describeCpuSplit } from './support/cpu-split.js';
import { fixed, moment, printHeader, printTable, ratio } from './support/figures.js';
import { readFlags } from './support/flags.js';
import { ledgerProblems } from './support/ledger.js';
import { loadProblems, runLoad, startLoad, type LoadResult, type LoadSpec } from './support/load.js';

const FLAGS = ['duration-s', 'hot-connections', 'warmup-s', 'request-timeout-s', 'time-limit-ms'] as const;
const flags = readFlags(process.argv.slice(2), FLAGS);
const options = {
  durationS: flags.int('duration-s', 10, 1, 600),
  hotConnections: flags.int('hot-connections', 64, 1, 1000),
  warmupS: flags.int('warmup-s', 2, 0, 60),
  requestTimeoutS: flags.int('request-timeout-s', 30, 1, 600),
  timeLimitMs: flags.int('time-limit-ms', 300_000, 1_000, 3_600_000),
};
const AMPLE_SEATS = 1_000_000_000;

runBench('bench-isolation', options.timeLimitMs, async (run) => {
  const { app, baseUrl } = await run.startApp();
  const api = apiClient(baseUrl);
  const db = await run.connect();
  try {
    const clinic = await createBenchClinic(app, api.send);
    const hotEvent = await createPublishedEvent(clinic, { title: 'Hot seminar', seats: 10_000, waitlist: true });
    const quietEvent = await createPublishedEvent(clinic, { title: 'Quiet seminar', seats: 10_000, waitlist: true });
    await withSeats(db, hotEvent, AMPLE_SEATS);
    await withSeats(db, quietEvent, AMPLE_SEATS);
    await printHeader(
      'bench:isolation',
      `duration=${options.durationS}s per phase, probes 1 connection each, hot=${options.hotConnections} connections`,
      run.database,
      db,
    );

    const stamp = randomBytes(4).toString('hex');
    const common = { baseUrl, timeoutS: options.requestTimeoutS };
    const readProbe: LoadSpec = {
      ...common,
      connections: 1,
      request: { method: 'GET', path: `/api/events/${quietEvent}` },
    };
    const reserveProbe = (phase: string): LoadSpec => ({
      ...common,
      connections: 1,
      request: { method: 'POST', path: `/api/events/${quietEvent}/reservations`, stamp: `${stamp}-${phase}` },
    });
    const probes = (phase: string, durationS: number) =>
      Promise.all([runLoad({ ...readProbe, durationS }), runLoad({ ...reserveProbe(phase), durationS })]);

    if (options.warmupS > 0) await probes('warmup', options.warmupS);
    const idleLoop = loopDelay();
    const [idleRead, idleReserve] = await probes('idle', options.durationS);
    idleLoop.stop();
    console.log(`  idle phase done at ${moment()}`);

    // The hammer runs from before the probes start until after they end: it is stopped, not timed out.
    const cpuBefore = cpuSnapshot();
    const hammer = startLoad({
      ...common,
      connections: options.hotConnections,
      durationS: options.warmupS + options.durationS + 60,
      request: { method: 'POST', path: `/api/events/${hotEvent}/reservations`, stamp: `${stamp}-hot` },
    });
    run.onCleanUp(async () => hammer.stop());
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, options.warmupS) * 1000));
    const hotLoop = loopDelay();
    const [hotRead, hotReserve] = await probes('hot', options.durationS);
    hotLoop.stop();
    hammer.stop();
    const hot = await hammer.result;
    const cpuAfter = cpuSnapshot();
    console.log(`  hot phase done at ${moment()}`);

    const row = (label: string, idle: LoadResult, busy: LoadResult) => [
      label,
      fixed(idle.p50, 1),
      fixed(idle.p99, 1),
      fixed(busy.p50, 1),
      fixed(busy.p99, 1),
      ratio(busy.p99, idle.p99),
      `${fixed(idle.completed / idle.durationS)} / ${fixed(busy.completed / busy.durationS)}`,
    ];
    console.log(
      `\n  Other requests, idle and while ${options.hotConnections} clients reserve on one hot event (latency in ms)`,
    );
    printTable(
      ['probe', 'idle p50', 'idle p99', 'hot p50', 'hot p99', 'hot/idle p99', 'req/s idle / hot'],
      [row('GET /api/events/:id', idleRead, hotRead), row('POST reservation, other event', idleReserve, hotReserve)],
    );
    console.log(
      `  hot event: ${fixed(hot.okPerSecond, 1)} reservations/s over ${hot.durationS} s, p50 ${fixed(hot.p50)} ms, p99 ${fixed(hot.p99)} ms, ` +
        `statuses ${Object.entries(hot.statusCounts)
          .map(([code, n]) => `${code}:${n}`)
          .join(' ')}`,
    );

    console.log(`  app event loop delay (ms), idle: ${idleLoop.describe()}; hot: ${hotLoop.describe()}`);
    // Over the hammer's whole run (its warm-up second, the probes' phase); the probes' requests are counted too.
    const generators = hotRead.cpuMs + hotReserve.cpuMs + hot.cpuMs;
    console.log(
      `  while hot: ${describeCpuSplit(cpuSplit(cpuBefore, cpuAfter, generators), hot.completed + hotRead.completed + hotReserve.completed)}`,
    );

    const problems = [
      ...loadProblems('idle GET', idleRead),
      ...loadProblems('idle POST', idleReserve),
      ...loadProblems('hot GET', hotRead),
      ...loadProblems('hot POST', hotReserve),
      ...loadProblems('hammer', hot),
      ...(await ledgerProblems(db, 'hot event', hotEvent)),
      ...(await ledgerProblems(db, 'quiet event', quietEvent)),
    ];
    console.log(
      problems.length === 0
        ? '\n  OK: no 5xx, no socket error, both ledgers hold'
        : `\n  FAILED\n    - ${problems.join('\n    - ')}`,
    );
    console.log(`  finished ${moment()}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    api.close();
    await db.end();
  }
});

/** How late the app's event loop ran its timers (it shares the bench's main thread): the longest bursts of work. */
function loopDelay() {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  return {
    stop: () => histogram.disable(),
    describe: () =>
      `p50 ${ms(histogram.percentile(50))}, p99 ${ms(histogram.percentile(99))}, max ${ms(histogram.max)}`,
  };
}
