import type { DispatcherConfig } from '../../config/app-config.js';

/**
 * How long to wait before the next try after `attempts` failed ones: the base doubling each time, up to the
 * maximum, plus up to a fifth more at random so that messages failing together do not all retry together.
 */
export function retryDelayMs(
  attempts: number,
  policy: Pick<DispatcherConfig, 'backoffBaseMs' | 'backoffMaxMs'>,
  random: () => number = Math.random,
): number {
  const exponential = policy.backoffBaseMs * 2 ** Math.max(0, attempts - 1);
  return Math.round(Math.min(policy.backoffMaxMs, exponential * (1 + random() / 5)));
}
