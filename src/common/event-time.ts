import { DateTime } from 'luxon';

/** ISO 8601 date-time, with an offset ("2026-12-01T18:00:00-06:00", "…Z") or without (a local time). */
export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads a date-time given with an offset as that instant, and one without an offset as a wall-clock time
 * in `zone` (e.g. "2026-12-01T18:00" in America/Chicago is 2026-12-02T00:00Z). Returns undefined when
 * the text is not a real date-time.
 */
export function parseEventTime(text: string, zone: string): Date | undefined {
  if (!ISO_DATE_TIME.test(text)) return undefined;
  const hasOffset = /(Z|[+-]\d{2}:\d{2})$/.test(text);
  const parsed = hasOffset ? DateTime.fromISO(text, { setZone: true }) : DateTime.fromISO(text, { zone });
  return parsed.isValid ? parsed.toJSDate() : undefined;
}

/** The instant as local time in `zone`, with that zone's offset: "2026-12-01T18:00:00-06:00". */
export function toLocalIso(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
}
