import { ConflictError } from '../../common/errors/domain-error.js';
import type { Event } from '../../events/event.entity.js';

/**
 * When the door takes check-ins (issue 8): from a set time before the start (CHECK_IN_OPENS_MINUTES_BEFORE,
 * 2 h by default) until the event's end. Before that an arrival is weeks early and almost surely a mistake
 * (the wrong event, a test tap); after the end the attendance is history (the completion job turns
 * confirmed seats not checked in into no-shows). Only a published event has a door: a draft never opened,
 * a cancelled one never happens, a completed one has its attendance settled. Pure: `now` comes in.
 */

export type CheckInState = 'not-open' | 'open' | 'closed';

export interface CheckInWindow {
  state: CheckInState;
  opensAt: Date;
  closesAt: Date;
}

export type CheckInEvent = Pick<Event, 'status' | 'startsAt' | 'endsAt'>;

export function checkInWindow(event: CheckInEvent, now: Date, opensMinutesBefore: number): CheckInWindow {
  const opensAt = new Date(event.startsAt.getTime() - opensMinutesBefore * 60_000);
  const closesAt = event.endsAt;
  if (event.status === 'completed' || event.status === 'cancelled' || now >= closesAt)
    return { state: 'closed', opensAt, closesAt };
  if (event.status !== 'published' || now < opensAt) return { state: 'not-open', opensAt, closesAt };
  return { state: 'open', opensAt, closesAt };
}

/** Refuses a check-in (or an undo, or a walk-in, who is checked in as added) outside the window: 409 with when it opens or closed. */
export function assertCheckInOpen(event: CheckInEvent, now: Date, opensMinutesBefore: number): void {
  const window = checkInWindow(event, now, opensMinutesBefore);
  if (window.state === 'open') return;
  if (window.state === 'closed') {
    throw new ConflictError(
      'CHECK_IN_CLOSED',
      'Check-in for this event has closed: it is over, completed or cancelled.',
      {
        closedAt: window.closesAt.toISOString(),
      },
    );
  }
  if (event.status !== 'published') {
    throw new ConflictError('CHECK_IN_NOT_OPEN', 'Check-in opens only for a published event.', { opensAt: null });
  }
  throw new ConflictError('CHECK_IN_NOT_OPEN', `Check-in opens at ${window.opensAt.toISOString()}.`, {
    opensAt: window.opensAt.toISOString(),
  });
}
