import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { textProblem } from './text-rule.js';

/** An independent reading of the rule: Unicode's own category Cc and the runtime's well-formedness check. */
function acceptable(text: string, multiline: boolean): boolean {
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) return false;
  const chars = [...text];
  return chars.every((char, i) => {
    if (!/\p{Cc}/u.test(char) || char === '\t') return true;
    if (!multiline) return false;
    return char === '\n' || (char === '\r' && chars[i + 1] === '\n');
  });
}

describe('the text rule', () => {
  it.each([
    ['Ana Souza', 'single-line', undefined],
    ['São João \ud83d\ude42 – café', 'single-line', undefined],
    ['tab\tseparated', 'single-line', undefined],
    ['a\u0000b', 'single-line', 'must not contain control characters'],
    ['a\u007fb', 'single-line', 'must not contain control characters'],
    ['a\u009fb', 'single-line', 'must not contain control characters'],
    ['\ud800', 'single-line', 'must be valid Unicode text (it holds an unpaired surrogate)'],
    ['x\udc00y', 'multiline', 'must be valid Unicode text (it holds an unpaired surrogate)'],
    ['two\nlines', 'single-line', 'must be a single line (no line breaks)'],
    ['two\r\nlines', 'single-line', 'must be a single line (no line breaks)'],
    ['two\nlines\r\nthree', 'multiline', undefined],
    ['lone\rcarriage return', 'multiline', 'must not contain a carriage return outside a CRLF line break'],
  ] as const)('%j (%s) → %s', (text, lines, problem) => {
    expect(textProblem(text, lines)).toBe(problem);
  });

  it('agrees with Unicode category Cc and isWellFormed on any string', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('a', '\n', '\r', '\t', '\u0000', '\u0085', '\ud800', '\udc00', '\ud83d') }),
    );
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, multiline) => {
        expect(textProblem(text, multiline ? 'multiline' : 'single-line') === undefined).toBe(
          acceptable(text, multiline),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
