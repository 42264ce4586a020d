import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { HOME_PATH, safeNextPath, signInPathFor } from './next-path.js';

describe('safeNextPath: only a path on this site', () => {
  it.each([
    ['/admin/events?status=draft', '/admin/events?status=draft'],
    ['/staff/events/1#x', '/staff/events/1'],
    ['https://evil.example/', HOME_PATH],
    ['//evil.example/', HOME_PATH],
    ['/\\evil.example', HOME_PATH],
    ['\\\\evil.example', HOME_PATH],
    ['/\t/evil.example', HOME_PATH],
    ['/.//evil.example', HOME_PATH],
    ['/a/..//evil.example', HOME_PATH],
    ['javascript:alert(1)', HOME_PATH],
    ['/staff/sign-in?next=/x', HOME_PATH],
    ['/staff/sign-out', HOME_PATH],
    [undefined, HOME_PATH],
    [['/a'], HOME_PATH],
  ])('%j → %s', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it('whatever is given, the answer resolves to our own origin (checked by the URL parser)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.webPath(),
          fc.string().map((s) => `/${s}`),
          fc.string().map((s) => `//${s}`),
        ),
        (next) => {
          const path = safeNextPath(next);
          expect(path.startsWith('/')).toBe(true);
          // As a browser reads a Location header: relative to the page's own address.
          expect(new URL(path, 'https://booking.example/staff/sign-in').origin).toBe('https://booking.example');
          expect(path.startsWith('//')).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the sign-in link carries a usable next only', () => {
    expect(signInPathFor('/admin/staff?x=1')).toBe('/staff/sign-in?next=%2Fadmin%2Fstaff%3Fx%3D1');
    expect(signInPathFor('//evil.example')).toBe('/staff/sign-in');
    expect(signInPathFor(undefined)).toBe('/staff/sign-in');
  });
});
