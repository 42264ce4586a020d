import { describe, expect, it } from '@jest/globals';
import { type BatchTurn, PerKeyBatches, type Settled } from './per-key-batches.js';

const nextTurnOfLoop = () => new Promise((resolve) => setImmediate(resolve));

/** A lock per key, as the event's row lock: granted in the order asked, to one holder at a time. */
function rowLocks() {
  const tails = new Map<string, Promise<void>>();
  let holders = 0;
  let mostHolders = 0;
  return {
    async acquire(key: string): Promise<() => void> {
      const before = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      tails.set(key, released);
      await before;
      holders += 1;
      mostHolders = Math.max(mostHolders, holders);
      return () => {
        holders -= 1;
        release();
      };
    },
    mostHolders: () => mostHolders,
  };
}

/** Answers each item with its double, or an error for odd ones. */
const answer = (items: number[]): Settled<number>[] =>
  items.map((item) =>
    item % 2 === 1 ? { ok: false, error: new Error(`odd ${item}`) } : { ok: true, value: item * 2 },
  );

/** A runner as SeatBookingService's: takes the key's lock, then its items, works (`workMs`, or until `work` settles), answers. */
function lockingRunner(workMs = 5, work?: () => Promise<void>) {
  const locks = rowLocks();
  const batches: { key: string; items: number[]; alone: boolean }[] = [];
  let running = new Map<string, number>();
  let mostRunningPerKey = 0;
  const run = async (key: string, turn: BatchTurn<number>): Promise<Settled<number>[]> => {
    running.set(key, (running.get(key) ?? 0) + 1);
    mostRunningPerKey = Math.max(mostRunningPerKey, running.get(key)!);
    const release = await locks.acquire(key);
    try {
      const items = turn.take();
      batches.push({ key, items, alone: turn.alone !== undefined });
      await (work?.() ?? new Promise((resolve) => setTimeout(resolve, workMs)));
      return answer(items);
    } finally {
      release();
      running.set(key, running.get(key)! - 1);
    }
  };
  return { run, batches, locks, mostRunningPerKey: () => mostRunningPerKey };
}

const outcome = (settled: PromiseSettledResult<number>[]) =>
  settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message));

describe('group commit: per-key batches', () => {
  it('answers every item with its own result, in batches taken once the lock is held, in arrival order', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const lockHeldElsewhere = new Promise<void>((resolve) => (release = resolve));
    const queue = new PerKeyBatches<number, number>(
      async (_key, turn) => {
        await lockHeldElsewhere; // the first batch waits for the lock while more items arrive
        const items = turn.take();
        batches.push(items);
        return answer(items);
      },
      { maxBatch: 10 },
    );
    const submitted = Array.from({ length: 26 }, (_, i) => queue.submit('e1', i));
    await nextTurnOfLoop();
    const more = Array.from({ length: 4 }, (_, i) => queue.submit('e1', 26 + i));
    release();
    const settled = await Promise.allSettled([...submitted, ...more]);
    expect(outcome(settled)).toEqual(Array.from({ length: 30 }, (_, i) => (i % 2 === 1 ? `odd ${i}` : i * 2)));
    // The first batch took what had arrived while it waited (up to maxBatch), the rest followed in order.
    expect(batches.map((b) => b.length)).toEqual([10, 10, 10]);
    expect(batches.flat()).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(queue.pending).toBe(0);
  });

  it('the next batch starts as soon as the running one holds the lock, and takes what arrived meanwhile', async () => {
    // The batches' work ends when the test says so, not on a timer: a busy machine must not finish the
    // first batch before the second has had its chance to start.
    let finishWork!: () => void;
    const workDone = new Promise<void>((resolve) => (finishWork = resolve));
    const { run, batches, locks, mostRunningPerKey } = lockingRunner(0, () => workDone);
    const queue = new PerKeyBatches(run, { maxBatch: 100 });
    const first = queue.submit('hot', 0);
    while (batches.length === 0) await nextTurnOfLoop(); // the first batch holds the lock with one item
    const during = Array.from({ length: 9 }, (_, i) => queue.submit('hot', (i + 1) * 2));
    for (let turns = 0; turns < 20 && mostRunningPerKey() < 2; turns += 1) await nextTurnOfLoop();
    finishWork();
    await Promise.all([first, ...during]);
    expect(batches.map((b) => b.items.length)).toEqual([1, 9]);
    expect(mostRunningPerKey()).toBe(2); // one holding the lock, one waiting for it
    expect(locks.mostHolders()).toBe(1);
  });

  it('never more than two batches of one key in flight, and other keys side by side', async () => {
    const { run, batches, mostRunningPerKey } = lockingRunner(5);
    const queue = new PerKeyBatches(run, { maxBatch: 3 });
    const submitted: Promise<number>[] = [];
    for (let i = 0; i < 40; i += 1) {
      submitted.push(queue.submit('hot', i * 2));
      if (i % 5 === 0) await nextTurnOfLoop();
    }
    submitted.push(queue.submit('other', 100));
    expect(await Promise.all(submitted)).toEqual([...Array.from({ length: 40 }, (_, i) => i * 4), 200]);
    expect(mostRunningPerKey()).toBe(2);
    expect(batches.filter((b) => b.key === 'hot').flatMap((b) => b.items)).toEqual(
      Array.from({ length: 40 }, (_, i) => i * 2),
    );
    expect(Math.max(...batches.map((b) => b.items.length))).toBeLessThanOrEqual(3);
  });

  it('an item that must run alone forms a batch of one, known before the lock, in its place in the queue', async () => {
    const { run, batches } = lockingRunner();
    const queue = new PerKeyBatches(run, { maxBatch: 10, runsAlone: (item) => item === 4 });
    await Promise.allSettled([0, 2, 4, 6, 8].map((item) => queue.submit('e1', item)));
    expect(batches.map((b) => [b.items, b.alone])).toEqual([
      [[0, 2], false],
      [[4], true],
      [[6, 8], false],
    ]);
  });

  it('a runner that throws fails its batch only, before or after taking its items; the queue goes on', async () => {
    let calls = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const queue = new PerKeyBatches<number, number>(
      async (_key, turn) => {
        calls += 1;
        if (calls === 1) {
          await held;
          throw new Error('failed before the lock');
        }
        const items = turn.take();
        if (calls === 2) throw new Error('failed after taking');
        return items.map((item) => ({ ok: true, value: item }));
      },
      { maxBatch: 2 },
    );
    const first = [0, 2, 4].map((item) => queue.submit('e1', item));
    await nextTurnOfLoop();
    release();
    const settled = await Promise.allSettled([...first, ...[6, 8].map((item) => queue.submit('e1', item))]);
    // Batches of two: [0, 2] failed before the lock, [4, 6] after taking, [8] went on.
    expect(outcome(settled)).toEqual([
      'failed before the lock',
      'failed before the lock',
      'failed after taking',
      'failed after taking',
      8,
    ]);
  });

  it('a failure the whole queue would meet (failsQueue) answers every waiting item at once, and the key starts afresh', async () => {
    let calls = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const queue = new PerKeyBatches<number, number>(
      async (_key, turn) => {
        calls += 1;
        if (calls === 1) {
          await held;
          throw new Error('lock timeout');
        }
        return turn.take().map((item) => ({ ok: true, value: item }));
      },
      { maxBatch: 2, failsQueue: (error) => (error as Error).message === 'lock timeout' },
    );
    const first = queue.submit('e1', 0);
    while (calls === 0) await nextTurnOfLoop();
    const waiting = [1, 2, 3, 4].map((item) => queue.submit('e1', item));
    release();
    const settled = await Promise.allSettled([first, ...waiting]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(calls).toBe(1);
    expect(await queue.submit('e1', 5)).toBe(5);
  });

  it('a runner that returns without taking its items fails them instead of leaving them queued', async () => {
    const queue = new PerKeyBatches<number, number>(async () => [], { maxBatch: 5 });
    await expect(queue.submit('e1', 2)).rejects.toThrow('without taking its items');
    expect(queue.pending).toBe(0);
  });
});
