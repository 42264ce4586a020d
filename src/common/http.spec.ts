import { describe, expect, it } from '@jest/globals';
import { pathOf } from './http.js';

describe('pathOf', () => {
  it('is the path without the query string, as sent', () => {
    expect(pathOf({ url: '/api/events?clinic=lakeside&kind=webinar' })).toBe('/api/events');
    expect(pathOf({ url: '/manage/abc%20def' })).toBe('/manage/abc%20def');
    expect(pathOf({ url: '/' })).toBe('/');
    expect(pathOf({ url: '/health?' })).toBe('/health');
  });
});
