import type { Locale } from './locales.js';

/**
 * The one place that turns an instant into words: always in the event's own zone, in the reader's
 * language and its conventions (24-hour clock in pt-PT, 12-hour in en), with the zone's generic name
 * ("Central Time", "Hora da Europa Ocidental"). Intl formatters are costly to build, so they are kept.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, found);
  }
  return found;
}

const FULL_DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const SHORT_DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };
const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

export interface EventTimes {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
}

/** "Sunday, December 6, 2026" / "domingo, 6 de dezembro de 2026" */
export function formatDay(instant: Date, timeZone: string, locale: Locale): string {
  return formatter(locale, timeZone, FULL_DAY).format(instant);
}

/** "Sun, Dec 6" / "dom., 6/12": for lists. */
export function formatShortDay(instant: Date, timeZone: string, locale: Locale): string {
  return formatter(locale, timeZone, SHORT_DAY).format(instant);
}

/**
 * A list's short day that names the year when it is not this year (both read in the event's zone):
 * "Sun, Dec 6" this year, "Wed, Jan 6, 2027" / "qua., 06/01/2027" in another. `now` is passed in.
 */
export function formatListDay(instant: Date, timeZone: string, locale: Locale, now: Date): string {
  const year = formatter('en', timeZone, { year: 'numeric' });
  if (year.format(instant) === year.format(now)) return formatShortDay(instant, timeZone, locale);
  return formatter(locale, timeZone, { ...SHORT_DAY, year: 'numeric' }).format(instant);
}

/** "6:00 – 7:30 PM" / "18:00 – 19:30" */
export function formatTimeRange({ startsAt, endsAt, timeZone }: EventTimes, locale: Locale): string {
  return formatter(locale, timeZone, TIME).formatRange(startsAt, endsAt);
}

/** "Central Time" / "Hora da Europa Ocidental" */
export function formatZoneName(instant: Date, timeZone: string, locale: Locale): string {
  const parts = formatter(locale, timeZone, { ...TIME, timeZoneName: 'longGeneric' }).formatToParts(instant);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** "Sunday, December 6, 2026, 6:00 – 7:30 PM (Central Time)"; across midnight both ends carry their day. */
export function formatWhen(times: EventTimes, locale: Locale): string {
  const zone = formatZoneName(times.startsAt, times.timeZone, locale);
  const sameDay = formatDay(times.startsAt, times.timeZone, locale) === formatDay(times.endsAt, times.timeZone, locale);
  if (sameDay)
    return `${formatDay(times.startsAt, times.timeZone, locale)}, ${formatTimeRange(times, locale)} (${zone})`;
  const full = formatter(locale, times.timeZone, { ...FULL_DAY, ...TIME });
  return `${full.formatRange(times.startsAt, times.endsAt)} (${zone})`;
}

/** "Dec 4, 2026, 6:00 PM" / "4/12/2026, 18:00": a deadline or an opening time, in the event's zone. */
export function formatDateTime(instant: Date, timeZone: string, locale: Locale): string {
  return formatter(locale, timeZone, { dateStyle: 'medium', timeStyle: 'short' }).format(instant);
}

/** "March 2026" / "março de 2026" (`short`: "Mar 2026" / "mar. de 2026"): a calendar month (YYYY-MM) of a report. */
export function formatMonth(month: string, locale: Locale, length: 'long' | 'short' = 'long'): string {
  const [year, number] = month.split('-').map(Number);
  return formatter(locale, 'UTC', { month: length, year: 'numeric' }).format(new Date(Date.UTC(year, number - 1, 15)));
}
