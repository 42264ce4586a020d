import { describe, expect, it } from '@jest/globals';
import type { Features } from '../../bench/sim/attendance-season.js';
import { DEFAULT_MODEL, NO_FEATURES, SCENARIOS, simulateSeasons } from '../../bench/sim/scenarios.js';

/*
 * The shortened run of `npm run sim:attendance` (issue 9): fewer seasons, the same model and rules. It checks
 * what the note's table claims: overbooking keeps turn-aways at the door at or under the target, and each
 * feature changes the figures the way it is meant to.
 */
const SEASONS = 4;
const run = (features: Features, model = DEFAULT_MODEL) => simulateSeasons(model, features, SEASONS);
const scenario = (name: string) => SCENARIOS.find((s) => s.name === name)!.features;
const filledShare = (features: Features, model = DEFAULT_MODEL) => {
  const figures = run(features, model);
  return figures.seatsFilled / figures.seatsOffered;
};

describe('a season of synthetic seminars, with and without each feature', () => {
  it('is the same every time for the same seed, and its figures add up', () => {
    expect(run(scenario('all'))).toEqual(run(scenario('all')));
    for (const { features } of SCENARIOS) {
      const f = run(features);
      expect(f.sessions).toBe(SEASONS * DEFAULT_MODEL.series * DEFAULT_MODEL.sessionsPerSeries);
      expect(f.seatsFilled).toBeLessThanOrEqual(f.seatsOffered);
      if (!features.overbooking) expect(f.turnedAway).toBe(0);
    }
  });

  it.each([
    ['the default model', DEFAULT_MODEL],
    ['people who come less (show rate 0.55)', { ...DEFAULT_MODEL, showRate: 0.55 }],
    ['people who come more (show rate 0.88)', { ...DEFAULT_MODEL, showRate: 0.88 }],
    ['larger parties (60 % of two)', { ...DEFAULT_MODEL, twoSeatShare: 0.6 }],
    ['a careful clinic (1 % risk)', { ...DEFAULT_MODEL, targetRisk: 0.01 }],
  ])('overbooking keeps the sessions that turn someone away at or under the target: %s', (_, model) => {
    for (const features of [scenario('overbooking'), scenario('all but release'), scenario('all')]) {
      const f = run(features, model);
      expect(f.sessionsWithTurnAway / f.sessions).toBeLessThanOrEqual(model.targetRisk);
    }
  });

  it('overbooking sells seats beyond the room and fills more of them with people who came', () => {
    const f = run(scenario('overbooking'));
    expect(f.extraSeatsSold).toBeGreaterThan(0);
    expect(filledShare(scenario('overbooking'))).toBeGreaterThan(filledShare(NO_FEATURES));
  });

  it('reconfirmation frees the seats of people who would not come for the waiting list', () => {
    expect(run(scenario('reconfirm')).waitlistConversions).toBeGreaterThan(run(NO_FEATURES).waitlistConversions);
    expect(filledShare(scenario('reconfirm'))).toBeGreaterThan(filledShare(NO_FEATURES));
  });

  it('release drops some people who would have come: that is why it is off by default', () => {
    expect(run(scenario('reconfirm + release')).releasedComers).toBeGreaterThan(0);
    expect(filledShare(scenario('reconfirm + release'))).toBeLessThan(filledShare(scenario('reconfirm')));
  });

  it('late offers fill more seats than automatic late seats that people no longer use', () => {
    expect(filledShare(scenario('late offers'))).toBeGreaterThan(filledShare(NO_FEATURES));
  });

  it('"any of these sessions" and the other sessions offered fill the quieter sessions', () => {
    expect(filledShare(scenario('any session'))).toBeGreaterThan(filledShare(NO_FEATURES));
  });
});
