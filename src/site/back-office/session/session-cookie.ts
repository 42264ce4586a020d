import { createHash, randomBytes } from 'node:crypto';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Request, Response } from '../../../common/http.js';
import type { AppConfig } from '../../../config/app-config.js';

/** 256 random bits, base64url: what the browser holds. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The session's id in the database: SHA-256 of the browser's value, so the table alone signs nobody in. */
export function sessionIdOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The back-office session cookie: httpOnly (no script reads it), SameSite=Lax (not sent on another site's
 * form posts), path /. As src/site/security/csrf-tokens.ts: Secure and the `__Host-` prefix (pinned to our
 * host) when the public URL is https; plain in local development over http, where browsers drop Secure cookies.
 */
export class SessionCookie {
  readonly name: string;
  private readonly secure: boolean;

  constructor(config: AppConfig) {
    this.secure = config.publicBaseUrl.startsWith('https://');
    this.name = this.secure ? '__Host-staff-session' : 'staff-session';
  }

  read(request: Request): string | undefined {
    const header = request.headers.cookie;
    const value = header ? parseCookies(header)[this.name] : undefined;
    return value && COOKIE_VALUE.test(value) ? value : undefined;
  }

  set(response: Response, secret: string, maxAgeSeconds: number): void {
    response.header('Set-Cookie', serializeCookie(this.name, secret, { ...this.attributes(), maxAge: maxAgeSeconds }));
  }

  clear(response: Response): void {
    response.header(
      'Set-Cookie',
      serializeCookie(this.name, '', { ...this.attributes(), maxAge: 0, expires: new Date(0) }),
    );
  }

  private attributes() {
    return { httpOnly: true, sameSite: 'lax' as const, secure: this.secure, path: '/' };
  }
}
