/** What a batch runner answers for one item: its own result or its own error. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * One batch's turn, as `run` gets it. `run` first takes what orders the key's batches (the event's row
 * lock), then calls `take()` once for the items to apply: so the batch holds everything that arrived while
 * it waited for the lock.
 */
export interface BatchTurn<T> {
  /** Set when the turn is one item that must run alone, known before the lock (e.g. an Idempotency-Key to claim first). */
  readonly alone?: T;
  /** The turn's items: the `alone` item, or the items queued by now (up to maxBatch, in arrival order, never empty). */
  take(): T[];
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
  /** Told when failsQueue failed a key's queue, so that requests waiting elsewhere for that key fail too. */
  onQueueFailed?: (key: string, error: unknown) => void;
}

/** One batch that has taken its items (it holds the key's lock) and one on its way to the lock. */
const MOST_IN_FLIGHT = 2;

/**
 * Group commit: items submitted under the same key (an event's id) are applied in batches, in arrival order.
 * A batch starts on the first item of a quiet key (on the next turn of the event loop), asks for the key's
 * lock, and only once it holds it takes its items (BatchTurn.take): everything queued by then. As soon as it
 * has taken them, the next batch starts and asks for the lock in turn; the database grants it the moment the
 * first commits, and that batch takes what arrived meanwhile. So batches grow with the load, bounded by
 * `maxBatch`; no timer, nobody waits for a batch to fill; the round trips before the lock overlap the
 * previous batch's work. One key uses at most two database connections at a time in this instance (one
 * batch holding its lock, one waiting for it), however many requests it gets, and other keys keep theirs.
 *
 * `run` must call `take()` and answer every item it took with its own Settled result; if it throws, every
 * item of that batch gets the error (the runner decides whether to retry items alone first), and, when
 * `failsQueue` says so, every item waiting under the key too. A batch that fails before taking its items
 * fails the items it would have taken.
 */
export class PerKeyBatches<T, R> {
  private readonly queues = new Map<string, Waiting<T, R>[]>();
  private readonly inFlight = new Map<string, Set<Promise<void>>>();

  constructor(
    private readonly run: (key: string, turn: BatchTurn<T>) => Promise<Settled<R>[]>,
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

  /** Items waiting for a batch, all keys together (for tests and metrics). */
  get pending(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    let inFlight = this.inFlight.get(key);
    if (!inFlight) this.inFlight.set(key, (inFlight = new Set()));
    while (queue.length > 0) {
      if (inFlight.size >= MOST_IN_FLIGHT) {
        await Promise.race(inFlight);
        continue;
      }
      const { turn, taken, handedOver } = this.nextTurn(queue);
      const running: Promise<void> = this.runTurn(key, turn, taken, queue).finally(() => {
        inFlight.delete(running);
        if (inFlight.size === 0 && this.inFlight.get(key) === inFlight) this.inFlight.delete(key);
      });
      inFlight.add(running);
      await Promise.race([handedOver, running]);
    }
    // A batch may still be running: items submitted from now on start a new drain, whose first batch asks
    // for the lock behind it, as the next batch of this drain would have.
    this.queues.delete(key);
  }

  /** The next turn: the head item alone if it must run alone (taken off the queue now), else a batch taken at `take()`. */
  private nextTurn(queue: Waiting<T, R>[]) {
    const taken: { batch?: Waiting<T, R>[] } = {};
    let handOver!: () => void;
    const handedOver = new Promise<void>((resolve) => (handOver = resolve));
    const take = () => {
      taken.batch ??= this.takeBatch(queue);
      handOver();
      return taken.batch.map((waiting) => waiting.item);
    };
    if (this.runsAlone(queue[0].item)) {
      taken.batch = queue.splice(0, 1);
      return { turn: { alone: taken.batch[0].item, take }, taken, handedOver };
    }
    return { turn: { take }, taken, handedOver };
  }

  private async runTurn(
    key: string,
    turn: BatchTurn<T>,
    taken: { batch?: Waiting<T, R>[] },
    queue: Waiting<T, R>[],
  ): Promise<void> {
    try {
      const results = await this.run(key, turn);
      // A runner must take its items to answer them; one that did not would leave them queued for ever.
      if (!taken.batch) throw new Error('A batch runner returned without taking its items');
      const batch = taken.batch;
      batch.forEach((waiting, i) => {
        const result = results[i];
        if (result.ok) waiting.resolve(result.value);
        else waiting.reject(result.error);
      });
    } catch (error) {
      // A batch that failed before it took its items fails those it would have taken, so the queue goes on.
      const batch = taken.batch ?? (queue.length > 0 && !this.runsAlone(queue[0].item) ? this.takeBatch(queue) : []);
      const failsQueue = this.options.failsQueue?.(error) ?? false;
      const failed = failsQueue ? [...batch, ...queue.splice(0)] : batch;
      for (const waiting of failed) waiting.reject(error);
      if (failsQueue) this.options.onQueueFailed?.(key, error);
    }
  }

  /** Up to maxBatch items off the front of the queue, stopping before an item that runs alone. */
  private takeBatch(queue: Waiting<T, R>[]): Waiting<T, R>[] {
    let size = 0;
    while (size < queue.length && size < this.options.maxBatch && !this.runsAlone(queue[size].item)) size += 1;
    return queue.splice(0, size);
  }

  private runsAlone(item: T): boolean {
    return this.options.runsAlone?.(item) ?? false;
  }
}
