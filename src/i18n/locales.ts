/** The languages a clinic can speak to its attendees (BCP 47). Add one here and give it every catalog. */
export const SUPPORTED_LOCALES = ['en', 'pt-PT'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** A stored or requested locale we cannot serve reads as the default, so a page never fails over a language. */
export function toLocale(value: unknown): Locale {
  return isSupportedLocale(value) ? value : DEFAULT_LOCALE;
}
