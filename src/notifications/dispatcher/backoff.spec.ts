import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from './backoff.js';

describe('failures retry with exponential backoff (DESIGN rule 5)', () => {
  const policy = { backoffBaseMs: 1000, backoffMaxMs: 60_000 };

  it('doubles the wait after each failed attempt', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, policy, () => 0))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('adds at most a fifth at random, so failures together do not retry together', () => {
    expect(retryDelayMs(3, policy, () => 0.999)).toBeLessThanOrEqual(4800);
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(4400);
  });

  it('never waits longer than the maximum', () => {
    expect(retryDelayMs(30, policy, () => 0.999)).toBe(60_000);
  });
});
