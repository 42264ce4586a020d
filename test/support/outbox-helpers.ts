import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { MessageContext, OutboxKind } from '../../src/notifications/notification-context.js';
import { type EnqueuedMessage, OutboxService } from '../../src/notifications/outbox/outbox.service.js';
import { type ContextOverrides, sampleContext } from './notification-fixtures.js';
import type { TestApp } from './test-app.js';

/** Short timings so retries, leases and polls happen within a test. */
export const FAST_DISPATCHER = {
  DISPATCHER_ENABLED: 'false',
  DISPATCHER_BATCH_SIZE: '50',
  DISPATCHER_POLL_INTERVAL_MS: '25',
  DISPATCHER_LEASE_MS: '3000',
  DISPATCHER_MAX_ATTEMPTS: '10',
  DISPATCHER_BACKOFF_BASE_MS: '200',
  DISPATCHER_BACKOFF_MAX_MS: '5000',
  MAIL_FROM: 'Clinic Seminars <no-reply@seminars.test>',
};

export interface OutboxRow {
  id: string;
  kind: OutboxKind;
  status: string;
  recipient_email: string;
  message_id: string;
  attempts: number;
  last_error: string | null;
  locked_until: Date | null;
  due_at: Date;
  sent_at: Date | null;
  reminder_offset_minutes: number | null;
  payload: { event: { startsAt: string; title: string } } | null;
}

export function outboxRows(dataSource: DataSource): Promise<OutboxRow[]> {
  return dataSource.query('SELECT * FROM outbox_messages ORDER BY created_at, id');
}

/** Enqueues `count` messages, each to its own attendee, committed in transactions of up to 200. */
export async function enqueueMany(
  t: TestApp,
  count: number,
  options: { kind?: OutboxKind; overrides?: (i: number) => ContextOverrides } = {},
): Promise<EnqueuedMessage[]> {
  const outbox = t.app.get(OutboxService);
  const enqueued: EnqueuedMessage[] = [];
  for (let start = 0; start < count; start += 200) {
    await t.dataSource.transaction(async (manager) => {
      for (let i = start; i < Math.min(count, start + 200); i += 1) {
        const context: MessageContext = sampleContext({
          reservation: { email: `guest${i}@guest.example`, name: `Guest ${i}` },
          ...options.overrides?.(i),
        });
        enqueued.push(await outbox.enqueue(manager, { kind: options.kind ?? 'confirmation', context }));
      }
    });
  }
  return enqueued;
}

/** Runs the compiled `npm run worker` entry (npm test builds dist first) as a child process. */
export function spawnWorker(env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [path.resolve('dist/src/worker.js')], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
