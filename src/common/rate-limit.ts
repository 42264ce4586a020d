import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { type INestApplication, Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { pathOf, type Request, type Response } from './http.js';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import type { AppConfig } from '../config/app-config.js';
import { StaffSessions } from '../site/back-office/session/staff-sessions.service.js';
import { ErrorPages, isPageRequest } from '../site/view/error-pages.js';
import type { ErrorResponse } from './errors/error-response.js';
import { type RateCount, RateLimitCounts } from './rate-limit-counts.js';

/*
 * Rate limits, counted in PostgreSQL (the rate_limits table of our migrations, in fixed one-minute windows,
 * written by group commit: rate-limit-counts.ts), so they hold across every app instance behind the load
 * balancer:
 * - a signed-in staff member (a valid bearer token or a live session cookie) per account,
 *   RATE_LIMIT_STAFF_PER_MINUTE, so a clinic's front desk is not held back by anonymous traffic that
 *   shares its address;
 * - everyone else per client address, RATE_LIMIT_PUBLIC_PER_MINUTE (behind a proxy set TRUST_PROXY_HOPS so
 *   the address is the client's);
 * - sign-in attempts (API login, the sign-in page, "forgot password") on top, per address and per e-mail
 *   typed, RATE_LIMIT_LOGIN_PER_MINUTE: guessing one account's password from many addresses is held too.
 * /health and the pages' hashed assets are exempt. A database that cannot count lets requests through
 * (logged): the limiter must not turn a database hiccup into refusals of its own.
 */

const WINDOW_SECONDS = 60;
/** A count that does not come back in this time is given up (fail open), so a hung pool cannot hang every request. */
const STORE_TIMEOUT_MS = 2000;
/**
 * Connections of the limiter's own pool, so counting never takes a connection a booking needs (DESIGN
 * rule 12): one statement is in flight at a time, and a second connection carries on while a hung one times out.
 */
const POOL_SIZE = 2;
/** At most one "cannot count" warning per this time. */
const WARN_EVERY_MS = 10_000;

const tooManyRequests: ErrorResponse = {
  statusCode: 429,
  code: 'RATE_LIMITED',
  message: 'Too many requests; wait a minute and try again.',
};

// Routes match case-insensitively and ignore a trailing slash, so exemptions and sign-in paths match the same way.
const isExempt = (path: string) => /^\/health\/?$/i.test(path) || /^\/assets\//i.test(path);
const SIGN_IN_ATTEMPTS = /^\/(api\/auth\/login|staff\/sign-in|staff\/forgot-password)\/?$/i;

interface Limit {
  name: string;
  points: number;
}

interface Counted {
  limit: Limit;
  result: RateCount;
}

/** Counts every request before its route runs (after the body is parsed, so a sign-in's e-mail is readable). */
export function applyRateLimits(app: INestApplication, fastify: FastifyInstance, config: AppConfig): void {
  const limits = new RateLimits(app, config);
  fastify.addHook('preHandler', async (request, reply) => {
    if (await limits.refused(request as Request, reply)) return reply;
  });
}

class RateLimits {
  private readonly logger = new Logger('RateLimit');
  private readonly public: Limit;
  private readonly staff: Limit;
  private readonly signIn: Limit;
  private readonly counts: RateLimitCounts;
  private lastWarning = 0;
  private services?: { auth: AuthService; sessions: StaffSessions; errorPages: ErrorPages };

  constructor(
    private readonly app: INestApplication,
    config: AppConfig,
  ) {
    const pool = limiterPool(String((app.get(DataSource).options as { url?: string }).url));
    this.counts = new RateLimitCounts(pool, WINDOW_SECONDS * 1000, { timeoutMs: STORE_TIMEOUT_MS });
    this.public = { name: 'public', points: config.rateLimit.publicPerMinute };
    this.staff = { name: 'staff', points: config.rateLimit.staffPerMinute };
    this.signIn = { name: 'sign-in', points: config.rateLimit.loginPerMinute };
  }

  /** Counts the request; answers it 429 and says so when it is over a limit. */
  async refused(request: Request, response: Response): Promise<boolean> {
    if (isExempt(pathOf(request))) return false;
    try {
      const counted = await this.count(request);
      const refused = counted.find(({ limit, result }) => result.consumedPoints > limit.points);
      const shown = refused ?? counted[counted.length - 1];
      setRateLimitHeaders(response, shown);
      if (refused) {
        await this.refuse(request, response, refused);
        return true;
      }
    } catch (error) {
      this.failOpen(error);
    }
    return false;
  }

  /** Every limit this request counts against, the general one last. */
  private async count(request: Request): Promise<Counted[]> {
    const counted: Counted[] = [];
    if (request.method === 'POST' && SIGN_IN_ATTEMPTS.test(pathOf(request))) {
      counted.push(await this.consume(this.signIn, `address:${clientKey(request.ip)}`));
      const email = (request.body as { email?: unknown } | undefined)?.email;
      if (typeof email === 'string' && email.trim())
        counted.push(await this.consume(this.signIn, `account:${hashed(email.trim().toLowerCase())}`));
    }
    const staffId = await this.signedInStaff(request);
    counted.push(
      staffId ? await this.consume(this.staff, staffId) : await this.consume(this.public, clientKey(request.ip)),
    );
    return counted;
  }

  /** Counts one point; a limit already used up is answered too, with its reset time. */
  private async consume(limit: Limit, key: string): Promise<Counted> {
    return { limit, result: await this.counts.count(`${limit.name}:${key}`) };
  }

  /** The signed-in staff member's account id, from a valid bearer token or a live session cookie. */
  private async signedInStaff(request: Request): Promise<string | undefined> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) return this.resolved().auth.accountIdOfToken(bearer);
    const { sessions } = this.resolved();
    if (!sessions.cookie.read(request)) return undefined;
    return (await sessions.resolve(request))?.actor.id;
  }

  private async refuse(request: Request, response: Response, { result }: Counted): Promise<void> {
    response.header('Retry-After', String(Math.max(1, Math.ceil(result.msBeforeNext / 1000))));
    if (isPageRequest(request)) {
      await this.resolved().errorPages.send(request, response, tooManyRequests);
      return;
    }
    response.status(429).send(tooManyRequests);
  }

  /** The services the limiter asks, looked up once the application is complete. */
  private resolved() {
    this.services ??= {
      auth: this.app.get(AuthService, { strict: false }),
      sessions: this.app.get(StaffSessions, { strict: false }),
      errorPages: this.app.get(ErrorPages, { strict: false }),
    };
    return this.services;
  }

  private failOpen(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn({
      message: 'rate limits could not be counted; letting requests through',
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * A small pool of its own on the application's database: a burst on one hot event queues for the app's
 * pool, and the counting in front of every request must not queue behind it (or take its connections).
 * Every wait is bounded by STORE_TIMEOUT_MS; idle connections close and never keep the process alive.
 */
function limiterPool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    application_name: 'clinic-seminars-rate-limit',
    // A count is not worth a disk flush before the request goes on: after a crash of the database the last
    // moment's counts may be lost (a client gets those few requests again), never corrupted.
    options: '-c synchronous_commit=off',
    connectionTimeoutMillis: STORE_TIMEOUT_MS,
    statement_timeout: STORE_TIMEOUT_MS,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
  });
  // An idle connection whose server went away emits 'error'; the next count fails over to "let through".
  pool.on('error', () => undefined);
  return pool;
}

/** The IETF draft-8 headers, as express-rate-limit wrote them: the policy and what is left of it. */
function setRateLimitHeaders(response: Response, { limit, result }: Counted): void {
  const remaining = Math.max(0, limit.points - result.consumedPoints);
  const reset = Math.max(0, Math.ceil(result.msBeforeNext / 1000));
  response.header('RateLimit-Policy', `"${limit.name}";q=${limit.points};w=${WINDOW_SECONDS}`);
  response.header('RateLimit', `"${limit.name}";r=${remaining};t=${reset}`);
}

/** E-mails are counted by hash: the table never holds an address. */
function hashed(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/**
 * The key a client address is counted under. An IPv6 client usually holds a whole /64 (often a /56) and
 * can pick a fresh address for every request, so IPv6 is counted per /56, as express-rate-limit does by
 * default; IPv4 (and IPv4 mapped into IPv6) per address.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const groups = expandIPv6(ip);
  // 56 bits: three full groups and the high byte of the fourth.
  return `${groups.slice(0, 3).join(':')}:${groups[3].slice(0, 2)}00::/56`;
}

function expandIPv6(ip: string): string[] {
  const [head, tail = ''] = ip.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = ip.includes('::') ? [...left, ...Array(missing).fill('0'), ...right] : left;
  return groups.map((group) => group.padStart(4, '0').toLowerCase());
}
