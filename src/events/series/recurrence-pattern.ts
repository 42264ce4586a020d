import { DateTime } from 'luxon';

/**
 * The simple repeats people pick in a form, written as the RFC 5545 RRULE value the series API takes
 * (and expandOccurrences reads): weekly or every N weeks on the first date's weekday, or monthly (every
 * N months) on that weekday's place in the month ("2nd Tuesday", "last Friday"); ending after a number
 * of sessions or on a date. Pure: the rule is all there is, so the API and the pages cannot disagree.
 */

export type RepeatKind = 'weekly' | 'monthly';
export const REPEAT_KINDS: readonly RepeatKind[] = ['weekly', 'monthly'];

export interface RecurrencePattern {
  repeat: RepeatKind;
  /** Every 1st, 2nd, … week or month. */
  interval: number;
  /** For `monthly`: the weekday's place counted from the end of the month (last Friday) instead of the start. */
  fromMonthEnd?: boolean;
  /** Ends after this many sessions … */
  count?: number;
  /** … or on this date (YYYY-MM-DD, that day included). */
  until?: string;
}

const RRULE_WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** Which of its weekdays a date is in its month: the 2nd Tuesday is 2; counted from the end, the last one is -1. */
export function weekdayPlace(firstDate: string, fromMonthEnd = false): number {
  const day = DateTime.fromISO(firstDate, { zone: 'utc' });
  if (!day.isValid) throw new Error(`weekdayPlace: "${firstDate}" is not a date`);
  return fromMonthEnd ? -(Math.floor((day.daysInMonth! - day.day) / 7) + 1) : Math.floor((day.day - 1) / 7) + 1;
}

/** The date is in the last seven days of its month, so "last <weekday>" describes it. */
export function isInLastWeekOfMonth(firstDate: string): boolean {
  return weekdayPlace(firstDate, true) === -1;
}

/** The RRULE value for a pattern starting on `firstDate` (YYYY-MM-DD), e.g. FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU;COUNT=6. */
export function ruleForPattern(firstDate: string, pattern: RecurrencePattern): string {
  const day = DateTime.fromISO(firstDate, { zone: 'utc' });
  if (!day.isValid) throw new Error(`ruleForPattern: "${firstDate}" is not a date`);
  const weekday = RRULE_WEEKDAYS[day.weekday - 1];
  const parts = [`FREQ=${pattern.repeat === 'weekly' ? 'WEEKLY' : 'MONTHLY'}`, `INTERVAL=${pattern.interval}`];
  parts.push(
    pattern.repeat === 'weekly'
      ? `BYDAY=${weekday}`
      : `BYDAY=${weekdayPlace(firstDate, pattern.fromMonthEnd)}${weekday}`,
  );
  if (pattern.until !== undefined) parts.push(`UNTIL=${pattern.until.replace(/-/g, '')}`);
  else parts.push(`COUNT=${pattern.count ?? 1}`);
  return parts.join(';');
}
