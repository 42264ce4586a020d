import { describe, expect, it } from '@jest/globals';
import { CATALOGS } from './catalogs/index.js';
import { SUPPORTED_LOCALES } from './locales.js';
import { translatorFor } from './translator.js';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else for (const [k, v] of leaves(value, path)) found.set(k, v);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** The type system already makes every language carry every key; these check what types cannot. */
describe('message catalogs', () => {
  const english = leaves(CATALOGS.en as unknown as Tree);

  it.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))(
    '%s has every English key, none empty, with the same placeholders',
    (locale) => {
      const other = leaves(CATALOGS[locale] as unknown as Tree);
      expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of english) {
        expect({ key, text: other.get(key)!.trim().length > 0 }).toEqual({ key, text: true });
        expect({ key, placeholders: placeholders(other.get(key)!) }).toEqual({ key, placeholders: placeholders(text) });
      }
    },
  );

  it('no English text is empty', () => {
    for (const [key, text] of english) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });

  it('a key that does not exist throws instead of falling back to another language or the key itself', () => {
    expect(() => translatorFor('pt-PT').t('site.no.such.key')).toThrow('Missing translation: pt-PT site.no.such.key');
  });

  it('plurals follow each language', () => {
    expect(translatorFor('en').t('site.catalogue.seatsLeft', { count: 1 })).toBe('1 seat left');
    expect(translatorFor('en').t('site.catalogue.seatsLeft', { count: 3 })).toBe('3 seats left');
    expect(translatorFor('pt-PT').t('site.catalogue.seatsLeft', { count: 1 })).toBe('Resta 1 lugar');
    expect(translatorFor('pt-PT').t('site.catalogue.seatsLeft', { count: 0 })).toBe('Restam 0 lugares');
  });
});
