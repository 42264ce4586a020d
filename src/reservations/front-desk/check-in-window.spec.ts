import { describe, expect, it } from '@jest/globals';
import { httpStatusOf } from '../../common/errors/error-codes.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { assertCheckInOpen, checkInWindow, type CheckInEvent } from './check-in-window.js';

const HOUR = 3_600_000;
const startsAt = new Date('2026-05-04T17:00:00Z');
const event = (overrides: Partial<CheckInEvent> = {}): CheckInEvent => ({
  status: 'published',
  startsAt,
  endsAt: new Date(startsAt.getTime() + 2 * HOUR),
  ...overrides,
});
const at = (hoursFromStart: number) => new Date(startsAt.getTime() + hoursFromStart * HOUR);
const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError
      ? { code: error.code, status: httpStatusOf(error.code), details: error.details }
      : error;
  }
  return undefined;
};

describe('the check-in window: from a set time before the start until the end', () => {
  it.each([
    [-24 * 21, 'not-open'],
    [-2.01, 'not-open'],
    [-2, 'open'],
    [-0.5, 'open'],
    [0, 'open'],
    [1.99, 'open'],
    [2, 'closed'],
    [30, 'closed'],
  ])('%s h from the start (opens 120 min before): %s', (hours, state) => {
    expect(checkInWindow(event(), at(hours), 120).state).toBe(state);
  });

  it('opens when configured and closes at the end', () => {
    const window = checkInWindow(event(), at(0), 30);
    expect(window.opensAt).toEqual(at(-0.5));
    expect(window.closesAt).toEqual(at(2));
    expect(checkInWindow(event(), at(-0.6), 30).state).toBe('not-open');
    expect(checkInWindow(event(), at(-1), 0).state).toBe('not-open');
    expect(checkInWindow(event(), at(0), 0).state).toBe('open');
  });

  it('is never open for a draft; closed for a cancelled or completed event, even during it', () => {
    expect(checkInWindow(event({ status: 'draft' }), at(0), 120).state).toBe('not-open');
    expect(checkInWindow(event({ status: 'cancelled' }), at(0), 120).state).toBe('closed');
    expect(checkInWindow(event({ status: 'completed' }), at(0.5), 120).state).toBe('closed');
  });

  it('refuses with 409 CHECK_IN_NOT_OPEN (saying when it opens) and CHECK_IN_CLOSED', () => {
    expect(refusal(() => assertCheckInOpen(event(), at(-24 * 14), 120))).toEqual({
      code: 'CHECK_IN_NOT_OPEN',
      status: 409,
      details: { opensAt: at(-2).toISOString() },
    });
    expect(refusal(() => assertCheckInOpen(event(), at(3), 120))).toMatchObject({
      code: 'CHECK_IN_CLOSED',
      status: 409,
    });
    expect(refusal(() => assertCheckInOpen(event({ status: 'draft' }), at(0), 120))).toMatchObject({
      code: 'CHECK_IN_NOT_OPEN',
      details: { opensAt: null },
    });
    expect(refusal(() => assertCheckInOpen(event(), at(-1), 120))).toBeUndefined();
  });
});
