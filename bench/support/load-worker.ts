/**
 * One autocannon load in a worker thread of its own, so the load generator never shares the app's event
 * loop (the app runs in the bench's main thread): what it measures is the server, not its own queue.
 * Started by load.ts with a LoadSpec; posts back a LoadResult; a 'stop' message ends a load early.
 */
import autocannon from 'autocannon';
import { parentPort, workerData } from 'node:worker_threads';
import { reservationBody } from './api-client.js';
import { ownThreadCpuMs } from './cpu-split.js';
import type { LoadResult, LoadSpec, ReservationAnswer } from './load.js';

const spec = workerData as LoadSpec;
const startCpuMs = ownThreadCpuMs();
const answers: ReservationAnswer[] = [];
let counter = 0;

const request: autocannon.Request =
  spec.request.method === 'GET'
    ? { method: 'GET', path: spec.request.path }
    : {
        method: 'POST',
        path: spec.request.path,
        headers: { 'content-type': 'application/json' },
        // A unique e-mail per request: one reservation per e-mail is a rule of the service.
        setupRequest: (req) => ({
          ...req,
          body: reservationBody(`${spec.request.method === 'POST' ? spec.request.stamp : ''}`, counter++),
        }),
        onResponse: spec.collectAnswers
          ? (status, body) => {
              let parsed: { status?: string; waitlistPosition?: number | null } = {};
              try {
                parsed = JSON.parse(body) as typeof parsed;
              } catch {
                // not JSON: counted by its status alone
              }
              answers.push({
                status,
                reservationStatus: parsed.status ?? null,
                waitlistPosition: parsed.waitlistPosition ?? null,
              });
            }
          : undefined,
      };

const options: autocannon.Options = {
  url: spec.baseUrl,
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationS }),
  timeout: spec.timeoutS,
  requests: [request],
};
// Outside the main thread autocannon hands back its histograms encoded; its aggregateResult (missing from
// @types/autocannon) decodes them into percentiles, as the main thread would have.
const { aggregateResult } = autocannon as unknown as {
  aggregateResult(results: unknown[], opts: autocannon.Options): autocannon.Result;
};

// With a fixed amount, autocannon reports its result at its next one-second sample, so its duration is the
// run rounded up to whole seconds plus a few ms (1,000 requests done in 1.05 s read as 2.03 s, halving the
// rate): the run's time is measured here instead, from the start to the last answer.
const startedAt = performance.now();
let lastAnswerAt = startedAt;
const instance = autocannon(options, (error, raw) => {
  if (error) throw error;
  const result = aggregateResult([raw], options);
  const statusCounts: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(raw.statusCodeStats as Record<string, { count: number }>))
    statusCounts[code] = count;
  const completed = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  const fiveXx = Object.entries(statusCounts)
    .filter(([code]) => code.startsWith('5'))
    .reduce((a, [, n]) => a + n, 0);
  const durationS = spec.amount ? (lastAnswerAt - startedAt) / 1000 : result.duration;
  const loadResult: LoadResult = {
    completed,
    ok: result['2xx'],
    fiveXx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS,
    okPerSecond: result['2xx'] / durationS,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: result.latency.average,
    statusCounts,
    answers: spec.collectAnswers ? answers : undefined,
    cpuMs: ownThreadCpuMs() - startCpuMs,
  };
  parentPort?.postMessage(loadResult);
});

instance.on('response', () => {
  lastAnswerAt = performance.now();
});

parentPort?.on('message', (message) => {
  if (message === 'stop') instance.stop();
});
