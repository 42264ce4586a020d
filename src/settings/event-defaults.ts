/**
 * What a new event gets for the settings it leaves out (DESIGN: "reminder offsets (default 24 h and 1 h)",
 * "largest party size (default 2)", waiting list on/off). Each comes from the first level that sets it:
 * the event itself, then its clinic, then the chain, then the built-in value. Pure: the callers read the
 * clinic and the chain's row.
 */

export interface EventDefaults {
  /** Minutes before the start, largest first; [] for no reminders. */
  reminderOffsetsMinutes: number[];
  maxPartySize: number;
  waitlistEnabled: boolean;
}

/** One level's choices: null (or absent) leaves the setting to the next level. */
export interface DefaultsLevel {
  reminderOffsetsMinutes?: number[] | null;
  maxPartySize?: number | null;
  waitlistEnabled?: boolean | null;
}

export const BUILT_IN_DEFAULTS: Readonly<EventDefaults> = Object.freeze({
  reminderOffsetsMinutes: [24 * 60, 60],
  maxPartySize: 2,
  waitlistEnabled: true,
});

/** Where a resolved value came from, for the admin pages ("from the chain's defaults"). */
export type DefaultsSource = 'event' | 'clinic' | 'chain' | 'built-in';

/** The first level (most specific first) that sets each field, ending with the built-in values. */
export function resolveEventDefaults(...levels: (DefaultsLevel | null | undefined)[]): EventDefaults {
  const pick = <K extends keyof EventDefaults>(field: K): EventDefaults[K] => {
    for (const level of levels) {
      const value = level?.[field];
      if (value !== null && value !== undefined) return value as EventDefaults[K];
    }
    return BUILT_IN_DEFAULTS[field];
  };
  return {
    reminderOffsetsMinutes: normaliseOffsets(pick('reminderOffsetsMinutes')),
    maxPartySize: pick('maxPartySize'),
    waitlistEnabled: pick('waitlistEnabled'),
  };
}

/** Which level each resolved value came from, given levels named in the same order. */
export function defaultsSources(
  levels: [DefaultsSource, DefaultsLevel | null | undefined][],
): Record<keyof EventDefaults, DefaultsSource> {
  const sourceOf = (field: keyof EventDefaults): DefaultsSource =>
    levels.find(([, level]) => level?.[field] !== null && level?.[field] !== undefined)?.[0] ?? 'built-in';
  return {
    reminderOffsetsMinutes: sourceOf('reminderOffsetsMinutes'),
    maxPartySize: sourceOf('maxPartySize'),
    waitlistEnabled: sourceOf('waitlistEnabled'),
  };
}

/** Offsets without repeats, largest (earliest reminder) first, as events store them. */
export function normaliseOffsets(offsets: readonly number[]): number[] {
  return [...new Set(offsets)].sort((a, b) => b - a);
}
