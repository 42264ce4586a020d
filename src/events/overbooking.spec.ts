import { describe, expect, it } from '@jest/globals';
import {
  estimateShowRate,
  extraSeatsFor,
  extraSeatsInForce,
  overflowRisk,
  overflowRiskForParties,
  partyMixOf,
  plannedArrivals,
  wilsonUpperBound,
  type ShowRateEstimate,
} from './overbooking.js';

/** P(X > k), X ~ Binomial(n, p), by the textbook sum with exact binomial coefficients (small n only). */
function naiveTail(n: number, k: number, p: number): number {
  let total = 0;
  for (let i = k + 1; i <= n; i += 1) {
    let choose = 1;
    for (let j = 1; j <= i; j += 1) choose = (choose * (n - i + j)) / j;
    total += choose * p ** i * (1 - p) ** (n - i);
  }
  return total;
}

/** A seeded generator, so the Monte Carlo checks are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ONES = { 1: 100 };
const PAIRS_AND_ONES = { 1: 50, 2: 50 };
const estimate = (rate: number, partySizes: Record<number, number> = ONES): ShowRateEstimate => ({
  measured: rate,
  conservative: rate,
  partyMix: partyMixOf(partySizes),
  sample: { events: 10, bookedSeats: 400, arrivedSeats: Math.round(400 * rate), bookedParties: 300, partySizes },
});

describe('arriving seats', () => {
  it('with parties of one seat, are the binomial on seats (textbook sum)', () => {
    for (const [n, k, p] of [
      [10, 7, 0.7],
      [20, 15, 0.8],
      [30, 29, 0.5],
      [5, 0, 0.1],
      [40, 30, 0.65],
    ]) {
      expect(overflowRiskForParties(new Array(n).fill(1), k, p)).toBeCloseTo(naiveTail(n, k, p), 12);
      expect(overflowRisk(n, k, p, partyMixOf(ONES))).toBeCloseTo(naiveTail(n, k, p), 12);
    }
  });

  it('with a party of two, move two seats at once', () => {
    // Parties 2 and 1, rate 0.5: arrivals 0, 1, 2, 3 with 1/4 each; more than 2 arrive with 1/4.
    expect(overflowRiskForParties([2, 1], 2, 0.5)).toBeCloseTo(0.25, 12);
    expect(overflowRiskForParties([2, 1], 1, 0.5)).toBeCloseTo(0.5, 12);
  });

  it('planned distributions are distributions, and nothing overflows when the booking fits the room', () => {
    const arrivals = plannedArrivals(60, 0.7, partyMixOf(PAIRS_AND_ONES));
    for (const distribution of arrivals) {
      expect(distribution.reduce((sum, chance) => sum + chance, 0)).toBeCloseTo(1, 10);
    }
    expect(overflowRisk(30, 30, 0.99, partyMixOf(PAIRS_AND_ONES))).toBe(0);
  });
});

describe('the show rate to plan with', () => {
  it('is not trusted below the minimum sample', () => {
    expect(
      estimateShowRate({ events: 2, bookedSeats: 500, arrivedSeats: 300, bookedParties: 400, partySizes: ONES }),
    ).toBeNull();
    expect(
      estimateShowRate({ events: 5, bookedSeats: 40, arrivedSeats: 20, bookedParties: 30, partySizes: ONES }),
    ).toBeNull();
  });

  it('plans with a rate above the measured one, closer to it as the sample grows', () => {
    const small = estimateShowRate({
      events: 3,
      bookedSeats: 80,
      arrivedSeats: 56,
      bookedParties: 60,
      partySizes: { 1: 40, 2: 20 },
    })!;
    const large = estimateShowRate({
      events: 40,
      bookedSeats: 2000,
      arrivedSeats: 1400,
      bookedParties: 1500,
      partySizes: ONES,
    })!;
    expect(small.measured).toBeCloseTo(0.7, 10);
    expect(large.measured).toBeCloseTo(0.7, 10);
    expect(small.conservative).toBeGreaterThan(large.conservative);
    expect(large.conservative).toBeGreaterThan(0.7);
    expect(large.conservative - 0.7).toBeLessThan(0.03);
    expect(small.partyMix).toEqual([
      { size: 1, share: 40 / 60 },
      { size: 2, share: 20 / 60 },
    ]);
  });

  it('the Wilson bound covers the true rate in at least 95 % of samples (Monte Carlo)', () => {
    const random = seeded(7);
    const trueRate = 0.72;
    let covered = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t += 1) {
      let arrived = 0;
      for (let i = 0; i < 80; i += 1) if (random() < trueRate) arrived += 1;
      if (wilsonUpperBound(arrived / 80, 80) >= trueRate) covered += 1;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.94);
  });
});

describe('extra seats', () => {
  it('none without a trusted estimate, a cap or a room', () => {
    expect(extraSeatsFor({ capacity: 30, maxExtra: 10, targetRisk: 0.05, estimate: null })).toBe(0);
    expect(extraSeatsFor({ capacity: 30, maxExtra: 0, targetRisk: 0.05, estimate: estimate(0.6) })).toBe(0);
    expect(extraSeatsFor({ capacity: 30, maxExtra: 10, targetRisk: 0.05, estimate: estimate(1) })).toBe(0);
  });

  it('is the largest number whose overflow risk stays under the target', () => {
    const input = { capacity: 30, maxExtra: 50, targetRisk: 0.05, estimate: estimate(0.7) };
    const extra = extraSeatsFor(input);
    expect(extra).toBeGreaterThan(0);
    expect(overflowRisk(30 + extra, 30, 0.7, partyMixOf(ONES))).toBeLessThanOrEqual(0.05);
    expect(overflowRisk(30 + extra + 1, 30, 0.7, partyMixOf(ONES))).toBeGreaterThan(0.05);
    expect(extraSeatsFor({ ...input, maxExtra: 3 })).toBe(3);
  });

  it('books fewer extra seats for a higher show rate, a lower risk, or larger parties', () => {
    const base = { capacity: 40, maxExtra: 100, targetRisk: 0.05 };
    const at = (rate: number, risk = 0.05, parties: Record<number, number> = ONES) =>
      extraSeatsFor({ ...base, targetRisk: risk, estimate: estimate(rate, parties) });
    expect(at(0.6)).toBeGreaterThan(at(0.8));
    expect(at(0.7, 0.05)).toBeGreaterThan(at(0.7, 0.01));
    expect(at(0.7, 0.05, ONES)).toBeGreaterThanOrEqual(at(0.7, 0.05, { 2: 1 }));
  });

  it('keeps the turn-away rate under the target when parties arrive together (Monte Carlo)', () => {
    const random = seeded(11);
    const capacity = 30;
    const rate = 0.7;
    const extra = extraSeatsFor({ capacity, maxExtra: 50, targetRisk: 0.05, estimate: estimate(rate, PAIRS_AND_ONES) });
    let overflows = 0;
    const events = 5000;
    for (let e = 0; e < events; e += 1) {
      // Book capacity + extra seats in parties of 1 and 2 (mean 1.5), each party arriving as a whole.
      let booked = 0;
      let arrived = 0;
      while (booked < capacity + extra) {
        const party = Math.min(random() < 0.5 ? 1 : 2, capacity + extra - booked);
        booked += party;
        if (random() < rate) arrived += party;
      }
      if (arrived > capacity) overflows += 1;
    }
    expect(extra).toBeGreaterThan(0);
    expect(overflows / events).toBeLessThanOrEqual(0.05 + 0.01);
  });

  it('never falls below the seats already sold beyond the room, enabled or not', () => {
    const input = { capacity: 20, maxExtra: 2, targetRisk: 0.05, estimate: estimate(0.9) };
    expect(extraSeatsInForce({ ...input, enabled: true, confirmedSeats: 25 })).toBe(5);
    expect(extraSeatsInForce({ ...input, enabled: false, confirmedSeats: 25 })).toBe(5);
    expect(extraSeatsInForce({ ...input, enabled: false, confirmedSeats: 10 })).toBe(0);
  });
});
