import { type Features, noFigures, type SeasonFigures, type SeasonModel, simulateSeason } from './attendance-season.js';

/**
 * The season `npm run sim:attendance` replays and the feature sets it compares. The model's numbers are
 * assumptions about people, printed with the table; change them here to see what the features do under others.
 */
export const DEFAULT_MODEL: SeasonModel = {
  seed: 2027,
  series: 12,
  sessionsPerSeries: 4,
  capacity: 30,
  demand: 1.5,
  demandStep: 0.3,
  twoSeatShare: 0.4,
  showRate: 0.72,
  earlyCancelRate: 0.08,
  lateCancelRate: 0.25,
  saysCantComeRate: 0.5,
  silentComerRate: 0.12,
  answersWarningRate: 0.5,
  latePromotedShowRate: 0.45,
  offerAcceptRate: 0.6,
  takesAlternativeRate: 0.6,
  anySessionRate: 0.4,
  targetRisk: 0.05,
  maxExtra: 12,
};

export const NO_FEATURES: Features = {
  reconfirm: false,
  release: false,
  offers: false,
  multiSession: false,
  overbooking: false,
};

/** Each feature alone, then all of them, against none. */
export const SCENARIOS: { name: string; features: Features }[] = [
  { name: 'none', features: NO_FEATURES },
  { name: 'reconfirm', features: { ...NO_FEATURES, reconfirm: true } },
  { name: 'reconfirm + release', features: { ...NO_FEATURES, reconfirm: true, release: true } },
  { name: 'late offers', features: { ...NO_FEATURES, offers: true } },
  { name: 'any session', features: { ...NO_FEATURES, multiSession: true } },
  { name: 'overbooking', features: { ...NO_FEATURES, overbooking: true } },
  {
    name: 'all but release',
    features: { reconfirm: true, release: false, offers: true, multiSession: true, overbooking: true },
  },
  {
    name: 'all',
    features: { reconfirm: true, release: true, offers: true, multiSession: true, overbooking: true },
  },
];

/** Several seasons (seeds) added up, so that a figure is not one season's luck. */
export function simulateSeasons(model: SeasonModel, features: Features, seasons: number): SeasonFigures {
  const total = noFigures();
  for (let season = 0; season < seasons; season += 1) {
    const figures = simulateSeason({ ...model, seed: model.seed + season * 7919 }, features);
    for (const key of Object.keys(total) as (keyof SeasonFigures)[]) total[key] += figures[key];
  }
  return total;
}
