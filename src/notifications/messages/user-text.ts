/**
 * User text (titles, names, notes) reaches e-mail headers, iCalendar lines and HTML. These helpers make it
 * inert in each place; the libraries then escape what is left (ical-generator: `\ ; ,` and newlines in TEXT
 * values; nodemailer: header encoding).
 */

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators; \n is handled per helper.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Multi-line text: newlines kept (as \n), every other control character dropped. */
export function multiLine(text: string | null | undefined): string {
  return (text ?? '').replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROLS, '').trim();
}

/** One line: line breaks and tabs become spaces, runs of spaces collapse; for headers and parameters. */
export function singleLine(text: string | null | undefined, maxLength = 500): string {
  const line = (text ?? '')
    .replace(/[\r\n\t\u2028\u2029]/g, ' ')
    .replace(CONTROLS, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

/**
 * An iCalendar parameter value such as CN="…". RFC 5545 quoted values cannot hold a double quote and have
 * no escape for one, and clients disagree about backslashes, so those two are replaced.
 */
export function parameterValue(text: string): string {
  return singleLine(text, 200).replace(/"/g, "'").replace(/\\/g, '/');
}

/** A phone number on one line that never breaks between its digit groups (no-break spaces), for older readers. */
export function phoneNumber(text: string | null | undefined): string {
  return singleLine(text, 40).replace(/ /g, '\u00a0');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The URL when it is an http(s) URL, else undefined: only those become links or iCal URIs. */
export function httpUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** A bare address, nothing that could carry a header or an iCal parameter along with it. */
export function isPlainEmail(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.trim().length <= 254 &&
    /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+$/.test(value.trim())
  );
}

/** The trimmed address; throws for anything but a bare e-mail address. */
export function emailAddress(value: string): string {
  if (!isPlainEmail(value)) throw new Error('Not a plain e-mail address');
  return value.trim();
}
