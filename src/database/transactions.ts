import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { isSerializationFailure, sqlStateOf } from './postgres-errors.js';

const logger = new Logger('SerializationRetry');

/**
 * Refuses work that only makes sense inside the caller's transaction (a row lock, an outbox write): outside
 * one it would lock nothing or commit alone. As pretix's locking.py and our outbox do.
 */
export function assertInTransaction(manager: EntityManager, what: string): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`${what} must run inside the caller's transaction (pass its EntityManager)`);
  }
}

/** One retry: enough for a rare race, never a loop that hides a lock-order bug. */
const ATTEMPTS = 2;

/**
 * Runs `work` in one transaction and, if PostgreSQL gives it up as a deadlock (40P01) or a serialization
 * failure (40001), runs it once more from the start. A safety net only: our transactions take event locks
 * in id order before touching reservations (EventSeats), so no cycle is possible and this should never fire;
 * when it does, the warning names the SQLSTATE so the new lock order can be found. `work` must do nothing
 * outside the database that it cannot do twice (outbox rows are written in the transaction, so they can).
 * A second failure goes to the error filter, which answers 503 SERVICE_UNAVAILABLE.
 */
export async function withSerializationRetry<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  what = 'transaction',
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isSerializationFailure(error)) throw error;
      logger.warn({ message: 'transaction retried', what, sqlState: sqlStateOf(error), attempt });
      // A few milliseconds apart, so the two transactions that collided do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }
}
