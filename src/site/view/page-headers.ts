/**
 * Headers for every page a person opens. `public` pages (catalogue, event page) may be framed by nobody;
 * `private` pages live under a manage token: never stored, never indexed, never referred. An embed page
 * may be framed only by the origins its clinic lists.
 */
export type PagePolicy = { kind: 'public' } | { kind: 'private' } | { kind: 'embed'; frameAncestors: string[] };

export const PUBLIC_PAGE: PagePolicy = { kind: 'public' };
export const PRIVATE_PAGE: PagePolicy = { kind: 'private' };

export function pageHeaders(policy: PagePolicy): Record<string, string> {
  const frameAncestors =
    policy.kind === 'embed' && policy.frameAncestors.length > 0 ? policy.frameAncestors.join(' ') : "'none'";
  const headers: Record<string, string> = {
    'Content-Type': 'text/html; charset=utf-8',
    // No inline script or style anywhere: every script and stylesheet is one of our hashed assets.
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "worker-src 'self' blob:",
      "form-action 'self'",
      "base-uri 'none'",
      "object-src 'none'",
      `frame-ancestors ${frameAncestors}`,
    ].join('; '),
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': policy.kind === 'private' ? 'no-store' : 'private, no-cache',
  };
  if (policy.kind !== 'embed') headers['X-Frame-Options'] = 'DENY';
  if (policy.kind === 'private') headers['X-Robots-Tag'] = 'noindex, nofollow';
  return headers;
}
