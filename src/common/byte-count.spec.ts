import { describe, expect, it } from '@jest/globals';
import { byteCount } from './byte-count.js';

describe('byteCount', () => {
  it('reads BODY_LIMIT sizes in units of 1,024, any letter case', () => {
    expect(byteCount('100kb')).toBe(102_400);
    expect(byteCount('1MB')).toBe(1_048_576);
    expect(byteCount('512b')).toBe(512);
  });

  it('refuses what is not a size', () => {
    expect(() => byteCount('ten kb')).toThrow('Not a size');
    expect(() => byteCount('1gb')).toThrow('Not a size');
  });
});
