import i18next, { type i18n, type TOptions } from 'i18next';
import { CATALOGS } from './catalogs/index.js';
import { SUPPORTED_LOCALES, type Locale } from './locales.js';

export type Translate = (key: string, values?: TOptions) => string;

export interface Translator {
  locale: Locale;
  t: Translate;
}

/**
 * Every word a person reads comes through here. There is no fallback language: a key that the locale's
 * catalog lacks throws, so a typo in a template or a missing translation fails the tests that render it.
 * Values are not HTML-escaped here: the templates escape everything they print.
 */
const instance: i18n = i18next.createInstance();
void instance.init({
  initAsync: false,
  resources: Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, { translation: CATALOGS[locale] }])),
  supportedLngs: [...SUPPORTED_LOCALES],
  fallbackLng: false,
  load: 'currentOnly',
  interpolation: { escapeValue: false },
  returnNull: false,
  returnEmptyString: false,
  showSupportNotice: false,
} as Parameters<i18n['init']>[0]);

const translators = new Map<Locale, Translator>(
  SUPPORTED_LOCALES.map((locale) => {
    const fixed = instance.getFixedT(locale);
    const t: Translate = (key, values) => {
      if (!instance.exists(key, { lng: locale, ...values })) throw new Error(`Missing translation: ${locale} ${key}`);
      return fixed(key, values) as string;
    };
    return [locale, { locale, t }];
  }),
);

export function translatorFor(locale: Locale): Translator {
  return translators.get(locale)!;
}
