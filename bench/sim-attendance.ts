/**
 * `npm run sim:attendance`: a season of synthetic seminars replayed with and without each of issue 9's
 * features (bench/sim/attendance-season.ts), printed as one table. SEASONS (default 20) seasons are added up;
 * the model's numbers are printed first so that the table can be read against them.
 */
import { DEFAULT_MODEL, SCENARIOS, simulateSeasons } from './sim/scenarios.js';

const seasons = Number(process.env.SEASONS ?? 20);
const model = DEFAULT_MODEL;
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

console.log(`sim:attendance: ${seasons} seasons of ${model.series} series × ${model.sessionsPerSeries} sessions`);
console.log(`model: ${JSON.stringify({ ...model, seed: undefined })}`);
console.log('');
console.log(
  '| features | seats offered | seats filled by people who came | turned away at the door | sessions with a turn-away | waiting-list conversions | comers released | seats sold beyond the room |',
);
console.log('|---|---|---|---|---|---|---|---|');
let failed = false;
for (const { name, features } of SCENARIOS) {
  const f = simulateSeasons(model, features, seasons);
  console.log(
    `| ${name} | ${f.seatsOffered} | ${f.seatsFilled} (${percent(f.seatsFilled, f.seatsOffered)}) | ${f.turnedAway} | ` +
      `${f.sessionsWithTurnAway} (${percent(f.sessionsWithTurnAway, f.sessions)}) | ${f.waitlistConversions} | ` +
      `${f.releasedComers} | ${f.extraSeatsSold} |`,
  );
  if (features.overbooking && f.sessionsWithTurnAway / f.sessions > model.targetRisk) failed = true;
}
console.log('');
console.log(`target: sessions with a turn-away at or under ${percent(model.targetRisk, 1)} wherever overbooking is on`);
if (failed) {
  console.log('FAILED: overbooking turned people away more often than the target');
  process.exit(1);
}
