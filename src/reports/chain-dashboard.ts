import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../reservations/front-desk/attendee-export.js';
import type { ClinicMonthFigures } from './chain-dashboard.queries.js';
import { type MonthRange, monthsOf } from './month-range.js';

/** One row of the dashboard: a clinic's month (or the whole chain's), with its rates. */
export interface DashboardRow extends Omit<ClinicMonthFigures, 'clinicId' | 'clinicName' | 'clinicSlug'> {
  /** Seats booked / seats offered; null when nothing was offered. */
  fillRate: number | null;
  /** Checked in / (checked in + no-shows), over completed events; null before any was completed. */
  showRate: number | null;
}

export interface ClinicRows {
  clinicId: string;
  name: string;
  slug: string;
  rows: DashboardRow[];
}

export interface ChainDashboard {
  range: MonthRange;
  months: string[];
  /** Clinics with at least one event in the range, by name; each with a row for every month it had events. */
  clinics: ClinicRows[];
  /** The whole chain, one row per month of the range (months without events have zeros). */
  chain: DashboardRow[];
}

type Counts = Omit<ClinicMonthFigures, 'clinicId' | 'clinicName' | 'clinicSlug' | 'month'>;
const ZERO: Counts = {
  events: 0,
  seatsOffered: 0,
  seatsBooked: 0,
  reservations: 0,
  checkedIn: 0,
  noShows: 0,
  waitlistConversions: 0,
};

/** The dashboard from the query's rows: rates per clinic and month, and the chain's totals per month. */
export function buildDashboard(range: MonthRange, figures: ClinicMonthFigures[]): ChainDashboard {
  const clinics = new Map<string, ClinicRows>();
  for (const figure of figures) {
    const clinic = clinics.get(figure.clinicId) ?? {
      clinicId: figure.clinicId,
      name: figure.clinicName,
      slug: figure.clinicSlug,
      rows: [],
    };
    clinic.rows.push(withRates(figure.month, figure));
    clinics.set(figure.clinicId, clinic);
  }
  const months = monthsOf(range);
  const chain = months.map((month) => withRates(month, sum(figures.filter((figure) => figure.month === month))));
  return { range, months, clinics: [...clinics.values()], chain };
}

export function withRates(month: string, counts: Counts): DashboardRow {
  const attended = counts.checkedIn + counts.noShows;
  return {
    month,
    ...pickCounts(counts),
    fillRate: counts.seatsOffered > 0 ? counts.seatsBooked / counts.seatsOffered : null,
    showRate: attended > 0 ? counts.checkedIn / attended : null,
  };
}

function sum(rows: Counts[]): Counts {
  return rows.reduce<Counts>(
    (total, row) =>
      Object.fromEntries(
        Object.keys(ZERO).map((key) => [key, total[key as keyof Counts] + row[key as keyof Counts]]),
      ) as unknown as Counts,
    { ...ZERO },
  );
}

function pickCounts(counts: Counts): Counts {
  return Object.fromEntries(Object.keys(ZERO).map((key) => [key, counts[key as keyof Counts]])) as unknown as Counts;
}

const CSV_COLUMNS = [
  'clinic',
  'clinic_slug',
  'month',
  'events',
  'seats_offered',
  'seats_booked',
  'reservations',
  'fill_rate',
  'checked_in',
  'no_shows',
  'show_rate',
  'waitlist_conversions',
];

/**
 * The dashboard as CSV (RFC 4180, header row, machine-readable column names): one row per clinic and
 * month, then the chain's totals per month under the clinic "*". Rates as decimals (0.8125), empty when
 * there is nothing to divide by.
 */
export function dashboardCsv(dashboard: ChainDashboard): string {
  const line = (clinic: string, slug: string, row: DashboardRow) => ({
    clinic: neutraliseFormula(clinic),
    clinic_slug: slug,
    month: row.month,
    events: String(row.events),
    seats_offered: String(row.seatsOffered),
    seats_booked: String(row.seatsBooked),
    reservations: String(row.reservations),
    fill_rate: rate(row.fillRate),
    checked_in: String(row.checkedIn),
    no_shows: String(row.noShows),
    show_rate: rate(row.showRate),
    waitlist_conversions: String(row.waitlistConversions),
  });
  const rows = [
    ...dashboard.clinics.flatMap((clinic) => clinic.rows.map((row) => line(clinic.name, clinic.slug, row))),
    ...dashboard.chain.map((row) => line('*', '*', row)),
  ];
  return stringify(rows, { header: true, columns: CSV_COLUMNS, record_delimiter: '\r\n' });
}

function rate(value: number | null): string {
  return value === null ? '' : value.toFixed(4);
}
