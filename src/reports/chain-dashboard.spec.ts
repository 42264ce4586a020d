import { describe, expect, it } from '@jest/globals';
import { buildDashboard, dashboardCsv } from './chain-dashboard.js';
import type { ClinicMonthFigures } from './chain-dashboard.queries.js';

const figures = (clinic: string, month: string, counts: Partial<ClinicMonthFigures>): ClinicMonthFigures => ({
  clinicId: clinic,
  clinicName: clinic === 'a' ? '=HYPERLINK("x")' : 'Clinic B',
  clinicSlug: `clinic-${clinic}`,
  month,
  events: 1,
  seatsOffered: 10,
  seatsBooked: 5,
  reservations: 4,
  checkedIn: 3,
  noShows: 1,
  waitlistConversions: 0,
  ...counts,
});

describe('chain dashboard', () => {
  const dashboard = buildDashboard({ from: '2026-01', to: '2026-03' }, [
    figures('a', '2026-01', {}),
    figures('a', '2026-03', { seatsOffered: 0, seatsBooked: 0, checkedIn: 0, noShows: 0 }),
    figures('b', '2026-01', { seatsOffered: 30, seatsBooked: 15, checkedIn: 5, noShows: 5, waitlistConversions: 2 }),
  ]);

  it('divides only where there is something to divide by', () => {
    expect(dashboard.clinics[0].rows.map((row) => [row.month, row.fillRate, row.showRate])).toEqual([
      ['2026-01', 0.5, 0.75],
      ['2026-03', null, null],
    ]);
  });

  it("sums the chain's months from the clinics' counts, not from their rates, and keeps empty months", () => {
    expect(
      dashboard.chain.map((row) => [
        row.month,
        row.events,
        row.seatsOffered,
        row.fillRate,
        row.showRate,
        row.waitlistConversions,
      ]),
    ).toEqual([
      ['2026-01', 2, 40, 0.5, 8 / 14, 2],
      ['2026-02', 0, 0, null, null, 0],
      ['2026-03', 1, 0, null, null, 0],
    ]);
  });

  it('writes CSV a spreadsheet reads as data, never as a formula', () => {
    const lines = dashboardCsv(dashboard).split('\r\n');
    expect(lines[0]).toBe(
      'clinic,clinic_slug,month,events,seats_offered,seats_booked,reservations,fill_rate,checked_in,no_shows,show_rate,waitlist_conversions',
    );
    expect(lines[1]).toBe(`"'=HYPERLINK(""x"")",clinic-a,2026-01,1,10,5,4,0.5000,3,1,0.7500,0`);
    expect(lines[2]).toBe(`"'=HYPERLINK(""x"")",clinic-a,2026-03,1,0,0,4,,0,0,,0`);
    expect(lines.slice(4, 7)).toEqual([
      '*,*,2026-01,2,40,20,8,0.5000,8,6,0.5714,2',
      '*,*,2026-02,0,0,0,0,,0,0,,0',
      '*,*,2026-03,1,0,0,4,,0,0,,0',
    ]);
  });
});
