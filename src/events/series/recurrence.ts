import { DateTime } from 'luxon';
import rrule from 'rrule';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { wallClockToInstant } from '../../common/event-time.js';

/**
 * The pure part of a series: an RRULE expanded into the starts of its events, in the clinic's zone, with
 * the rule read strictly first. No database, no clock: EventSeriesService plans and writes the events.
 */

// rrule ships CommonJS (its ESM build is not marked as a module), so Node hands it over as one default export.
const { RRule } = rrule;

/** A series is a schedule for the months ahead, not an open-ended calendar. */
export const MAX_OCCURRENCES = 52;
export const SERIES_HORIZON_YEARS = 10;

export interface Occurrence {
  /** Wall-clock start in the event's zone, the same every time: "2026-03-10T18:00:00". */
  localStart: string;
  startsAt: Date;
}

/**
 * The starts of a recurring event: `rule` (an RFC 5545 RRULE value without DTSTART) expanded from
 * `firstStartLocal` (a wall-clock time without offset, e.g. "2026-03-03T18:00") over floating local
 * times, then each read in `zone`. So 18:00 every Tuesday stays 18:00 across a daylight-saving change
 * and the UTC instant moves by the hour instead. A wall-clock time skipped by the change (02:30 on the
 * spring-forward night) is read as luxon reads it, an hour later (03:30), as RFC 5545 says.
 *
 * Refuses (400 VALIDATION_FAILED, naming the field) a rule that cannot be read, that does not end
 * (no COUNT or UNTIL), repeats more often than daily, sets its own DTSTART or time of day, yields more
 * than 52 occurrences or reaches beyond 10 years, or whose first occurrence is not `firstStartLocal`.
 */
export function expandOccurrences(firstStartLocal: string, zone: string, rule: string): Occurrence[] {
  const first = readWallClock(firstStartLocal);
  const parts = readRule(rule);
  const horizon = first.plus({ years: SERIES_HORIZON_YEARS });
  const until = parts.UNTIL === undefined ? undefined : untilAsWallClock(parts.UNTIL, zone);
  if (until && until > horizon)
    refuseRule(`recurrence.rule's UNTIL must be within ${SERIES_HORIZON_YEARS} years of event.startsAt`);

  const starts = expandWallClock(rule, first, until ?? horizon);
  if (parts.COUNT !== undefined && starts.length < Number(parts.COUNT)) {
    refuseRule(
      `recurrence.rule yields only ${starts.length} of its COUNT=${parts.COUNT} occurrences within ${SERIES_HORIZON_YEARS} years of event.startsAt`,
    );
  }
  if (starts.length === 0) refuseRule('recurrence.rule has no occurrence between event.startsAt and its UNTIL');
  if (starts.length > MAX_OCCURRENCES)
    refuseRule(
      `recurrence.rule yields more than ${MAX_OCCURRENCES} occurrences; a series has at most ${MAX_OCCURRENCES}`,
    );
  if (+starts[0] !== +first) {
    throw fieldError(
      'event.startsAt',
      `event.startsAt (${first.toFormat("cccc yyyy-MM-dd'T'HH:mm")}) must be the first occurrence of recurrence.rule, which would be ${starts[0].toFormat("cccc yyyy-MM-dd'T'HH:mm")}`,
    );
  }
  return starts.map((start) => ({
    localStart: start.toFormat(start.millisecond ? "yyyy-MM-dd'T'HH:mm:ss.SSS" : "yyyy-MM-dd'T'HH:mm:ss"),
    startsAt: wallClockToInstant(start.toObject(), zone),
  }));
}

// ----- Reading an RRULE value strictly (rrule's own parser lets "FREQ=FOO" or "COUNT=abc" through) -----

const WEEKDAY = '(MO|TU|WE|TH|FR|SA|SU)';
const PARTS = [
  'FREQ',
  'UNTIL',
  'COUNT',
  'INTERVAL',
  'BYSECOND',
  'BYMINUTE',
  'BYHOUR',
  'BYDAY',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
] as const;
type RulePart = (typeof PARTS)[number];

const numberList = (max: number, signed: boolean) => (value: string) =>
  value
    .split(',')
    .every(
      (item) =>
        (signed ? /^[+-]?\d{1,3}$/ : /^\d{1,3}$/).test(item) &&
        Math.abs(Number(item)) >= 1 &&
        Math.abs(Number(item)) <= max,
    );

const VALID_VALUE: Record<RulePart, (value: string) => boolean> = {
  FREQ: (value) => /^(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)$/.test(value),
  UNTIL: (value) => /^\d{8}(T\d{6}Z?)?$/.test(value),
  COUNT: (value) => /^\d{1,6}$/.test(value) && Number(value) >= 1,
  INTERVAL: (value) => /^\d{1,4}$/.test(value) && Number(value) >= 1,
  BYSECOND: () => true, // refused below with the reason
  BYMINUTE: () => true,
  BYHOUR: () => true,
  BYDAY: (value) =>
    value.split(',').every((item) => {
      const match = new RegExp(`^([+-]?\\d{1,2})?${WEEKDAY}$`).exec(item);
      return (
        match !== null &&
        (match[1] === undefined || (Math.abs(Number(match[1])) >= 1 && Math.abs(Number(match[1])) <= 53))
      );
    }),
  BYMONTHDAY: numberList(31, true),
  BYYEARDAY: numberList(366, true),
  BYWEEKNO: numberList(53, true),
  BYMONTH: numberList(12, false),
  BYSETPOS: numberList(366, true),
  WKST: (value) => new RegExp(`^${WEEKDAY}$`).test(value),
};

/** The rule's parts by name, after every check that needs only the rule itself. */
function readRule(rule: string): Partial<Record<RulePart, string>> {
  const text = rule.trim().toUpperCase();
  if (text.includes('DTSTART'))
    refuseRule('recurrence.rule must not contain DTSTART: the first occurrence is event.startsAt');
  if (/[\r\n]/.test(text))
    refuseRule('recurrence.rule must be a single RRULE value such as FREQ=WEEKLY;BYDAY=TU;COUNT=8');
  const parts: Partial<Record<RulePart, string>> = {};
  for (const item of text.replace(/^RRULE:/, '').split(';')) {
    const [name, value, extra] = item.split('=');
    if (!(PARTS as readonly string[]).includes(name) || value === undefined || extra !== undefined) {
      refuseRule(`recurrence.rule is not an RRULE value: cannot read "${item}" (e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=8)`);
    }
    const part = name as RulePart;
    if (parts[part] !== undefined) refuseRule(`recurrence.rule has ${part} twice`);
    if (!VALID_VALUE[part](value)) refuseRule(`recurrence.rule has an invalid ${part} value "${value}"`);
    parts[part] = value;
  }
  const freq = parts.FREQ;
  if (freq === undefined) refuseRule('recurrence.rule needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)');
  if (['SECONDLY', 'MINUTELY', 'HOURLY'].includes(freq)) {
    refuseRule(
      `recurrence.rule repeats ${freq}: a series repeats at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)`,
    );
  }
  for (const part of ['BYHOUR', 'BYMINUTE', 'BYSECOND'] as const) {
    if (parts[part] !== undefined)
      refuseRule(`recurrence.rule must not set ${part}: every occurrence starts at the time of day of event.startsAt`);
  }
  if (parts.COUNT === undefined && parts.UNTIL === undefined)
    refuseRule('recurrence.rule needs COUNT or UNTIL: a series must end');
  if (parts.COUNT !== undefined && parts.UNTIL !== undefined)
    refuseRule('recurrence.rule must not have both COUNT and UNTIL');
  if (parts.COUNT !== undefined && Number(parts.COUNT) > MAX_OCCURRENCES) {
    refuseRule(`recurrence.rule has COUNT=${parts.COUNT}; a series has at most ${MAX_OCCURRENCES} occurrences`);
  }
  // RFC 5545 3.3.10: where these parts may appear.
  if (parts.BYWEEKNO !== undefined && freq !== 'YEARLY')
    refuseRule('recurrence.rule may use BYWEEKNO only with FREQ=YEARLY');
  if (parts.BYYEARDAY !== undefined && freq !== 'YEARLY')
    refuseRule('recurrence.rule may use BYYEARDAY only with FREQ=YEARLY');
  if (parts.BYMONTHDAY !== undefined && freq === 'WEEKLY')
    refuseRule('recurrence.rule must not use BYMONTHDAY with FREQ=WEEKLY');
  if (
    parts.BYDAY !== undefined &&
    /\d/.test(parts.BYDAY) &&
    (!['MONTHLY', 'YEARLY'].includes(freq) || parts.BYWEEKNO !== undefined)
  ) {
    refuseRule('recurrence.rule may number BYDAY (e.g. 1TU) only with FREQ=MONTHLY or YEARLY');
  }
  return parts;
}

/**
 * UNTIL as a wall-clock time in the zone: a UTC time (…Z) is converted, a local one taken as written,
 * and a bare date includes that whole day.
 */
function untilAsWallClock(until: string, zone: string): DateTime {
  const parsed = until.endsWith('Z')
    ? DateTime.fromFormat(until, "yyyyMMdd'T'HHmmss'Z'", { zone: 'utc' })
        .setZone(zone)
        .setZone('utc', { keepLocalTime: true })
    : until.includes('T')
      ? DateTime.fromFormat(until, "yyyyMMdd'T'HHmmss", { zone: 'utc' })
      : DateTime.fromFormat(until, 'yyyyMMdd', { zone: 'utc' }).endOf('day');
  if (!parsed.isValid) refuseRule(`recurrence.rule has an invalid UNTIL value "${until}"`);
  return parsed;
}

/**
 * rrule expands over "floating" times: a JS Date whose UTC fields are the wall-clock time. It looks for a
 * match until the year 9999 whatever UNTIL says, so a rule that can never match
 * (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) would spin through 8,000 years of days. So the rule runs on the
 * latest years before 9999 whose calendars are exactly those of the series' years (same leap day, same
 * weekdays), which leaves rrule a few decades at most to search, and the results are moved back.
 */
function expandWallClock(rule: string, first: DateTime, until: DateTime): DateTime[] {
  const { expansion, shiftYears } = shiftedExpansion(rule, first, until);
  return expansion
    .all((_date, found) => found <= MAX_OCCURRENCES) // one more than allowed is enough to refuse
    .map((date) => DateTime.fromJSDate(date, { zone: 'utc' }).minus({ years: shiftYears }));
}

/** The rule as rrule will run it: from `first` moved `shiftYears` ahead, so its search ends at 9999 within a few decades. */
export function shiftedExpansion(
  rule: string,
  first: DateTime,
  until: DateTime,
): { expansion: InstanceType<typeof RRule>; shiftYears: number } {
  const shiftYears = calendarShiftYears(first.year - 1, until.year + 1);
  const options = RRule.parseString(
    rule
      .trim()
      .toUpperCase()
      .replace(/^RRULE:/, ''),
  );
  delete options.until;
  const expansion = new RRule({
    ...options,
    dtstart: first.plus({ years: shiftYears }).toJSDate(),
    until: until.plus({ years: shiftYears }).toJSDate(),
  });
  return { expansion, shiftYears };
}

const LAST_RRULE_YEAR = 9999;

/** The largest shift that maps the years `from`..`to` onto identical calendars no later than 9999 (the calendar repeats every 400 years, so one exists). */
export function calendarShiftYears(from: number, to: number): number {
  const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const firstWeekday = (year: number) => new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const sameCalendar = (year: number, shift: number) =>
    isLeap(year) === isLeap(year + shift) && firstWeekday(year) === firstWeekday(year + shift);
  for (let shift = LAST_RRULE_YEAR - to; shift > 0; shift -= 1) {
    let same = true;
    for (let year = from; year <= to && same; year += 1) same = sameCalendar(year, shift);
    if (same) return shift;
  }
  return 0;
}

function readWallClock(text: string): DateTime {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(text)) throw new Error('expandOccurrences takes a wall-clock time without an offset');
  const wallClock = DateTime.fromISO(text, { zone: 'utc' });
  if (!wallClock.isValid) throw fieldError('event.startsAt', 'event.startsAt is not a real date-time');
  return wallClock;
}

function refuseRule(problem: string): never {
  throw fieldError('recurrence.rule', problem);
}

export function fieldError(field: string, problem: string): ValidationFailedError {
  return new ValidationFailedError(problem, { fields: [{ field, problems: [problem] }] });
}
