/** What a batch runner answers for one item: its own result or its own error. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export interface PerKeyBatchesOptions<T> {
  /** The most items one batch takes. */
  maxBatch: number;
  /** An item that must run alone (e.g. it carries an Idempotency-Key): it forms a batch of one. */
  runsAlone?: (item: T) => boolean;
  /**
   * A batch failure that every item still waiting under the same key would meet too (the key's lock is
   * stuck, the database is gone): those items get the same error at once instead of waiting their turn for it.
   */
  failsQueue?: (error: unknown) => boolean;
}

/**
 * Group commit: items submitted under the same key (an event's id) are applied in batches, one batch at a
 * time per key, in arrival order. The first item of a quiet key starts at once (on the next turn of the
 * event loop, so items that arrive together go together); while a batch runs, newcomers wait and form
 * the next one, so batches grow with the load and stay bounded by `maxBatch`. There is no timer: nobody
 * waits for a batch to fill. One key therefore uses at most one database connection at a time in this
 * instance, however many requests it gets, and other keys keep theirs.
 *
 * `run` answers every item of a batch with its own Settled result; if it throws, every item of that batch
 * gets the error (the runner decides whether to retry items alone first), and, when `failsQueue` says so,
 * every item waiting under the key too.
 */
export class PerKeyBatches<T, R> {
  private readonly queues = new Map<string, Waiting<T, R>[]>();

  constructor(
    private readonly run: (key: string, items: T[]) => Promise<Settled<R>[]>,
    private readonly options: PerKeyBatchesOptions<T>,
  ) {}

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.queues.set(key, [{ item, resolve, reject }]);
      setImmediate(() => void this.drain(key));
    });
  }

  /** Items waiting or running, all keys together (for tests and metrics). */
  get pending(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const batch = this.takeBatch(queue);
      try {
        const results = await this.run(
          key,
          batch.map((waiting) => waiting.item),
        );
        batch.forEach((waiting, i) => {
          const result = results[i];
          if (result.ok) waiting.resolve(result.value);
          else waiting.reject(result.error);
        });
      } catch (error) {
        const failed = this.options.failsQueue?.(error) ? [...batch, ...queue.splice(0)] : batch;
        for (const waiting of failed) waiting.reject(error);
      }
    }
    this.queues.delete(key);
  }

  /** Takes the next batch off the front of the queue: up to maxBatch items, or one item that runs alone. */
  private takeBatch(queue: Waiting<T, R>[]): Waiting<T, R>[] {
    const alone = this.options.runsAlone ?? (() => false);
    if (alone(queue[0].item)) return queue.splice(0, 1);
    let size = 0;
    while (size < queue.length && size < this.options.maxBatch && !alone(queue[size].item)) size += 1;
    return queue.splice(0, size);
  }
}
