import { Injectable } from '@nestjs/common';
import type { Request, Response } from '../../../common/http.js';
import { localeFromAcceptLanguage } from '../../view/request-locale.js';
import { PRIVATE_PAGE } from '../../view/page-headers.js';
import { PageRenderer } from '../../view/page-renderer.js';
import type { SignedInStaff } from '../signed-in.js';
import { signInPathFor } from './next-path.js';
import { StaffSessions } from './staff-sessions.service.js';

/** Why a signed-in person was refused a page (each has its sentence in `account.refused.*`). */
export type RefusalCode = 'ADMIN_ONLY' | 'CLINIC_ACCESS_DENIED' | 'CSRF_FAILED' | 'FORBIDDEN';
const REFUSAL_CODES = new Set<string>(['ADMIN_ONLY', 'CLINIC_ACCESS_DENIED', 'CSRF_FAILED', 'FORBIDDEN']);

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The door of every @StaffPage() route, as the global AuthGuard uses it: the session cookie rather than a
 * bearer token, a redirect to the sign-in page rather than a 401, a 403 page in the office frame rather
 * than JSON. Both answers are sent here; the guard then answers false and the error filter, seeing the
 * response already sent, adds nothing.
 */
@Injectable()
export class StaffPageGate {
  constructor(
    private readonly sessions: StaffSessions,
    private readonly pages: PageRenderer,
  ) {}

  /**
   * The signed-in person, or undefined once the answer (the redirect or the 403 page) has been sent.
   * A form post must carry this session's CSRF token and must not come from another site.
   */
  async admit(request: Request, response: Response): Promise<SignedInStaff | undefined> {
    const signedIn = await this.sessions.resolve(request);
    if (!signedIn) {
      this.redirectToSignIn(request, response);
      return undefined;
    }
    if (!SAFE_METHODS.has(request.method) && !this.sessions.csrf.isValid(request, signedIn.sessionId)) {
      this.refuse(request, response, signedIn, 'CSRF_FAILED');
      return undefined;
    }
    return signedIn;
  }

  /** The 403 page in the office frame, saying why in the reader's language. */
  refuse(request: Request, response: Response, signedIn: SignedInStaff, code: string): void {
    const locale = localeFromAcceptLanguage(request.headers['accept-language']);
    const reason = REFUSAL_CODES.has(code) ? code : 'FORBIDDEN';
    this.pages.send(response, 'account/refused', { signedIn, reason }, { status: 403, policy: PRIVATE_PAGE, locale });
  }

  /** 303 to the sign-in page; a page asked for by GET comes back afterwards (`next`). */
  private redirectToSignIn(request: Request, response: Response): void {
    const hadCookie = this.sessions.cookie.read(request) !== undefined;
    if (hadCookie) this.sessions.cookie.clear(response);
    let location = signInPathFor(SAFE_METHODS.has(request.method) ? request.originalUrl : undefined);
    if (hadCookie) location += `${location.includes('?') ? '&' : '?'}expired=1`;
    this.pages.redirect(response, location, PRIVATE_PAGE);
  }
}
