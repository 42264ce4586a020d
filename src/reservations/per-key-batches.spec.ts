import { describe, expect, it } from '@jest/globals';
import { PerKeyBatches, type Settled } from './per-key-batches.js';

/** A runner that records its batches and answers each item with its double, or an error for odd ones. */
function recorder(delayMs = 5) {
  const batches: { key: string; items: number[] }[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const run = async (key: string, items: number[]): Promise<Settled<number>[]> => {
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    batches.push({ key, items });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    running -= 1;
    return items.map((item) =>
      item % 2 === 1 ? { ok: false, error: new Error(`odd ${item}`) } : { ok: true, value: item * 2 },
    );
  };
  return { run, batches, mostAtOnce: () => mostAtOnce };
}

describe('group commit: per-key batches', () => {
  it('answers every item with its own result, in batches that grow while one runs and keep arrival order', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const firstBatchHeld = new Promise<void>((resolve) => (release = resolve));
    const queue = new PerKeyBatches<number, number>(
      async (_key, items) => {
        batches.push(items);
        await firstBatchHeld;
        return items.map((item) =>
          item % 2 === 1 ? { ok: false, error: new Error(`odd ${item}`) } : { ok: true, value: item * 2 },
        );
      },
      { maxBatch: 10 },
    );
    const first = queue.submit('e1', 0);
    while (batches.length === 0) await new Promise((resolve) => setImmediate(resolve)); // the first batch is running
    const later = Array.from({ length: 25 }, (_, i) => queue.submit('e1', i + 1));
    release();
    const settled = await Promise.allSettled([first, ...later]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(
      Array.from({ length: 26 }, (_, i) => (i % 2 === 1 ? `odd ${i}` : i * 2)),
    );
    expect(batches.map((b) => b.length)).toEqual([1, 10, 10, 5]);
    expect(batches.flat()).toEqual(Array.from({ length: 26 }, (_, i) => i));
    expect(queue.pending).toBe(0);
  });

  it('runs one batch at a time per key, and different keys side by side', async () => {
    const { run, batches, mostAtOnce } = recorder(10);
    const queue = new PerKeyBatches(run, { maxBatch: 3 });
    await Promise.allSettled([
      ...Array.from({ length: 7 }, (_, i) => queue.submit('hot', i * 2)),
      queue.submit('other', 100),
    ]);
    expect(batches.filter((b) => b.key === 'hot').map((b) => b.items.length)).toEqual([3, 3, 1]);
    expect(mostAtOnce()).toBe(2); // the hot key's batch and the other key's, never two of the hot key's
  });

  it('an item that must run alone forms a batch of one, in its place in the queue', async () => {
    const { run, batches } = recorder();
    const queue = new PerKeyBatches(run, { maxBatch: 10, runsAlone: (item) => item === 4 });
    await Promise.allSettled([0, 2, 4, 6, 8].map((item) => queue.submit('e1', item)));
    expect(batches.map((b) => b.items)).toEqual([[0, 2], [4], [6, 8]]);
  });

  it('a runner that throws fails its batch only; the queue goes on', async () => {
    let calls = 0;
    const queue = new PerKeyBatches<number, number>(
      async (_key, items) => {
        calls += 1;
        if (calls === 1) throw new Error('database down');
        return items.map((item) => ({ ok: true, value: item }));
      },
      { maxBatch: 2 },
    );
    const settled = await Promise.allSettled([0, 2, 4].map((item) => queue.submit('e1', item)));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });

  it('a failure the whole queue would meet (failsQueue) answers every waiting item at once, and the key starts afresh', async () => {
    let calls = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const queue = new PerKeyBatches<number, number>(
      async (_key, items) => {
        calls += 1;
        if (calls === 1) {
          await held;
          throw new Error('lock timeout');
        }
        return items.map((item) => ({ ok: true, value: item }));
      },
      { maxBatch: 2, failsQueue: (error) => (error as Error).message === 'lock timeout' },
    );
    const first = queue.submit('e1', 0);
    while (calls === 0) await new Promise((resolve) => setImmediate(resolve));
    const waiting = [1, 2, 3, 4].map((item) => queue.submit('e1', item));
    release();
    const settled = await Promise.allSettled([first, ...waiting]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(calls).toBe(1);
    expect(await queue.submit('e1', 5)).toBe(5);
  });
});
