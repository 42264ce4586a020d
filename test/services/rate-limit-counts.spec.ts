import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { RateLimitCounts } from '../../src/common/rate-limit-counts.js';
import { startTestApp, type TestApp, testDatabaseUrl } from '../support/test-app.js';

/*
 * The rate limits' counts, group-committed in PostgreSQL (issue 11): each request gets its exact place in
 * its window however requests are batched, across instances, in far fewer statements than requests.
 */
const MINUTE = 60_000;

/** A pool that counts the statements sent through it. */
function countingPool() {
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
  const counted = { pool, statements: 0 };
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    counted.statements += 1;
    return query(...args);
  };
  return counted;
}

describe('rate limit counts in PostgreSQL, by group commit', () => {
  let a: ReturnType<typeof countingPool>;
  let b: ReturnType<typeof countingPool>;
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(); // the migrated schema, rate_limits included
    a = countingPool();
    b = countingPool();
  });
  afterAll(async () => {
    await a.pool.end();
    await b.pool.end();
    await t.close();
  });
  beforeEach(async () => {
    await a.pool.query('DELETE FROM rate_limits');
    a.statements = 0;
    b.statements = 0;
  });

  /** A store whose first statement gets `first` instead of an answer; the later ones reach the database. */
  const firstStatementThen = (first: () => Promise<unknown>) => {
    let used = false;
    return {
      query: (...args: unknown[]) => {
        if (used) return (a.pool.query as (...x: unknown[]) => Promise<unknown>)(...args);
        used = true;
        return first();
      },
    } as unknown as pg.Pool;
  };

  const stored = async (key: string) =>
    ((await a.pool.query('SELECT points FROM rate_limits WHERE key = $1', [key])).rows[0] as { points: number })
      ?.points;

  it('two instances counting 400 requests for one key at once hand out 1..400 exactly once, in few statements', async () => {
    const first = new RateLimitCounts(a.pool, MINUTE);
    const second = new RateLimitCounts(b.pool, MINUTE);
    const counts = await Promise.all(
      Array.from({ length: 400 }, (_, i) => (i % 2 ? first : second).count('public:203.0.113.7')),
    );
    const places = counts.map((count) => count.consumedPoints).sort((x, y) => x - y);
    expect(places).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(await stored('public:203.0.113.7')).toBe(400);
    expect(a.statements + b.statements).toBeLessThan(40);
    for (const { msBeforeNext } of counts) {
      expect(msBeforeNext).toBeGreaterThan(0);
      expect(msBeforeNext).toBeLessThanOrEqual(MINUTE);
    }
  });

  it('keeps each key apart within one batch, in arrival order', async () => {
    const counts = new RateLimitCounts(a.pool, MINUTE);
    const keys = ['public:a', 'public:b', 'staff:c', 'public:a', 'public:a', 'staff:c'];
    const results = await Promise.all(keys.map((key) => counts.count(key)));
    expect(results.map((r) => r.consumedPoints)).toEqual([1, 1, 1, 2, 3, 2]);
    expect(a.statements).toBe(1);
    expect([await stored('public:a'), await stored('public:b'), await stored('staff:c')]).toEqual([3, 1, 2]);
  });

  it('two instances counting the same keys in opposite orders never deadlock', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `public:198.51.100.${i}`);
    const first = new RateLimitCounts(a.pool, MINUTE);
    const second = new RateLimitCounts(b.pool, MINUTE);
    for (let round = 0; round < 10; round++) {
      await Promise.all([
        ...keys.map((key) => first.count(key)),
        ...[...keys].reverse().map((key) => second.count(key)),
      ]);
    }
    const rows = (await a.pool.query(`SELECT DISTINCT points FROM rate_limits WHERE key LIKE 'public:198.51.100.%'`))
      .rows as { points: number }[];
    expect(rows).toEqual([{ points: 20 }]);
  });

  it('a window that has ended starts again at one', async () => {
    let now = Date.now();
    const counts = new RateLimitCounts(a.pool, MINUTE, { now: () => now });
    await counts.count('sign-in:x');
    expect((await counts.count('sign-in:x')).consumedPoints).toBe(2);
    now += MINUTE + 1;
    const fresh = await counts.count('sign-in:x');
    expect(fresh).toEqual({ consumedPoints: 1, msBeforeNext: MINUTE });
    expect(await stored('sign-in:x')).toBe(1);
  });

  it('a statement that fails rejects its own batch only; the next batch is counted', async () => {
    const flaky = firstStatementThen(() => Promise.reject(new Error('connection reset')));
    const counts = new RateLimitCounts(flaky, MINUTE);
    const failed = await Promise.allSettled([counts.count('public:f'), counts.count('public:f')]);
    expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    expect((await counts.count('public:f')).consumedPoints).toBe(1);
  });

  it('a store that never answers is given up after the timeout, and counting carries on', async () => {
    const hanging = firstStatementThen(() => new Promise(() => undefined));
    const counts = new RateLimitCounts(hanging, MINUTE, { timeoutMs: 100 });
    const started = Date.now();
    await expect(counts.count('public:h')).rejects.toThrow(/did not answer within 100 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await counts.count('public:h')).consumedPoints).toBe(1);
  });
});
