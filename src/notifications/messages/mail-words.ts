import { formatDay, formatWhen } from '../../i18n/dates.js';
import { SUPPORTED_LOCALES, toLocale, type Locale } from '../../i18n/locales.js';
import { translatorFor, type Translate } from '../../i18n/translator.js';
import type { MessageContext } from '../notification-context.js';

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
  const { startsAt, endsAt, timeZone } = context.event;
  return {
    locale,
    t: mailTranslators.get(locale)!,
    when: remembered(`when|${startsAt.getTime()}|${endsAt.getTime()}|${timeZone}|${locale}`, () =>
      formatWhen(context.event, locale),
    ),
    day: remembered(`day|${startsAt.getTime()}|${timeZone}|${locale}`, () => formatDay(startsAt, timeZone, locale)),
  };
}

// A dispatcher renders many messages about the same event in a row, and each looks up some twenty words.
// Through i18next a lookup costs a good part of a millisecond, and so does a zoned date through Intl: enough
// to stretch a batch past its claim's lease. Both are pure, so they are remembered. A catalog entry is
// remembered as its template, the values swapped for markers (the count stays: it picks the plural), so the
// cache holds no attendee's name, code or link, and stays as small as the catalog.
const remembers = new Map<string, string>();
function remembered(key: string, make: () => string): string {
  let value = remembers.get(key);
  if (value === undefined) {
    value = make();
    if (remembers.size > 5000) remembers.clear();
    remembers.set(key, value);
  }
  return value;
}

const MARK = '\u0000';
const MARKED = /\u0000(\w+)\u0000/g;

function rememberingTranslator(locale: Locale): Translate {
  const { t } = translatorFor(locale);
  return (key, values = {}) => {
    const { count, ...rest } = values as { count?: number } & Record<string, unknown>;
    const names = Object.keys(rest).sort();
    const template = remembered(`t|${locale}|${key}|${String(count)}|${names.join(',')}`, () =>
      t(key, {
        ...(count === undefined ? {} : { count }),
        ...Object.fromEntries(names.map((name) => [name, `${MARK}${name}${MARK}`])),
      }),
    );
    // One pass: a value is never scanned again, so text in it cannot pull in another value.
    return template.replace(MARKED, (_, name: string) => String(rest[name]));
  };
}

const mailTranslators = new Map<Locale, Translate>(
  SUPPORTED_LOCALES.map((locale) => [locale, rememberingTranslator(locale)]),
);
