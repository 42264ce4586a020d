/**
 * No-show-aware overbooking (issue 9, DESIGN rule 11), free of Nest, SQL and HTTP.
 *
 * The model. People come in parties: a party arrives together or not at all, so seats are not independent
 * coin flips (a plain binomial on seats understates how often the door overflows: with parties of 1 and 2 the
 * variance of the arriving seats is 1.67 times the binomial's). So the arriving seats are computed exactly as
 * a sum of parties, each arriving with the show rate p: for an event's actual bookings from its parties' sizes,
 * and for planning from the clinic's measured mix of party sizes (bookings fill the seats with parties drawn
 * from that mix). With every party of one seat this is the binomial on seats.
 *
 * The estimate. The measured rate is checked-in seats over confirmed seats of the clinic's completed events of
 * the same kind. Overbooking goes wrong when people come more often than we think, so the rate used is
 * conservative: the upper end of a one-sided 95 % Wilson interval on the measured rate, counted in parties
 * (the independent units), and nothing is overbooked below a minimum sample.
 *
 * The extra seats are the largest e (up to the staff's cap) for which P(arrivals > capacity) stays at or under
 * the target risk when capacity + e seats are booked. The simulation (`npm run sim:attendance`) checks the
 * result: the share of events that turn someone away at the door stays at or under the target.
 */

/** One-sided 95 %: the rate used is below the true one in at most 5 % of samples. */
const Z_ONE_SIDED_95 = 1.6449;
/** Below this many booked seats (or completed events) the rate is not trusted and nothing is overbooked. */
export const MIN_SAMPLE_SEATS = 60;
export const MIN_SAMPLE_EVENTS = 3;

/** What the completed events of one clinic and kind show. */
export interface AttendanceSample {
  /** Completed events the sample comes from. */
  events: number;
  /** Seats confirmed at completion (checked in or no-show), walk-ins excluded. */
  bookedSeats: number;
  /** Of those, seats checked in (or joined, for a webinar). */
  arrivedSeats: number;
  /** Parties (reservations) behind bookedSeats. */
  bookedParties: number;
  /** How many of those parties had each size: { 1: 40, 2: 25 }. */
  partySizes: Record<number, number>;
}

/** The share of parties of each size. */
export type PartyMix = { size: number; share: number }[];

export interface ShowRateEstimate {
  /** Measured: arrived / booked seats. */
  measured: number;
  /** Conservative (upper confidence bound): the rate overbooking plans with. */
  conservative: number;
  /** The mix of party sizes bookings are planned with. */
  partyMix: PartyMix;
  sample: AttendanceSample;
}

/** The show rate to plan with, or null when the sample is too small to trust. */
export function estimateShowRate(sample: AttendanceSample): ShowRateEstimate | null {
  if (sample.bookedSeats < MIN_SAMPLE_SEATS || sample.events < MIN_SAMPLE_EVENTS || sample.bookedParties < 1) {
    return null;
  }
  const measured = Math.min(1, sample.arrivedSeats / sample.bookedSeats);
  return {
    measured,
    conservative: wilsonUpperBound(measured, sample.bookedParties),
    partyMix: partyMixOf(sample.partySizes),
    sample,
  };
}

/** Upper end of the one-sided 95 % Wilson score interval for a proportion `rate` observed over `n` trials. */
export function wilsonUpperBound(rate: number, n: number): number {
  const z2 = Z_ONE_SIDED_95 * Z_ONE_SIDED_95;
  const centre = rate + z2 / (2 * n);
  const spread = Z_ONE_SIDED_95 * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n));
  return Math.min(1, (centre + spread) / (1 + z2 / n));
}

export function partyMixOf(partySizes: Record<number, number>): PartyMix {
  const entries = Object.entries(partySizes)
    .map(([size, count]) => ({ size: Number(size), count }))
    .filter(({ size, count }) => size >= 1 && count > 0);
  const total = entries.reduce((sum, { count }) => sum + count, 0);
  if (total === 0) return [{ size: 1, share: 1 }];
  return entries.map(({ size, count }) => ({ size, share: count / total }));
}

/** P(more than `capacity` seats arrive) from parties of these sizes, each arriving whole with `showRate`. */
export function overflowRiskForParties(partySizes: readonly number[], capacity: number, showRate: number): number {
  let arrivals = [1];
  for (const size of partySizes) {
    const next = new Array<number>(arrivals.length + size).fill(0);
    arrivals.forEach((chance, seats) => {
      next[seats] += chance * (1 - showRate);
      next[seats + size] += chance * showRate;
    });
    arrivals = next;
  }
  return tailAbove(arrivals, capacity);
}

/**
 * For every number of booked seats b up to `maxSeats`, the distribution of arriving seats when b seats are
 * booked by parties drawn from `mix` (the last party cut to the seats left): arrivals[b][a] = P(a arrive).
 */
export function plannedArrivals(maxSeats: number, showRate: number, mix: PartyMix): number[][] {
  const arrivals: number[][] = [[1]];
  for (let booked = 1; booked <= maxSeats; booked += 1) {
    const here = new Array<number>(booked + 1).fill(0);
    for (const { size, share } of mix) {
      const party = Math.min(size, booked);
      arrivals[booked - party].forEach((chance, seats) => {
        here[seats] += share * chance * (1 - showRate);
        here[seats + party] += share * chance * showRate;
      });
    }
    arrivals.push(here);
  }
  return arrivals;
}

/** P(more than `capacity` seats arrive) when `bookedSeats` are booked by parties from `mix`. */
export function overflowRisk(bookedSeats: number, capacity: number, showRate: number, mix: PartyMix): number {
  if (bookedSeats <= capacity) return 0;
  return tailAbove(plannedArrivals(bookedSeats, showRate, mix)[bookedSeats], capacity);
}

function tailAbove(distribution: readonly number[], seats: number): number {
  let total = 0;
  for (let arrived = seats + 1; arrived < distribution.length; arrived += 1) total += distribution[arrived];
  return Math.min(1, total);
}

/** Seats expected to arrive when `bookedSeats` are booked. */
export function expectedArrivals(bookedSeats: number, showRate: number): number {
  return bookedSeats * showRate;
}

export interface ExtraSeatsInput {
  capacity: number;
  maxExtra: number;
  /** Largest accepted overflow risk, 0–1 (the event's percent / 100). */
  targetRisk: number;
  estimate: ShowRateEstimate | null;
}

/** The extra seats to book beyond the room: 0 without a trusted estimate, at most maxExtra. */
export function extraSeatsFor({ capacity, maxExtra, targetRisk, estimate }: ExtraSeatsInput): number {
  if (!estimate || maxExtra <= 0 || capacity <= 0) return 0;
  const arrivals = plannedArrivals(capacity + maxExtra, estimate.conservative, estimate.partyMix);
  let extra = 0;
  // The risk rises with every seat added, so the first seat past the target ends the search.
  while (extra < maxExtra && tailAbove(arrivals[capacity + extra + 1], capacity) <= targetRisk) extra += 1;
  return extra;
}

/**
 * The extra seats an event may hold now: what the estimate allows, but never fewer than the seats already
 * confirmed beyond the room (they cannot be taken back, and the database's CHECK must keep holding).
 */
export function extraSeatsInForce(input: ExtraSeatsInput & { enabled: boolean; confirmedSeats: number }): number {
  const alreadyBeyondRoom = Math.max(0, input.confirmedSeats - input.capacity);
  return Math.max(alreadyBeyondRoom, input.enabled ? extraSeatsFor(input) : 0);
}
