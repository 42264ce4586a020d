import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from '../../../common/http.js';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { StaffService } from '../../../staff/staff.service.js';
import type { SignedInStaff } from '../signed-in.js';
import { newSessionSecret, SessionCookie, sessionIdOf } from './session-cookie.js';
import { SessionCsrf } from './session-csrf.js';
import { StaffSessionsStore } from './staff-sessions.store.js';

const RESOLVED = Symbol('staffSession');

/**
 * Back-office sign-in sessions, kept in PostgreSQL rather than in a signed cookie: a session ends
 * everywhere the moment someone signs out, resets their password or is disabled, which a self-contained
 * cookie could not do before it expired. The browser's cookie is a 256-bit random value; the database
 * keeps only its hash. A session ends after `idleMinutes` without a request and `absoluteHours` after
 * sign-in at the latest.
 */
@Injectable()
export class StaffSessions {
  readonly cookie: SessionCookie;
  readonly csrf: SessionCsrf;
  private readonly idleSeconds: number;
  private readonly absoluteSeconds: number;

  constructor(
    private readonly store: StaffSessionsStore,
    private readonly staff: StaffService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cookie = new SessionCookie(config);
    this.csrf = new SessionCsrf(config);
    this.idleSeconds = config.staffSession.idleMinutes * 60;
    this.absoluteSeconds = config.staffSession.absoluteHours * 3600;
    // A changed password or a disabled account ends every session at once, in the transaction of the change.
    staff.onAccessChanged((staffUserId, manager) => this.store.deleteAllFor(staffUserId, manager));
  }

  /**
   * Starts a session for an account whose credentials were just checked and sets its cookie. Whatever
   * session the browser came with is ended first: the id always changes at sign-in, so a value planted in
   * the browser beforehand (session fixation) never becomes a signed-in session.
   */
  async start(request: Request, response: Response, staffUserId: string): Promise<void> {
    const previous = this.cookie.read(request);
    if (previous) await this.store.delete(sessionIdOf(previous));
    await this.store.deleteDeadFor(staffUserId, this.idleSeconds);
    const secret = newSessionSecret();
    const userAgent = request.headers['user-agent']?.slice(0, 300) ?? null;
    await this.store.insert({ id: sessionIdOf(secret), staffUserId, absoluteSeconds: this.absoluteSeconds, userAgent });
    this.cookie.set(response, secret, this.absoluteSeconds);
  }

  /**
   * Who is signed in with this request's cookie: undefined without a live session of an enabled account.
   * Looked up once per request (the rate limiter asks first, the page's guard again).
   */
  resolve(request: Request): Promise<SignedInStaff | undefined> {
    const memo = request as Request & { [RESOLVED]?: Promise<SignedInStaff | undefined> };
    memo[RESOLVED] ??= this.lookUp(request);
    return memo[RESOLVED];
  }

  private async lookUp(request: Request): Promise<SignedInStaff | undefined> {
    const secret = this.cookie.read(request);
    if (!secret) return undefined;
    const session = await this.store.findLive(sessionIdOf(secret), this.idleSeconds);
    if (!session) return undefined;
    const account = await this.staff.findActiveAccount(session.staffUserId);
    if (!account) {
      // Disabled or deleted since: the session is worthless, so it goes now rather than at expiry.
      await this.store.deleteAllFor(session.staffUserId);
      return undefined;
    }
    return { ...account, sessionId: session.id, csrfToken: this.csrf.tokenFor(session.id) };
  }

  /** Sign-out: the session row goes (so the cookie is worthless even if kept) and the cookie is cleared. */
  async end(response: Response, sessionId: string): Promise<void> {
    await this.store.delete(sessionId);
    this.cookie.clear(response);
  }

  /** Ends every session of one person, in the caller's transaction when given (password reset, disabling). */
  endAllFor(staffUserId: string, manager?: EntityManager): Promise<number> {
    return this.store.deleteAllFor(staffUserId, manager);
  }
}
