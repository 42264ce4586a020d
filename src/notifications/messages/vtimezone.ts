import { DateTime, IANAZone } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';

/**
 * The VTIMEZONE of an invite (DESIGN rule 7), in the one shape every client reads the same way.
 *
 * Its source is timezones-ical-library, which publishes each IANA zone's current rule from tzdb as a
 * STANDARD/DAYLIGHT pair with `RRULE:FREQ=YEARLY;BYMONTH=…;BYDAY=…` and tzdb's abbreviations (WET/WEST,
 * CST/CDT): Outlook keeps exactly one yearly pair of transitions and reads yearly rules only in that form
 * (MS-OXCICAL 2.1.3.1.1.19), the others read it as RFC 5545 says.
 *
 * The invite's local times are written from the runtime's zone data (luxon over Intl), so the rule is
 * checked against that data, transition by transition, from the year before the event to the year after.
 * Where the two disagree (the zone changed its rule in those years, or one of the two data sets is behind),
 * the years up to the last disagreement are written as one-off observances from the runtime data and the
 * rule's pair starts after them (its DTSTART moved): every RFC 5545 reader then computes each instant the
 * invite names exactly as we did, and Outlook still finds its yearly pair.
 */
export function buildVTimezone(zone: string, from: Date, to: Date): string {
  const firstYear = from.getUTCFullYear() - 1;
  const lastYear = to.getUTCFullYear() + 1;
  const key = `${zone}:${firstYear}:${lastYear}`;
  let vtimezone = built.get(key);
  if (vtimezone === undefined) {
    vtimezone = render(zone, firstYear, lastYear);
    if (built.size > 1000) built.clear();
    built.set(key, vtimezone);
  }
  return vtimezone;
}

// Zone data does not change while the process runs; checking a zone's years takes a few milliseconds.
const built = new Map<string, string>();

const DAY_MS = 86_400_000;
const SECOND_MS = 1000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

type Kind = 'STANDARD' | 'DAYLIGHT';

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** One STANDARD or DAYLIGHT sub-component. Offsets in minutes east of UTC. */
interface Observance {
  kind: Kind;
  name?: string;
  offsetFrom: number;
  offsetTo: number;
  start: WallClock;
  /** A yearly rule: the `nth` (1–5, or −1 for the last) `weekday` (0 = Sunday) of `month`. */
  rule?: { month: number; nth: number; weekday: number };
}

interface OffsetChange {
  /** First instant (ms) of the new offset. */
  at: number;
  from: number;
  to: number;
}

function render(zone: string, firstYear: number, lastYear: number): string {
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new Error(`Unknown time zone: ${zone}`);
  const windowStart = Date.UTC(firstYear, 0, 1);
  const windowEnd = Date.UTC(lastYear + 1, 0, 1);
  const block = publishedBlock(zone);
  const rule = block ? parseObservances(block) : undefined;
  const actual = scanForChanges(tz, windowStart, windowEnd);
  const initialOffset = tz.offset(windowStart);

  // The year of the last change the published rule gets wrong, if any (checked year by year).
  let lastWrongYear: number | undefined;
  if (rule) {
    for (let year = firstYear; year <= lastYear; year += 1) {
      const yearStart = Date.UTC(year, 0, 1);
      const yearEnd = Date.UTC(year + 1, 0, 1);
      const expected = actual.filter((change) => change.at >= yearStart && change.at < yearEnd);
      const predicted = predictChanges(rule, yearStart, yearEnd);
      if (!sameChanges(expected, predicted) || offsetAt(rule, yearStart) !== tz.offset(yearStart)) lastWrongYear = year;
    }
  }
  if (rule && block && lastWrongYear === undefined) return withTzid(block, zone);

  // One-off observances for the years the rule does not describe, then the rule from the next year on.
  const ruleFrom =
    rule && lastWrongYear !== undefined && lastWrongYear < lastYear ? Date.UTC(lastWrongYear + 1, 0, 1) : windowEnd;
  const names = new Map((rule ?? []).filter((o) => o.name).map((o) => [`${o.kind}:${o.offsetTo}`, o.name!]));
  const oneOffs: Observance[] = [oneOff(zone, windowStart, initialOffset, initialOffset, names)];
  for (const change of actual)
    if (change.at < ruleFrom) oneOffs.push(oneOff(zone, change.at, change.from, change.to, names));
  const continued = rule ? startRuleAt(rule, ruleFrom, tz) : [];
  const header = block ? headerLines(block) : [];
  const observances = [...oneOffs, ...continued].flatMap(observanceLines);
  return ['BEGIN:VTIMEZONE', `TZID:${zone}`, ...header, ...observances, 'END:VTIMEZONE'].join('\r\n');
}

/** The library's block for the zone (it maps links such as US/Eastern to their zone), or undefined. */
function publishedBlock(zone: string): string | undefined {
  const published = tzlib_get_ical_block(zone);
  const block = Array.isArray(published) ? published[0] : undefined;
  return block && block.startsWith('BEGIN:VTIMEZONE') ? block : undefined;
}

/** The block under our own TZID: the zone name the invite's DTSTART and DTEND refer to. */
function withTzid(block: string, zone: string): string {
  return block.replace(/^TZID:.*$/m, `TZID:${zone}`);
}

/** The block's own properties other than TZID (X-LIC-LOCATION, LAST-MODIFIED), kept as published. */
function headerLines(block: string): string[] {
  const lines = block.split(/\r?\n/);
  const firstObservance = lines.findIndex((line) => /^BEGIN:(STANDARD|DAYLIGHT)$/.test(line));
  return lines.slice(1, firstObservance).filter((line) => !line.startsWith('TZID:'));
}

/** Reads the block's observances; undefined when one holds anything but the yearly form described above. */
function parseObservances(block: string): Observance[] | undefined {
  const observances: Observance[] = [];
  for (const match of block.matchAll(/BEGIN:(STANDARD|DAYLIGHT)\r?\n([\s\S]*?)END:\1/g)) {
    const props = new Map(
      match[2]!
        .split(/\r?\n/)
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)] as const),
    );
    const start = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(props.get('DTSTART') ?? '');
    const offsetFrom = parseOffset(props.get('TZOFFSETFROM'));
    const offsetTo = parseOffset(props.get('TZOFFSETTO'));
    if (!start || offsetFrom === undefined || offsetTo === undefined) return undefined;
    const [year, month, day, hour, minute, second] = start.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const observance: Observance = {
      kind: match[1] as Kind,
      name: props.get('TZNAME'),
      offsetFrom,
      offsetTo,
      start: { year, month, day, hour, minute, second },
    };
    const rrule = props.get('RRULE');
    if (rrule !== undefined) {
      const yearly = /^FREQ=YEARLY;BYMONTH=(\d{1,2});BYDAY=(-1|[1-5])(SU|MO|TU|WE|TH|FR|SA)$/.exec(rrule);
      if (!yearly) return undefined;
      observance.rule = { month: Number(yearly[1]), nth: Number(yearly[2]), weekday: WEEKDAYS.indexOf(yearly[3]!) };
    }
    observances.push(observance);
  }
  return observances.length > 0 ? observances : undefined;
}

function parseOffset(text: string | undefined): number | undefined {
  const match = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(text ?? '');
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]) + Number(match[4] ?? 0) / 60;
  return match[1] === '-' ? -minutes : minutes;
}

/** Instants (ms) at which the observance begins, from its DTSTART up to `end`. */
function onsets(observance: Observance, end: number): number[] {
  const { start, rule, offsetFrom } = observance;
  const instant = (wall: WallClock) =>
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - offsetFrom * 60_000;
  const first = instant(start);
  if (!rule) return first < end ? [first] : [];
  const found: number[] = [];
  for (let year = start.year; ; year += 1) {
    const at = instant({
      ...start,
      year,
      month: rule.month,
      day: nthWeekday(year, rule.month, rule.nth, rule.weekday),
    });
    if (at >= end) return found;
    if (at >= first) found.push(at);
  }
}

/** Day of the month of the nth (or, for −1, the last) given weekday. */
function nthWeekday(year: number, month: number, nth: number, weekday: number): number {
  if (nth > 0) {
    const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (nth - 1);
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lastWeekday = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay();
  return lastDay - ((lastWeekday - weekday + 7) % 7);
}

/** The offset the observances give at `t`: that of the latest onset at or before it (RFC 5545 §3.6.5). */
function offsetAt(observances: Observance[], t: number): number | undefined {
  let latest: { at: number; offset: number } | undefined;
  for (const observance of observances) {
    const before = onsets(observance, t + 1).at(-1);
    if (before !== undefined && (!latest || before > latest.at)) latest = { at: before, offset: observance.offsetTo };
  }
  return latest?.offset;
}

/** The offset changes the observances make in [start, end), leaving out onsets that change nothing. */
function predictChanges(observances: Observance[], start: number, end: number): OffsetChange[] {
  const inWindow = observances
    .flatMap((observance) =>
      onsets(observance, end)
        .filter((at) => at >= start)
        .map((at) => ({ at, to: observance.offsetTo })),
    )
    .sort((a, b) => a.at - b.at);
  const changes: OffsetChange[] = [];
  let current = offsetAt(observances, start - 1);
  for (const { at, to } of inWindow) {
    if (to !== current) changes.push({ at, from: current ?? to, to });
    current = to;
  }
  return changes;
}

const sameChanges = (a: OffsetChange[], b: OffsetChange[]) =>
  a.length === b.length &&
  a.every((change, i) => change.at === b[i]!.at && change.from === b[i]!.from && change.to === b[i]!.to);

/**
 * The rule's observances from `from` on: each DTSTART moves to its first onset at or after `from`, so no
 * earlier year is described twice. A one-time observance (a zone without DST) starts at `from` itself.
 */
function startRuleAt(rule: Observance[], from: number, tz: IANAZone): Observance[] {
  return rule.map((observance) => {
    if (!observance.rule) {
      return {
        ...observance,
        offsetFrom: tz.offset(from - SECOND_MS),
        start: wallClock(from + tz.offset(from - SECOND_MS) * 60_000),
      };
    }
    const searchFrom = { ...observance, start: { ...observance.start, year: new Date(from).getUTCFullYear() - 1 } };
    const next = onsets(searchFrom, from + 2 * 366 * DAY_MS).find((at) => at >= from)!;
    return { ...observance, start: wallClock(next + observance.offsetFrom * 60_000) };
  });
}

/** A one-time observance: the offset changes at `at`; named as the rule names that offset, else as Intl does. */
function oneOff(zone: string, at: number, from: number, to: number, names: Map<string, string>): Observance {
  const kind: Kind = DateTime.fromMillis(at, { zone }).isInDST ? 'DAYLIGHT' : 'STANDARD';
  const name = names.get(`${kind}:${to}`) ?? abbreviation(zone, at);
  return { kind, name, offsetFrom: from, offsetTo: to, start: wallClock(at + from * 60_000) };
}

/**
 * The zone's abbreviation at `at` where Intl knows one ("CDT" in en-US, "WEST" in en-GB); undefined where it
 * only has "GMT-2" (TZNAME is optional, and a made-up name is worse than none).
 */
function abbreviation(zone: string, at: number): string | undefined {
  for (const locale of ['en-US', 'en-GB']) {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(
      new Date(at),
    );
    const name = parts.find((part) => part.type === 'timeZoneName')?.value;
    if (name && /^[A-Z]{2,6}$/.test(name)) return name;
  }
  return undefined;
}

/** The wall clock of a "local" millisecond count (an instant already shifted by its offset). */
function wallClock(localMs: number): WallClock {
  const d = new Date(localMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

function observanceLines(observance: Observance): string[] {
  const { kind, name, offsetFrom, offsetTo, start, rule } = observance;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const dtstart = `${pad(start.year, 4)}${pad(start.month)}${pad(start.day)}T${pad(start.hour)}${pad(start.minute)}${pad(start.second)}`;
  return [
    `BEGIN:${kind}`,
    ...(name ? [`TZNAME:${name}`] : []),
    `TZOFFSETFROM:${formatOffset(offsetFrom)}`,
    `TZOFFSETTO:${formatOffset(offsetTo)}`,
    `DTSTART:${dtstart}`,
    ...(rule ? [`RRULE:FREQ=YEARLY;BYMONTH=${rule.month};BYDAY=${rule.nth}${WEEKDAYS[rule.weekday]}`] : []),
    `END:${kind}`,
  ];
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const seconds = Math.round(Math.abs(minutes) * 60);
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = seconds % 60;
  return `${sign}${hh}${mm}${ss ? String(ss).padStart(2, '0') : ''}`;
}

/**
 * Offsets change at most a few times a year: step a day at a time, then narrow each change down to the
 * second (`start` is a whole second, so every probe is too).
 */
function scanForChanges(tz: IANAZone, start: number, end: number): OffsetChange[] {
  const changes: OffsetChange[] = [];
  let previous = start;
  let previousOffset = tz.offset(start);
  while (previous < end) {
    const t = Math.min(previous + DAY_MS, end);
    const offset = tz.offset(t);
    if (offset !== previousOffset) {
      let before = previous;
      let after = t;
      while (after - before > SECOND_MS) {
        const middle = before + Math.floor((after - before) / 2 / SECOND_MS) * SECOND_MS;
        if (tz.offset(middle) === previousOffset) before = middle;
        else after = middle;
      }
      changes.push({ at: after, from: previousOffset, to: tz.offset(after) });
    }
    previous = t;
    previousOffset = offset;
  }
  return changes;
}
