import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Request } from '../../../common/http.js';
import type { AppConfig } from '../../../config/app-config.js';

/** The hidden form field every back-office form carries. */
export const CSRF_FIELD = '_csrf';

/**
 * CSRF tokens bound to the session (synchroniser token without storing one): HMAC(key, session id), the
 * key derived from the JWT secret as src/site/security/csrf-tokens.ts derives its own. Another site can
 * neither read the page that holds the token nor compute it; a new session (every sign-in) gets a new one.
 * A cross-site Origin or Sec-Fetch-Site is refused outright, before the token is even looked at.
 */
export class SessionCsrf {
  private readonly key: Buffer;
  private readonly origin: string;

  constructor(config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwt.secret, 'clinic-seminars', 'staff-session-csrf', 32));
    this.origin = new URL(config.publicBaseUrl).origin;
  }

  tokenFor(sessionId: string): string {
    return createHmac('sha256', this.key).update(sessionId).digest('base64url');
  }

  /** True when the request comes from our own pages and carries this session's token. */
  isValid(request: Request, sessionId: string): boolean {
    if (this.isCrossSite(request)) return false;
    const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (typeof sent !== 'string') return false;
    const expected = Buffer.from(this.tokenFor(sessionId));
    const given = Buffer.from(sent);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  isCrossSite(request: Request): boolean {
    if (request.headers['sec-fetch-site'] === 'cross-site') return true;
    const origin = request.headers.origin;
    return Boolean(origin && origin !== 'null' && origin !== this.origin && origin !== originOfHost(request));
  }
}

/** The origin the browser used to reach us (tests and local runs reach us under another host than the public URL). */
function originOfHost(request: Request): string | undefined {
  const host = request.headers.host;
  return host ? `${request.protocol}://${host}` : undefined;
}
