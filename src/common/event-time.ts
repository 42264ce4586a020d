import { DateTime, type DateObjectUnits, IANAZone } from 'luxon';

/** ISO 8601 date-time, with an offset ("2026-12-01T18:00:00-06:00", "…Z") or without (a local time). */
export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

const DAY_MS = 86_400_000;

/**
 * Reads a date-time given with an offset as that instant, and one without an offset as a wall-clock time
 * in `zone` (e.g. "2026-12-01T18:00" in America/Chicago is 2026-12-02T00:00Z), as `wallClockToInstant`
 * does. Returns undefined when the text is not a real date-time.
 */
export function parseEventTime(text: string, zone: string): Date | undefined {
  if (!ISO_DATE_TIME.test(text)) return undefined;
  const hasOffset = /(Z|[+-]\d{2}:\d{2})$/.test(text);
  const parsed = hasOffset ? DateTime.fromISO(text, { setZone: true }) : firstReading(DateTime.fromISO(text, { zone }));
  return parsed.isValid ? parsed.toJSDate() : undefined;
}

/**
 * The instant a wall-clock time in `zone` stands for, read as RFC 5545 §3.3.5 reads a TZID time: in the
 * hour repeated when clocks go back, the first of its two instants (luxon alone gives the second, so the
 * invite and the stored event would be an hour apart); in the hour skipped when clocks go forward, the
 * time read with the offset before the gap (02:30 becomes 03:30 daylight time, as luxon already does).
 */
export function wallClockToInstant(wallClock: DateObjectUnits, zone: string): Date {
  return firstReading(DateTime.fromObject(wallClock, { zone })).toJSDate();
}

/**
 * Whether the instant's local time in `zone` names it alone. Not in the hour repeated when clocks go back:
 * RFC 5545 §3.3.5 reads such a TZID time as the first pass, but ical.js and Windows (Outlook) take the
 * second, so an invite writes those instants in UTC.
 */
export function hasOneLocalReading(instant: Date, zone: string): boolean {
  return readings(DateTime.fromJSDate(instant, { zone })).length === 1;
}

/** The earliest instant showing the same wall clock in the same zone as `time`. */
function firstReading(time: DateTime): DateTime {
  const [first] = readings(time);
  return first === undefined || first === time.toMillis() ? time : DateTime.fromMillis(first, { zone: time.zone });
}

/**
 * Every instant showing the wall clock `time` shows, in its zone, earliest first: two in a repeated hour.
 * Such a wall clock is shown once with the offset before a change and once with the one after: look for an
 * instant with the same wall clock under the offsets a day either side.
 */
function readings(time: DateTime): number[] {
  const zone = time.zone;
  const t = time.toMillis();
  if (!time.isValid || !(zone instanceof IANAZone)) return [t];
  const found = new Set([t]);
  for (const other of [zone.offset(t - DAY_MS), zone.offset(t + DAY_MS)]) {
    if (other === time.offset) continue;
    const candidate = t + (time.offset - other) * 60_000;
    if (zone.offset(candidate) === other) found.add(candidate);
  }
  return [...found].sort((a, b) => a - b);
}

/** How many local times toLocalIso remembers: every session's start and end of a large catalogue, several times over. */
const LOCAL_ISO_MEMORY = 50_000;
const localIsoMemory = new Map<string, string>();

/**
 * The instant as local time in `zone`, with that zone's offset: "2026-12-01T18:00:00-06:00". Remembered per
 * instant and zone (a pure function): luxon asks Intl for the zone's offset on every call, the largest single
 * cost of listing the catalogue, whose answers show the same sessions' times again and again.
 */
export function toLocalIso(instant: Date, zone: string): string {
  const key = `${instant.getTime()} ${zone}`;
  let local = localIsoMemory.get(key);
  if (local === undefined) {
    local = DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
    if (localIsoMemory.size >= LOCAL_ISO_MEMORY) localIsoMemory.clear();
    localIsoMemory.set(key, local);
  }
  return local;
}
