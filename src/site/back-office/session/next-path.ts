/**
 * Where to go after signing in: only a path on this site (an open redirect would let a phishing link
 * borrow our sign-in page). Refused: absolute URLs, scheme-relative `//host`, backslash tricks a browser
 * reads as `//`, control characters; anything refused becomes `/staff`.
 */
export const HOME_PATH = '/staff';

export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return HOME_PATH;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return HOME_PATH;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return HOME_PATH;
  const base = 'http://local.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return HOME_PATH;
  }
  // The parser resolves dot segments: "/.//evil.example" becomes "//evil.example", which a browser reads as another host.
  if (url.origin !== base || url.pathname.startsWith('//')) return HOME_PATH;
  // Never back to the sign-in page itself (a loop), nor to a form that only takes posts.
  if (/^\/staff\/(sign-in|sign-out)\/?$/i.test(url.pathname)) return HOME_PATH;
  return url.pathname + url.search;
}

/** The sign-in page that comes back to `path` afterwards. */
export function signInPathFor(path: string | undefined): string {
  if (!path) return '/staff/sign-in';
  const next = safeNextPath(path);
  return next === HOME_PATH ? '/staff/sign-in' : `/staff/sign-in?next=${encodeURIComponent(next)}`;
}
