import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config.js';

const LOGIN_RATE_LIMITED = 'rate:login';

/** Sign-in attempts get their own, much lower, per-address limit on top of the general one. */
export const LoginRateLimited = () => SetMetadata(LOGIN_RATE_LIMITED, true);

const isLoginRoute = (context: ExecutionContext) => Reflect.getMetadata(LOGIN_RATE_LIMITED, context.getHandler()) === true;

export function rateLimits(config: AppConfig): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'default', ttl: 60_000, limit: config.rateLimit.publicPerMinute },
      { name: 'login', ttl: 60_000, limit: config.rateLimit.loginPerMinute, skipIf: (context) => !isLoginRoute(context) },
    ],
    errorMessage: 'Too many requests; wait a minute and try again.',
  };
}
