/**
 * What someone types or scans at the door, read as a confirmation code when it can be one. Codes are seven
 * characters of Crockford's base32 shown as "K7Q-3MZD" (src/common/crypto/tokens.ts): case, spaces, dashes
 * and underscores are ignored, and the letters Crockford reads as digits (I and L as 1, O as 0) are mapped,
 * so "k7q 3mzd", "K7Q3MZD" and "k7q-3mzd" all find the same reservation. Pure.
 */

const CODE_CHARACTERS = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{7}$/;

/** The code in its stored form ("K7Q-3MZD"), or undefined when the text cannot be a confirmation code. */
export function confirmationCodeFrom(typed: string): string | undefined {
  const compact = typed
    .toUpperCase()
    .replace(/[\s\-_‐-―]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (!CODE_CHARACTERS.test(compact)) return undefined;
  return `${compact.slice(0, 3)}-${compact.slice(3)}`;
}
