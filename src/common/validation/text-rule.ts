/**
 * The one rule for text that comes in from outside (DESIGN rule 9: bad input is a 4xx, never a 500).
 *
 * Text is refused when it holds
 * - a control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) other than tab, or a line
 *   break where the field is one line (a name, an e-mail, a title); a multi-line field (a description)
 *   also takes LF and CRLF. A NUL makes PostgreSQL refuse the whole statement; the others can forge
 *   lines in e-mails, invites and CSV exports.
 * - an unpaired UTF-16 surrogate: not a character at all, so it cannot be stored as UTF-8, and
 *   validators that encode their input (isEmail) throw on it.
 *
 * Pure: no Nest, no HTTP. Used by the request check at the door (`unsafe-input.ts`) and by `@IsText()`
 * on every string field of every request class (`is-text.ts`).
 */

export type TextLines = 'single-line' | 'multiline';

const UNPAIRED_SURROGATE = /\p{Cs}/u;
/** Cc without tab, LF and CR: always refused. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A line break of any kind: refused in a one-line field. */
const LINE_BREAK = /[\n\r]/;
/** CR that is not the first half of CRLF: refused even where line breaks are fine. */
const LONE_CR = /\r(?!\n)/;

/** What is wrong with `text` under the rule (a phrase to follow the field name), or undefined when it is fine. */
export function textProblem(text: string, lines: TextLines = 'single-line'): string | undefined {
  if (UNPAIRED_SURROGATE.test(text)) return 'must be valid Unicode text (it holds an unpaired surrogate)';
  if (CONTROL.test(text)) return 'must not contain control characters';
  if (lines === 'single-line' && LINE_BREAK.test(text)) return 'must be a single line (no line breaks)';
  if (LONE_CR.test(text)) return 'must not contain a carriage return outside a CRLF line break';
  return undefined;
}

export function isAcceptableText(text: string, lines: TextLines = 'single-line'): boolean {
  return textProblem(text, lines) === undefined;
}
