import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import { affectedRows } from '../database/affected-rows.js';

/** Where one request stands against its limit: points used in the window, this one included, and when the window ends. */
export interface RateCount {
  consumedPoints: number;
  msBeforeNext: number;
}

interface Waiting {
  key: string;
  resolve(count: RateCount): void;
  reject(error: unknown): void;
}

/** A batch that does not come back in this time is given up, so a hung connection cannot hang every request. */
const DEFAULT_TIMEOUT_MS = 2000;
/** Keys per statement at most; a longer queue goes in the next statement. */
const MAX_KEYS_PER_STATEMENT = 500;

/*
 * Fixed one-minute windows, one row per key in the rate_limits table (rate-limiter-flexible's layout: key,
 * points, expire in epoch milliseconds). A window that has ended starts again at this batch's points.
 * Keys come sorted, so two instances upserting the same keys lock them in the same order and cannot deadlock.
 */
const COUNT_SQL = `
  INSERT INTO rate_limits AS counter (key, points, expire)
  SELECT key, points, $3::bigint
    FROM unnest($1::text[], $2::int[]) AS batch(key, points)
   ORDER BY key
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN counter.expire <= $4 THEN excluded.points ELSE counter.points + excluded.points END,
    expire = CASE WHEN counter.expire <= $4 THEN excluded.expire ELSE counter.expire END
  RETURNING key, points, expire`;

/**
 * The rate limits' counts in PostgreSQL, so every app instance shares them, written by group commit: the
 * requests that arrive while one statement is on its way are counted together in the next, one row per key
 * with that key's number of requests. Each request still gets its own exact place in its window
 * (consumedPoints), as if it had been counted alone: the counts a batch hands out for a key are the
 * points the row held before the batch plus 1, 2, ... in arrival order. One statement is in flight per
 * instance at a time; a request waits at most for the statement before its own.
 *
 * A failed or timed-out statement rejects every request of its batch (the caller lets them through); the
 * counts it may still write are lost or kept, both harmless for a limit. The statement is a named prepared
 * statement, parsed once per session: it runs in front of every request.
 */
export class RateLimitCounts {
  private queue: Waiting[] = [];
  private sending = false;

  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    private readonly windowMs: number,
    private readonly options: { timeoutMs?: number; now?: () => number } = {},
  ) {}

  /** Counts one point against `key` in its current window. */
  count(key: string): Promise<RateCount> {
    return new Promise<RateCount>((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
      if (!this.sending && this.queue.length === 1) setImmediate(() => void this.send());
    });
  }

  private async send(): Promise<void> {
    if (this.sending || this.queue.length === 0) return;
    this.sending = true;
    const byKey = takeBatch(this.queue);
    try {
      const now = this.now();
      const keys = [...byKey.keys()].sort();
      const points = keys.map((key) => byKey.get(key)!.length);
      const rows = await this.withTimeout(
        this.pool.query<{ key: string; points: number; expire: string }>({
          name: 'rate-limit-count',
          text: COUNT_SQL,
          values: [keys, points, now + this.windowMs, now],
        }),
      );
      for (const row of rows.rows) {
        const waiting = byKey.get(row.key) ?? [];
        const before = row.points - waiting.length;
        // Another batch (or instance) may have opened the window a moment after this batch read the clock.
        const msBeforeNext = Math.min(this.windowMs, Math.max(0, Number(row.expire) - now));
        waiting.forEach((request, index) => request.resolve({ consumedPoints: before + index + 1, msBeforeNext }));
        byKey.delete(row.key);
      }
      const unanswered = [...byKey.values()].flat();
      if (unanswered.length) throw new Error(`the rate limit store did not count ${unanswered.length} requests`);
    } catch (error) {
      for (const request of [...byKey.values()].flat()) request.reject(error);
    } finally {
      this.sending = false;
      if (this.queue.length) setImmediate(() => void this.send());
    }
  }

  private withTimeout<T>(query: Promise<T>): Promise<T> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the rate limit store did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    // A query that answers after its timeout has nobody left to tell.
    query.catch(() => undefined);
    return Promise.race([query, timeout]).finally(() => clearTimeout(timer));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** Takes the requests of the next statement off the queue, grouped by key in arrival order. */
function takeBatch(queue: Waiting[]): Map<string, Waiting[]> {
  const byKey = new Map<string, Waiting[]>();
  let taken = 0;
  for (; taken < queue.length; taken++) {
    const request = queue[taken];
    const same = byKey.get(request.key);
    if (same) same.push(request);
    else if (byKey.size < MAX_KEYS_PER_STATEMENT) byKey.set(request.key, [request]);
    else break;
  }
  queue.splice(0, taken);
  return byKey;
}

/**
 * Deletes counters whose window ended over an hour ago: one sweep for every instance (run by the attendance
 * jobs), instead of a timer in each. A counter past its window starts again on its next use anyway; this
 * only keeps the table small.
 */
export async function deleteExpiredRateLimits(manager: EntityManager, now = Date.now()): Promise<number> {
  return affectedRows(manager, `DELETE FROM rate_limits WHERE expire < $1`, [now - 3_600_000]);
}
