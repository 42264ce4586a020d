/**
 * HTTP load with autocannon, each load in its own worker thread (load-worker.ts). Latencies count every
 * answer, whatever its status; `ok` and `okPerSecond` count only 2xx (a reservation made).
 */
import { Worker } from 'node:worker_threads';

export interface LoadSpec {
  baseUrl: string;
  connections: number;
  /** Either a fixed duration or a fixed number of requests. */
  durationS?: number;
  amount?: number;
  timeoutS: number;
  request: { method: 'GET'; path: string } | { method: 'POST'; path: string; stamp: string };
  /** Keep each reservation's answer (status, waiting-list position) for the invariant checks. */
  collectAnswers?: boolean;
}

export interface ReservationAnswer {
  status: number;
  reservationStatus: string | null;
  waitlistPosition: number | null;
}

export interface LoadResult {
  completed: number;
  ok: number;
  fiveXx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  okPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  statusCounts: Record<string, number>;
  answers?: ReservationAnswer[];
  /** The load generator's own CPU time (its worker thread), in ms. */
  cpuMs: number;
}

export interface RunningLoad {
  result: Promise<LoadResult>;
  /** Ends the load now; `result` then settles with what it measured so far. */
  stop(): void;
}

export function startLoad(spec: LoadSpec): RunningLoad {
  const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: spec });
  const result = new Promise<LoadResult>((resolve, reject) => {
    worker.once('message', (message: LoadResult) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load worker exited with ${code} before reporting`)));
  });
  return { result, stop: () => worker.postMessage('stop') };
}

export const runLoad = (spec: LoadSpec) => startLoad(spec).result;

/** A load's problems: any 5xx, socket error or timeout fails a bench. */
export function loadProblems(label: string, result: LoadResult): string[] {
  const problems: string[] = [];
  if (result.fiveXx > 0) problems.push(`${label}: ${result.fiveXx} answers were 5xx`);
  if (result.errors > 0 || result.timeouts > 0)
    problems.push(`${label}: ${result.errors} socket errors, ${result.timeouts} timeouts`);
  return problems;
}
