import { describe, expect, it } from '@jest/globals';
import { expandOccurrences } from '../events/series/recurrence.js';
import { hasOneLocalReading, parseEventTime, toLocalIso, wallClockToInstant } from './event-time.js';

const iso = (date: Date | undefined) => date?.toISOString();

describe('a local time in the event’s zone is read as RFC 5545 §3.3.5 reads a TZID time', () => {
  it('in the hour repeated when clocks go back, the first of its two instants (Chicago 1 Nov 2026, 01:30 CDT, not CST)', () => {
    expect(iso(parseEventTime('2026-11-01T01:30', 'America/Chicago'))).toBe('2026-11-01T06:30:00.000Z');
    expect(iso(wallClockToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/Chicago'))).toBe(
      '2026-11-01T06:30:00.000Z',
    );
  });

  it('the same in Lisbon (25 Oct 2026, 01:30 WEST) and Sydney (5 Apr 2026, 02:30 AEDT)', () => {
    expect(iso(parseEventTime('2026-10-25T01:30', 'Europe/Lisbon'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(parseEventTime('2026-04-05T02:30', 'Australia/Sydney'))).toBe('2026-04-04T15:30:00.000Z');
  });

  it('so does each occurrence of a series: a weekly 01:30 that meets the autumn change is its first instant', () => {
    const occurrences = expandOccurrences('2026-10-18T01:30', 'America/Chicago', 'FREQ=WEEKLY;COUNT=3');
    expect(occurrences.map((o) => iso(o.startsAt))).toEqual([
      '2026-10-18T06:30:00.000Z',
      '2026-10-25T06:30:00.000Z',
      '2026-11-01T06:30:00.000Z',
    ]);
  });

  it('in the hour skipped when clocks go forward, the offset before the gap (02:30 CST = 03:30 CDT)', () => {
    expect(iso(parseEventTime('2026-03-08T02:30', 'America/Chicago'))).toBe('2026-03-08T08:30:00.000Z');
  });

  it('an ordinary time, and a time with its own offset, are read as before', () => {
    expect(iso(parseEventTime('2026-12-01T18:00', 'America/Chicago'))).toBe('2026-12-02T00:00:00.000Z');
    expect(iso(parseEventTime('2026-11-01T01:30:00-06:00', 'America/Chicago'))).toBe('2026-11-01T07:30:00.000Z');
    expect(parseEventTime('2026-02-30T18:00', 'America/Chicago')).toBeUndefined();
  });
});

describe('which instants have a local time of their own', () => {
  it('all but both passes through a repeated hour', () => {
    expect(hasOneLocalReading(new Date('2026-11-01T05:59:00Z'), 'America/Chicago')).toBe(true); // 00:59 CDT
    expect(hasOneLocalReading(new Date('2026-11-01T06:30:00Z'), 'America/Chicago')).toBe(false); // 01:30 CDT
    expect(hasOneLocalReading(new Date('2026-11-01T07:30:00Z'), 'America/Chicago')).toBe(false); // 01:30 CST
    expect(hasOneLocalReading(new Date('2026-11-01T08:00:00Z'), 'America/Chicago')).toBe(true); // 02:00 CST
    expect(hasOneLocalReading(new Date('2026-03-08T08:30:00Z'), 'America/Chicago')).toBe(true);
    expect(hasOneLocalReading(new Date('2026-07-01T12:00:00Z'), 'Asia/Tokyo')).toBe(true);
  });
});

describe('an instant as local time in a zone (toLocalIso, remembered per instant and zone)', () => {
  it('gives each zone its own offset for one instant, and each side of a clock change its own, every time asked', () => {
    const instant = new Date('2026-11-01T06:30:00Z');
    const asked = () => [
      toLocalIso(instant, 'America/Chicago'),
      toLocalIso(instant, 'Europe/Lisbon'),
      toLocalIso(new Date('2026-11-01T07:30:00Z'), 'America/Chicago'),
      toLocalIso(new Date('2026-03-29T00:59:59Z'), 'Europe/Lisbon'),
      toLocalIso(new Date('2026-03-29T01:00:00Z'), 'Europe/Lisbon'),
    ];
    const expected = [
      '2026-11-01T01:30:00-05:00',
      '2026-11-01T06:30:00+00:00',
      '2026-11-01T01:30:00-06:00',
      '2026-03-29T00:59:59+00:00',
      '2026-03-29T02:00:00+01:00',
    ];
    expect(asked()).toEqual(expected);
    expect(asked()).toEqual(expected);
  });
});
