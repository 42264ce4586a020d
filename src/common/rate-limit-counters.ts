import type { EntityManager } from 'typeorm';
import { affectedRows } from '../database/affected-rows.js';

/**
 * Deletes rate-limit counters whose window ended over an hour ago: the sweep rate-limiter-flexible would
 * otherwise run on a timer in every limiter of every instance. A counter past its window is reset on its
 * next use anyway; this only keeps the table small. Run by the attendance jobs.
 */
export async function deleteExpiredRateLimits(manager: EntityManager, now = Date.now()): Promise<number> {
  return affectedRows(manager, `DELETE FROM rate_limits WHERE expire < $1`, [now - 3_600_000]);
}
