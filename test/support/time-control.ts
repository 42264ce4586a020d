import { Clock } from '../../src/common/clock.js';

/** Anything Nest that holds the one Clock: a test app's `app`, a worker's application context. */
interface HoldsClock {
  get(token: typeof Clock): Clock;
}

/**
 * Moves "now" for the services of the given apps (each has its own Clock: ClockModule) by `offsetMs`, still
 * ticking; returns the function that puts it back. The database's own now() does not move: only code that
 * asks the Clock (every rule of the booking, the jobs) sees the later time.
 */
export function moveClock(apps: HoldsClock[], offsetMs: number): () => void {
  const restores = apps.map((app) => {
    const clock = app.get(Clock);
    const own = Object.prototype.hasOwnProperty.call(clock, 'now') ? clock.now : undefined;
    clock.now = () => new Date(Date.now() + offsetMs);
    return () => {
      if (own) clock.now = own;
      else delete (clock as Partial<Clock>).now;
    };
  });
  return () => restores.forEach((restore) => restore());
}
