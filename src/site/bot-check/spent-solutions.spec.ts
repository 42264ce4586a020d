import { describe, expect, it } from '@jest/globals';
import { SpentSolutions } from './spent-solutions.js';

describe('SpentSolutions', () => {
  it('accepts a nonce once while its challenge lives', () => {
    const spent = new SpentSolutions();
    expect(spent.spend('a', 2_000, 1_000)).toBe(true);
    expect(spent.spend('a', 2_000, 1_500)).toBe(false);
    expect(spent.spend('b', 2_000, 1_500)).toBe(true);
  });

  it('forgets challenges once they have expired, so memory follows the traffic of the last few minutes', () => {
    const spent = new SpentSolutions();
    spent.spend('a', 2_000, 1_000);
    spent.spend('b', 3_000, 1_000);
    spent.spend('c', 9_000, 2_500);
    expect(spent.size).toBe(2);
    spent.spend('d', 9_000, 3_000);
    expect(spent.size).toBe(2);
  });
});
