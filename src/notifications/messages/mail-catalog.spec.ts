import { describe, expect, it } from '@jest/globals';
import { mailEn } from '../../i18n/catalogs/mail.en.js';
import { mailPtPT } from '../../i18n/catalogs/mail.pt-PT.js';

/** "confirmation.subject" → value, for every leaf of a catalog. */
function leaves(catalog: object, prefix = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') for (const [k, v] of leaves(value, path)) found.set(k, v);
    else found.set(path, value);
  }
  return found;
}

const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{\{-?\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!))].sort();

const CATALOGS = { en: leaves(mailEn), 'pt-PT': leaves(mailPtPT) };

describe('the mail catalogs', () => {
  it('have the same keys in both languages', () => {
    expect([...CATALOGS['pt-PT'].keys()].sort()).toEqual([...CATALOGS.en.keys()].sort());
    expect(CATALOGS.en.size).toBeGreaterThan(50);
  });

  it.each(Object.entries(CATALOGS))(
    '%s: every value is a non-empty, single-line string with no markup and no stray braces',
    (_locale, catalog) => {
      for (const [key, value] of catalog) {
        expect([key, typeof value]).toEqual([key, 'string']);
        expect([key, (value as string).trim().length > 0]).toEqual([key, true]);
        // Values are plain text: the layout escapes them, and a line break would end a subject or an iCal line.
        expect([key, /[<>\r\n]/.test(value as string)]).toEqual([key, false]);
        expect([key, (value as string).replace(/\{\{-?\s*[\w.]+\s*\}\}/g, '').match(/[{}]/)]).toEqual([key, null]);
      }
    },
  );

  it('every key uses the same {{placeholders}} in both languages', () => {
    for (const [key, english] of CATALOGS.en) {
      expect([key, placeholders(CATALOGS['pt-PT'].get(key) as string)]).toEqual([key, placeholders(english as string)]);
    }
  });

  it('every plural has its _one and _other form', () => {
    for (const catalog of Object.values(CATALOGS)) {
      const stems = [...catalog.keys()]
        .filter((k) => /_(one|other)$/.test(k))
        .map((k) => k.replace(/_(one|other)$/, ''));
      for (const stem of stems)
        expect([stem, catalog.has(`${stem}_one`), catalog.has(`${stem}_other`)]).toEqual([stem, true, true]);
    }
  });
});
