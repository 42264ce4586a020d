/** A range of calendar months, both ends included, as `YYYY-MM` (months are read in each clinic's own zone). */
export interface MonthRange {
  from: string;
  to: string;
}

export type MonthRangeProblem = { field: 'from' | 'to'; code: 'INVALID_MONTH' | 'RANGE_REVERSED' | 'RANGE_TOO_LONG' };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The dashboard covers at most two years at a time. */
export const MAX_MONTHS = 24;

/** The months of `range`, in order. */
export function monthsOf(range: MonthRange): string[] {
  const months: string[] = [];
  for (let index = monthIndex(range.from); index <= monthIndex(range.to); index += 1) months.push(monthOf(index));
  return months;
}

/** The last six months up to and including the current one (in UTC, close enough for a default). */
export function defaultRange(now: Date): MonthRange {
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return { from: monthOf(current - 5), to: monthOf(current) };
}

/**
 * Reads `from`/`to` from a query string (either may be left out: the default then fills it). Answers the
 * range, or the problems found, each naming its field, so a form can show them beside the fields.
 */
export function readMonthRange(
  query: Record<string, unknown>,
  now: Date,
): { range?: MonthRange; problems: MonthRangeProblem[] } {
  const fallback = defaultRange(now);
  const problems: MonthRangeProblem[] = [];
  const read = (field: 'from' | 'to'): string => {
    const value = query[field];
    if (value === undefined || value === '') return fallback[field];
    if (typeof value !== 'string' || !MONTH.test(value)) {
      problems.push({ field, code: 'INVALID_MONTH' });
      return fallback[field];
    }
    return value;
  };
  const range = { from: read('from'), to: read('to') };
  if (problems.length > 0) return { problems };
  if (monthIndex(range.from) > monthIndex(range.to)) return { problems: [{ field: 'to', code: 'RANGE_REVERSED' }] };
  if (monthIndex(range.to) - monthIndex(range.from) + 1 > MAX_MONTHS)
    return { problems: [{ field: 'to', code: 'RANGE_TOO_LONG' }] };
  return { range, problems };
}

/** The first instant of a month on a wall clock, as PostgreSQL's `timestamp` reads it: '2026-03-01 00:00'. */
export function monthStart(month: string): string {
  return `${month}-01 00:00`;
}

/** The month after `month`. */
export function nextMonth(month: string): string {
  return monthOf(monthIndex(month) + 1);
}

function monthIndex(month: string): number {
  const [, year, number] = MONTH.exec(month)!;
  return Number(year) * 12 + Number(number) - 1;
}

function monthOf(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}
