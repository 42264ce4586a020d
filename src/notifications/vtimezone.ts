import { DateTime, IANAZone } from 'luxon';

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;

/**
 * The VTIMEZONE for `zone`, built from the runtime's zone data (the Intl data the rest of the service
 * uses through luxon), so an invite's local times and the rules a calendar client applies to them come
 * from the same source. Every offset change from the year before `from` to the year after `to` is listed as an
 * observance of its own (no RRULE to get wrong), so a client computes the right UTC instant on either side
 * of a DST change, whatever the zone's rules were or will be.
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

// Zone data does not change while the process runs, and scanning a zone's years takes a few milliseconds.
const built = new Map<string, string>();

function render(zone: string, firstYear: number, lastYear: number): string {
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new Error(`Unknown time zone: ${zone}`);
  const windowStart = Date.UTC(firstYear, 0, 1);
  const windowEnd = Date.UTC(lastYear + 1, 0, 1);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  // The offset already in force when the window opens, so no time in the window falls before an observance.
  const initialOffset = tz.offset(windowStart);
  lines.push(...observance(zone, windowStart, initialOffset, initialOffset));
  for (const change of scanForChanges(tz, windowStart, windowEnd)) {
    lines.push(...observance(zone, change.at, change.from, change.to));
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

interface OffsetChange {
  /** First instant (ms) of the new offset. */
  at: number;
  from: number;
  to: number;
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

function observance(zone: string, at: number, fromMinutes: number, toMinutes: number): string[] {
  const local = DateTime.fromMillis(at, { zone }).setLocale('en-US');
  const kind = local.isInDST ? 'DAYLIGHT' : 'STANDARD';
  // An observance's DTSTART is the local wall-clock time of the change, read in the offset before it.
  const wallClock = DateTime.fromMillis(at + fromMinutes * 60_000, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss");
  return [
    `BEGIN:${kind}`,
    `DTSTART:${wallClock}`,
    `TZOFFSETFROM:${formatOffset(fromMinutes)}`,
    `TZOFFSETTO:${formatOffset(toMinutes)}`,
    `TZNAME:${local.toFormat('ZZZZ').replace(/[^A-Za-z0-9+\-:]/g, '')}`,
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
