import type http from 'node:http';
import fc from 'fast-check';
import { requestsFor, type FuzzRequest, type Operation, type RealValues } from './openapi-fuzz.js';
import { send, type Answer } from './raw-client.js';

/** Runs the generated requests of test/fuzz.e2e-spec.ts, operation after operation, within both budgets. */

export interface FuzzBudget {
  maxRequests: number;
  timeMs: number;
  seed: number;
  /** Counterexamples kept per operation: enough to see a pattern without drowning the report. */
  keptPerOperation: number;
}

export interface FuzzTarget {
  baseUrl: string;
  agent: http.Agent;
  real: RealValues;
  auth: Record<FuzzRequest['as'], Record<string, string>>;
}

export interface Failure {
  operation: string;
  request: FuzzRequest;
  answer: Answer;
}

export interface FuzzReport {
  sent: number;
  ms: number;
  statuses: Map<number, number>;
  failures: Failure[];
}

/** A 5xx is a bug (DESIGN rule 9); no answer at all (status 0) is a hang or a dropped connection, as bad. */
export const isFailure = (status: number) => status >= 500 || status === 0;

/** Each operation gets an equal share of what is left of both budgets, so every one is reached. */
export async function runFuzz(operations: Operation[], target: FuzzTarget, budget: FuzzBudget): Promise<FuzzReport> {
  const started = Date.now();
  const deadline = started + budget.timeMs;
  const report: FuzzReport = { sent: 0, ms: 0, statuses: new Map(), failures: [] };
  for (const [index, operation] of operations.entries()) {
    if (report.sent >= budget.maxRequests || Date.now() >= deadline) break;
    const opsLeft = operations.length - index;
    const name = `${operation.method} ${operation.path}`;
    let kept = 0;
    await fc.assert(
      fc.asyncProperty(requestsFor(operation, target.real), async (request) => {
        if (report.sent >= budget.maxRequests) return true;
        report.sent += 1;
        const answer = await send(target.baseUrl, target.agent, request, target.auth[request.as]);
        report.statuses.set(answer.status, (report.statuses.get(answer.status) ?? 0) + 1);
        if (isFailure(answer.status) && kept < budget.keptPerOperation) {
          kept += 1;
          report.failures.push({ operation: name, request, answer });
        }
        return true; // every request is sent and judged; failures are collected, not shrunk
      }),
      {
        numRuns: Math.max(1, Math.floor((budget.maxRequests - report.sent) / opsLeft)),
        seed: budget.seed + index,
        interruptAfterTimeLimit: Math.max(1, Math.floor((deadline - Date.now()) / opsLeft)),
        markInterruptAsFailure: false,
      },
    );
  }
  report.ms = Date.now() - started;
  return report;
}

/** A request as one line a person can replay (strings JSON-escaped, so NUL and surrogates show). */
export function printable(request: FuzzRequest): string {
  const body =
    request.body === undefined
      ? ''
      : ` body ${request.body.length > 300 ? `${JSON.stringify(request.body.slice(0, 300))}… (${request.body.length} chars)` : JSON.stringify(request.body)}`;
  return `${request.method} ${request.url.length > 300 ? `${request.url.slice(0, 300)}…` : request.url} as ${request.as} [${request.note}]${body}`;
}
