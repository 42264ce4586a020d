import type { Translate } from '../../i18n/translator.js';
import type { DefaultsLevel, EventDefaults } from '../../settings/event-defaults.js';
import { texts, text, wholeNumber } from './form-errors.js';

/**
 * The three settings a new event can take from a default (reminders, largest party, waiting list), as a
 * form shows them: on the chain's defaults page, a clinic's page and the new-event form ("use the
 * default" for each), and on an event's edit page (always its own values).
 */
export interface DefaultsFormValues {
  /** 'inherit': leave the reminders to the next level; 'custom': exactly the ones ticked (none ticked: no reminders). */
  remindersMode: 'inherit' | 'custom';
  reminders: number[];
  /** '' leaves it to the next level. */
  maxPartySize: string;
  /** '' leaves it to the next level. */
  waitlist: '' | 'on' | 'off';
}

/** The reminder times offered as boxes to tick, in minutes before the start (any others an event has are added). */
export const REMINDER_CHOICES = [10080, 2880, 1440, 180, 60, 30];

export function readDefaultsForm(body: Record<string, unknown>): DefaultsFormValues {
  const waitlist = text(body, 'waitlist');
  return {
    remindersMode: text(body, 'remindersMode') === 'inherit' ? 'inherit' : 'custom',
    reminders: texts(body, 'reminders')
      .filter((value) => /^\d{1,6}$/.test(value))
      .map(Number),
    maxPartySize: text(body, 'maxPartySize', 20).trim(),
    waitlist: waitlist === 'on' || waitlist === 'off' ? waitlist : '',
  };
}

/** A level's own choices as the form shows them (null: "use the default"). */
export function defaultsFormFrom(level: DefaultsLevel): DefaultsFormValues {
  return {
    remindersMode: level.reminderOffsetsMinutes == null ? 'inherit' : 'custom',
    reminders: level.reminderOffsetsMinutes ?? [],
    maxPartySize: level.maxPartySize == null ? '' : String(level.maxPartySize),
    waitlist: level.waitlistEnabled == null ? '' : level.waitlistEnabled ? 'on' : 'off',
  };
}

/** The form as the API's fields (null: left to the next level); a party size that is no number stays text for the DTO to refuse. */
export function defaultsInput(values: DefaultsFormValues): {
  reminderOffsetsMinutes: number[] | null;
  maxPartySize: number | string | null;
  waitlistEnabled: boolean | null;
} {
  return {
    reminderOffsetsMinutes: values.remindersMode === 'inherit' ? null : values.reminders,
    maxPartySize: values.maxPartySize === '' ? null : wholeNumber(values.maxPartySize),
    waitlistEnabled: values.waitlist === '' ? null : values.waitlist === 'on',
  };
}

/** The boxes to show: the usual choices and any other time already chosen, earliest reminder first. */
export function reminderChoices(chosen: number[]): number[] {
  return [...new Set([...REMINDER_CHOICES, ...chosen])].sort((a, b) => b - a);
}

/** "1 week", "2 days", "24 hours", "90 minutes": the largest whole unit (a day reads as 24 hours). */
export function offsetLabel(t: Translate, minutes: number): string {
  if (minutes % 10080 === 0) return t('admin.defaults.weeks', { count: minutes / 10080 });
  if (minutes % 1440 === 0 && minutes > 1440) return t('admin.defaults.days', { count: minutes / 1440 });
  if (minutes % 60 === 0) return t('admin.defaults.hours', { count: minutes / 60 });
  return t('admin.defaults.minutes', { count: minutes });
}

/** "24 hours and 1 hour before", "no reminders", "up to 2 seats, waiting list on": the resolved defaults in words. */
export function describeDefaults(
  t: Translate,
  defaults: EventDefaults,
): { reminders: string; maxPartySize: string; waitlist: string } {
  return {
    reminders:
      defaults.reminderOffsetsMinutes.length === 0
        ? t('admin.defaults.noReminders')
        : t('admin.defaults.remindersBefore', {
            list: defaults.reminderOffsetsMinutes.map((minutes) => offsetLabel(t, minutes)).join(', '),
          }),
    maxPartySize: t('admin.defaults.partyOf', { count: defaults.maxPartySize }),
    waitlist: t(defaults.waitlistEnabled ? 'admin.defaults.waitlistOn' : 'admin.defaults.waitlistOff'),
  };
}

/** Which defaults fields the request fields map to. */
export function defaultsField(requestField: string): string | undefined {
  if (/^(default)?reminderOffsetsMinutes/i.test(requestField)) return 'reminders';
  if (/^(default)?maxPartySize$/i.test(requestField)) return 'maxPartySize';
  if (/^(default)?waitlistEnabled$/i.test(requestField)) return 'waitlist';
  return undefined;
}
