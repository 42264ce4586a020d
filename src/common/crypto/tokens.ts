import { createHash, randomInt } from 'node:crypto';

/** Tokens are high-entropy, so a plain SHA-256 is enough to make a stolen database useless for them. */
export function hashManageToken(token: string): string {
  return sha256Hex(token);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// Crockford's base32 without I, L, O, U: nothing people misread at the door.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short human confirmation code such as "K7Q-3MZD" (35 bits; uniqueness is enforced by an index). */
export function newConfirmationCode(): string {
  let code = '';
  for (let i = 0; i < 7; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}
