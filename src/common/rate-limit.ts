import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppConfig } from '../config/app-config.js';
import type { ErrorResponse } from './errors/error-response.js';

/*
 * Rate limits per client address (behind a proxy set TRUST_PROXY_HOPS so the address is the client's).
 * express-rate-limit rather than @nestjs/throttler: the latter is a CommonJS package that requires the
 * ESM-only @nestjs/common, which Jest cannot load on Node 20.
 */

const tooManyRequests: ErrorResponse = {
  statusCode: 429,
  code: 'RATE_LIMITED',
  message: 'Too many requests; wait a minute and try again.',
};

function limiter(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_request, response) => void response.status(429).json(tooManyRequests),
  });
}

/** Mounts the limits: sign-in attempts get their own much lower limit on top of the general one. */
export function applyRateLimits(app: { use: (...args: unknown[]) => unknown }, config: AppConfig): void {
  const general = limiter(config.rateLimit.publicPerMinute);
  // Express routes case-insensitively and ignores a trailing slash, so the exemption must match the same way.
  // Health checks and the pages' hashed, year-cached assets are exempt: one page view loads several assets.
  const isExempt = (path: string) => /^\/health\/?$/i.test(path) || /^\/assets\//i.test(path);
  app.use((request: { path: string }, response: unknown, next: () => void) =>
    isExempt(request.path) ? next() : (general as (...args: unknown[]) => void)(request, response, next),
  );
  // One counter for the API login and the sign-in page's form: two doors do not double the guesses.
  const login = limiter(config.rateLimit.loginPerMinute) as (...args: unknown[]) => void;
  app.use('/api/auth/login', login);
  app.use('/staff/sign-in', (request: { method: string }, response: unknown, next: () => void) =>
    request.method === 'POST' ? login(request, response, next) : next(),
  );
}
