import { describe, expect, it } from '@jest/globals';
import { eventChangeForSeries } from './series-changes.js';

const lisbon = (startsAt: string, endsAt: string) => ({
  startsAt: new Date(startsAt),
  endsAt: new Date(endsAt),
  timeZone: 'Europe/Lisbon',
});

describe("a change to a series' future events, per event", () => {
  it('passes the plain fields through unchanged and leaves the times alone when none is asked', () => {
    const change = eventChangeForSeries(lisbon('2026-03-10T18:00:00Z', '2026-03-10T19:30:00Z'), {
      title: 'New title',
      capacity: 30,
    });
    expect(change).toEqual({ title: 'New title', capacity: 30 });
  });

  it('a new time of day keeps each event on its own date and in local time across daylight saving, and its own length', () => {
    const winter = eventChangeForSeries(lisbon('2026-03-10T18:00:00Z', '2026-03-10T19:30:00Z'), { startTime: '17:15' });
    const summer = eventChangeForSeries(lisbon('2026-04-14T17:00:00Z', '2026-04-14T18:00:00Z'), { startTime: '17:15' });
    expect(winter).toEqual({ startsAt: '2026-03-10T17:15', endsAt: '2026-03-10T18:45:00.000Z' });
    expect(summer).toEqual({ startsAt: '2026-04-14T17:15', endsAt: '2026-04-14T17:15:00.000Z' });
  });

  it('a new length counts from the start, which stays when no new time is given', () => {
    const change = eventChangeForSeries(lisbon('2026-04-14T17:00:00Z', '2026-04-14T18:00:00Z'), {
      durationMinutes: 120,
    });
    expect(change).toEqual({ startsAt: '2026-04-14T18:00', endsAt: '2026-04-14T19:00:00.000Z' });
  });
});
