import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { newConfirmationCode } from '../../common/crypto/tokens.js';
import { confirmationCodeFrom } from './confirmation-code-input.js';

describe('a confirmation code as people type or scan it at the door', () => {
  it.each([
    ['K7Q-3MZD', 'K7Q-3MZD'],
    ['k7q-3mzd', 'K7Q-3MZD'],
    ['K7Q3MZD', 'K7Q-3MZD'],
    [' k7q 3mzd ', 'K7Q-3MZD'],
    ['k7q_3m zd', 'K7Q-3MZD'],
    ['K7Q–3MZD', 'K7Q-3MZD'],
    ['Ol1-IOLO', '011-1010'],
  ])('%j reads as %s', (typed, code) => {
    expect(confirmationCodeFrom(typed)).toBe(code);
  });

  it.each(['', 'K7Q-3MZ', 'K7Q-3MZDX', 'Ana Souza', 'ana@example.com', 'K7Q-3MZU', '%%%-%%%%'])(
    '%j cannot be a code',
    (typed) => {
      expect(confirmationCodeFrom(typed)).toBeUndefined();
    },
  );

  it('every code we issue reads as itself, however it is cased or spaced', () => {
    fc.assert(
      fc.property(
        fc.constant(null).map(() => newConfirmationCode()),
        fc.boolean(),
        fc.boolean(),
        (code, lower, spaced) => {
          let typed = lower ? code.toLowerCase() : code;
          if (spaced) typed = typed.replace('-', ' ');
          expect(confirmationCodeFrom(typed)).toBe(code);
        },
      ),
    );
  });
});
