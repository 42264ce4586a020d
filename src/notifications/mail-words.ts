import { formatDay, formatWhen } from '../i18n/dates.js';
import { toLocale, type Locale } from '../i18n/locales.js';
import { translatorFor, type Translate } from '../i18n/translator.js';
import type { MessageContext } from './notification-context.js';

/** The clinic's language for one message, with the event's date in it (DESIGN rule 10). */
export interface MailWords {
  locale: Locale;
  t: Translate;
  /** "Monday, March 9, 2026, 6:00 – 7:30 PM (Central Time)", in the event's zone. */
  when: string;
  /** "Monday, March 9, 2026" */
  day: string;
}

export function mailWords(context: MessageContext): MailWords {
  const locale = toLocale(context.clinic.locale);
  return {
    locale,
    t: translatorFor(locale).t,
    when: formatWhen(context.event, locale),
    day: formatDay(context.event.startsAt, context.event.timeZone, locale),
  };
}
