import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for services (STYLE: pure rules take `now` as an argument). Services ask
 * `this.clock.now()` once per decision and pass that instant to the rules, so a transaction sees a single
 * instant and a test can fix time by overriding this provider (`{ provide: Clock, useValue: fixedClock(at) }`).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock stopped at `at`, for tests and tools. */
export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}
