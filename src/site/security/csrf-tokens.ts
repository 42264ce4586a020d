import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Request, Response } from '../../common/http.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** The hidden form field every page form carries. */
export const CSRF_FIELD = '_csrf';

/**
 * Signed double-submit CSRF protection for the pages' forms (attendees have no session to tie a token to).
 * The browser holds a random value in an httpOnly, SameSite=Lax cookie; every form carries
 * HMAC(server key, that value). A post is accepted only when the two match: another site can neither read
 * our cookie nor compute the HMAC, and a cookie planted from elsewhere fails the signature.
 * A cross-site Origin header is refused outright.
 */
@Injectable()
export class CsrfTokens {
  private readonly key: Buffer;
  private readonly cookieName: string;
  private readonly secure: boolean;
  private readonly origin: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwt.secret, 'clinic-seminars', 'csrf-tokens', 32));
    this.secure = config.publicBaseUrl.startsWith('https://');
    // The __Host- prefix pins the cookie to our host and path / (browsers accept it only when Secure).
    this.cookieName = this.secure ? '__Host-csrf' : 'csrf';
    this.origin = new URL(config.publicBaseUrl).origin;
  }

  /** The token for this browser's forms; sets the cookie when the browser has none yet. */
  tokenFor(request: Request, response: Response): string {
    let secret = this.cookieOf(request);
    if (!secret) {
      secret = randomBytes(24).toString('base64url');
      response.header(
        'Set-Cookie',
        serializeCookie(this.cookieName, secret, {
          httpOnly: true,
          sameSite: 'lax',
          secure: this.secure,
          path: '/',
          maxAge: 60 * 60 * 24 * 7,
        }),
      );
      (request as Request & { csrfSecret?: string }).csrfSecret = secret;
    }
    return this.sign(secret);
  }

  /** True when the post carries the signature of this browser's cookie and does not come from another site. */
  isValid(request: Request): boolean {
    const origin = request.headers.origin;
    if (origin && origin !== 'null' && origin !== this.origin && origin !== originOfHost(request)) return false;
    const secret = this.cookieOf(request);
    const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!secret || typeof sent !== 'string') return false;
    const expected = Buffer.from(this.sign(secret));
    const given = Buffer.from(sent);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private cookieOf(request: Request): string | undefined {
    const early = (request as Request & { csrfSecret?: string }).csrfSecret;
    if (early) return early;
    const header = request.headers.cookie;
    const value = header ? parseCookies(header)[this.cookieName] : undefined;
    return value && /^[A-Za-z0-9_-]{32}$/.test(value) ? value : undefined;
  }

  private sign(secret: string): string {
    return createHmac('sha256', this.key).update(secret).digest('base64url');
  }
}

/** The origin the browser used to reach us (tests and local runs reach us under another host than the public URL). */
function originOfHost(request: Request): string | undefined {
  const host = request.headers.host;
  return host ? `${request.protocol}://${host}` : undefined;
}

/** Refuses a page form post without a valid CSRF token: 403 CSRF_FAILED, and nothing changes. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly tokens: CsrfTokens) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.tokens.isValid(context.switchToHttp().getRequest<Request>())) {
      throw new DomainError(
        'CSRF_FAILED',
        'This form has expired or did not come from our site; reload the page and try again.',
      );
    }
    return true;
  }
}
