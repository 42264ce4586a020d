import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale } from '../../i18n/locales.js';

/**
 * The language for a page that belongs to no clinic (the chain's front page, an unknown link): the first
 * language in the browser's Accept-Language that we speak, matched on the primary tag (pt-BR → pt-PT).
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const wanted = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const exact = SUPPORTED_LOCALES.find((locale) => locale.toLowerCase() === tag);
    if (exact) return exact;
    const primary = SUPPORTED_LOCALES.find((locale) => locale.toLowerCase().split('-')[0] === tag.split('-')[0]);
    if (primary) return primary;
  }
  return DEFAULT_LOCALE;
}
