import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { DomainError } from '../../common/errors/domain-error.js';
import type { Event } from '../event.entity.js';
import { eventsStillToCome } from './event-series.service.js';
import { calendarShiftYears, expandOccurrences, shiftedExpansion } from './recurrence.js';

const CHICAGO = 'America/Chicago';
const LISBON = 'Europe/Lisbon';

const utc = (first: string, zone: string, rule: string) =>
  expandOccurrences(first, zone, rule).map((o) => o.startsAt.toISOString());
const local = (first: string, zone: string, rule: string) =>
  expandOccurrences(first, zone, rule).map((o) => o.localStart);

/** The 400 VALIDATION_FAILED a rule gets, as `{ field, problem }`. */
function refusal(first: string, rule: string, zone = CHICAGO): { field: string; problem: string } {
  try {
    expandOccurrences(first, zone, rule);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const domain = error as DomainError;
    expect(domain).toMatchObject({ code: 'VALIDATION_FAILED' });
    const [{ field, problems }] = (domain.details as { fields: { field: string; problems: string[] }[] }).fields;
    return { field, problem: problems[0] };
  }
  throw new Error(`expected ${rule} to be refused`);
}

describe('a series keeps the same local wall-clock time across daylight-saving changes', () => {
  it('America/Chicago, spring forward (8 March 2026): 18:00 every Tuesday, one hour earlier in UTC from CDT on', () => {
    expect(local('2026-02-24T18:00', CHICAGO, 'FREQ=WEEKLY;BYDAY=TU;COUNT=4')).toEqual([
      '2026-02-24T18:00:00',
      '2026-03-03T18:00:00',
      '2026-03-10T18:00:00',
      '2026-03-17T18:00:00',
    ]);
    expect(utc('2026-02-24T18:00', CHICAGO, 'FREQ=WEEKLY;BYDAY=TU;COUNT=4')).toEqual([
      '2026-02-25T00:00:00.000Z', // CST, UTC-6
      '2026-03-04T00:00:00.000Z',
      '2026-03-10T23:00:00.000Z', // CDT, UTC-5
      '2026-03-17T23:00:00.000Z',
    ]);
  });

  it('America/Chicago, fall back (1 November 2026): one hour later in UTC from CST on', () => {
    expect(utc('2026-10-20T18:00', CHICAGO, 'FREQ=WEEKLY;BYDAY=TU;COUNT=4')).toEqual([
      '2026-10-20T23:00:00.000Z',
      '2026-10-27T23:00:00.000Z',
      '2026-11-04T00:00:00.000Z',
      '2026-11-11T00:00:00.000Z',
    ]);
  });

  it('Europe/Lisbon, 29 March and 25 October 2026: 18:00 is 18:00Z in WET and 17:00Z in WEST', () => {
    expect(utc('2026-03-24T18:00', LISBON, 'FREQ=WEEKLY;COUNT=2')).toEqual([
      '2026-03-24T18:00:00.000Z',
      '2026-03-31T17:00:00.000Z',
    ]);
    expect(utc('2026-10-20T18:00', LISBON, 'FREQ=WEEKLY;COUNT=2')).toEqual([
      '2026-10-20T17:00:00.000Z',
      '2026-10-27T18:00:00.000Z',
    ]);
  });

  it('a wall-clock time the change skips is read an hour later that day only (RFC 5545: the offset before the gap)', () => {
    // Chicago skips 02:00-03:00 on 8 March 2026; Lisbon skips 01:00-02:00 on 29 March 2026.
    expect(utc('2026-03-07T02:30', CHICAGO, 'FREQ=DAILY;COUNT=3')).toEqual([
      '2026-03-07T08:30:00.000Z', // 02:30 CST
      '2026-03-08T08:30:00.000Z', // 03:30 CDT
      '2026-03-09T07:30:00.000Z', // 02:30 CDT
    ]);
    expect(utc('2026-03-28T01:30', LISBON, 'FREQ=DAILY;COUNT=3')).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z', // 02:30 WEST
      '2026-03-30T00:30:00.000Z',
    ]);
  });
});

describe('reading the rule', () => {
  it('ends with COUNT, or with UNTIL inclusive (a date includes that day; a UTC time is compared as that instant)', () => {
    expect(expandOccurrences('2026-03-03T18:00', CHICAGO, 'FREQ=WEEKLY;BYDAY=TU;COUNT=8')).toHaveLength(8);
    expect(local('2026-03-03T18:00', CHICAGO, 'FREQ=WEEKLY;UNTIL=20260317')).toEqual([
      '2026-03-03T18:00:00',
      '2026-03-10T18:00:00',
      '2026-03-17T18:00:00',
    ]);
    expect(local('2026-03-03T18:00', CHICAGO, 'FREQ=WEEKLY;UNTIL=20260317T180000')).toHaveLength(3);
    // 18:00 CDT on 17 March is 23:00Z.
    expect(local('2026-03-03T18:00', CHICAGO, 'FREQ=WEEKLY;UNTIL=20260317T230000Z')).toHaveLength(3);
    expect(local('2026-03-03T18:00', CHICAGO, 'FREQ=WEEKLY;UNTIL=20260317T225959Z')).toHaveLength(2);
  });

  it('takes monthly, yearly and every-other-week rules, a leading "RRULE:" and lower case', () => {
    expect(local('2026-03-31T18:00', CHICAGO, 'FREQ=MONTHLY;BYDAY=-1TU;COUNT=3')).toEqual([
      '2026-03-31T18:00:00',
      '2026-04-28T18:00:00',
      '2026-05-26T18:00:00',
    ]);
    expect(local('2026-03-03T18:00', CHICAGO, 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=3')).toEqual([
      '2026-03-03T18:00:00',
      '2026-03-05T18:00:00',
      '2026-03-17T18:00:00',
    ]);
    expect(local('2026-03-03T18:00', CHICAGO, 'freq=yearly;count=2')).toEqual([
      '2026-03-03T18:00:00',
      '2027-03-03T18:00:00',
    ]);
    expect(local('2028-02-29T09:15:30', CHICAGO, 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1;COUNT=2')).toEqual([
      '2028-02-29T09:15:30',
      '2029-02-28T09:15:30',
    ]);
  });

  it('allows exactly 52 occurrences', () => {
    expect(expandOccurrences('2026-03-03T18:00', CHICAGO, 'FREQ=WEEKLY;COUNT=52')).toHaveLength(52);
    // 2026 begins and ends on a Thursday: 53 Thursdays.
    expect(expandOccurrences('2026-01-01T18:00', CHICAGO, 'FREQ=WEEKLY;UNTIL=20261224')).toHaveLength(52);
    expect(refusal('2026-01-01T18:00', 'FREQ=WEEKLY;UNTIL=20261231').problem).toContain('more than 52');
  });
});

describe('refusals name the field (400 VALIDATION_FAILED)', () => {
  it.each([
    ['garbage'],
    ['FREQ=FOO;COUNT=3'],
    ['FREQ=WEEKLY;COUNT=abc'],
    ['FREQ=WEEKLY;BYDAY=XX;COUNT=2'],
    ['FREQ=WEEKLY;COUNT=2;'],
    ['FREQ=WEEKLY;COUNT=2;COUNT=3'],
    ['FREQ=WEEKLY;COUNT=0'],
    ['FREQ=WEEKLY;INTERVAL=0;COUNT=2'],
    ['FREQ=WEEKLY;UNTIL=2026-03-20'],
    ['FREQ=WEEKLY;UNTIL=20261399'],
    ['FREQ=MONTHLY;BYMONTHDAY=32;COUNT=2'],
    ['COUNT=3'],
  ])('an unreadable rule: %s', (rule) => {
    expect(refusal('2026-03-03T18:00', rule).field).toBe('recurrence.rule');
  });

  it('a rule without COUNT or UNTIL', () => {
    expect(refusal('2026-03-03T18:00', 'FREQ=WEEKLY;BYDAY=TU')).toEqual({
      field: 'recurrence.rule',
      problem: expect.stringContaining('COUNT or UNTIL'),
    });
  });

  it('more than 52 occurrences, by COUNT or by UNTIL', () => {
    expect(refusal('2026-03-03T18:00', 'FREQ=WEEKLY;COUNT=53').problem).toContain('52');
    expect(refusal('2026-03-03T18:00', 'FREQ=DAILY;UNTIL=20260601').problem).toContain('more than 52');
  });

  it.each(['HOURLY', 'MINUTELY', 'SECONDLY'])('a FREQ=%s rule', (freq) => {
    expect(refusal('2026-03-03T18:00', `FREQ=${freq};COUNT=3`)).toEqual({
      field: 'recurrence.rule',
      problem: expect.stringContaining(freq),
    });
  });

  it('a time of day set in the rule (BYHOUR, BYMINUTE, BYSECOND): it comes from the start', () => {
    expect(refusal('2026-03-03T18:00', 'FREQ=DAILY;BYHOUR=9,18;COUNT=4').problem).toContain('BYHOUR');
    expect(refusal('2026-03-03T18:00', 'FREQ=DAILY;BYMINUTE=30;COUNT=4').problem).toContain('BYMINUTE');
  });

  it('a DTSTART inside the rule, in any form', () => {
    for (const rule of [
      'DTSTART:20260303T180000\nRRULE:FREQ=WEEKLY;COUNT=3',
      'DTSTART=20260303T180000;FREQ=WEEKLY;COUNT=3',
      'FREQ=WEEKLY;COUNT=3;dtstart=20260303',
    ]) {
      expect(refusal('2026-03-03T18:00', rule)).toEqual({
        field: 'recurrence.rule',
        problem: expect.stringContaining('DTSTART'),
      });
    }
  });

  it('both COUNT and UNTIL, and parts in places RFC 5545 forbids', () => {
    expect(refusal('2026-03-03T18:00', 'FREQ=WEEKLY;COUNT=3;UNTIL=20260401').problem).toContain('both');
    expect(refusal('2026-03-03T18:00', 'FREQ=WEEKLY;BYMONTHDAY=3;COUNT=3').problem).toContain('BYMONTHDAY');
    expect(refusal('2026-03-03T18:00', 'FREQ=WEEKLY;BYDAY=1TU;COUNT=3').problem).toContain('BYDAY');
    expect(refusal('2026-03-03T18:00', 'FREQ=MONTHLY;BYWEEKNO=10;COUNT=3').problem).toContain('BYWEEKNO');
  });

  it('a start that is not the first occurrence of the rule names event.startsAt', () => {
    // 2 March 2026 is a Monday.
    expect(refusal('2026-03-02T18:00', 'FREQ=WEEKLY;BYDAY=TU;COUNT=3')).toEqual({
      field: 'event.startsAt',
      problem: expect.stringContaining('Tuesday 2026-03-03T18:00'),
    });
  });

  it('an UNTIL before the start, or beyond ten years', () => {
    expect(refusal('2026-03-03T18:00', 'FREQ=WEEKLY;UNTIL=20260301').problem).toContain('no occurrence between');
    expect(refusal('2026-03-03T18:00', 'FREQ=YEARLY;UNTIL=20400101').problem).toContain('10 years');
  });

  it('a rule that can never (or not often enough) occur is refused with what it found, searched over decades, not 8,000 years', () => {
    expect(refusal('2026-03-03T18:00', 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3').problem).toContain(
      'only 0 of its COUNT=3',
    );
    expect(refusal('2026-03-03T18:00', 'FREQ=YEARLY;COUNT=12').problem).toContain('within 10 years');
    // rrule looks for a match up to the year 9999 whatever UNTIL says: what bounds the work is where it starts.
    const first = DateTime.fromISO('2026-03-03T18:00', { zone: 'utc' });
    const { expansion } = shiftedExpansion(
      'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3',
      first,
      first.plus({ years: 10 }),
    );
    expect(9999 - expansion.options.dtstart.getUTCFullYear()).toBeLessThan(50);
  });
});

describe('bounding the search', () => {
  it('moves the series onto the latest years before 9999 with the very same calendars', () => {
    const shift = calendarShiftYears(2025, 2037);
    expect(2037 + shift).toBeLessThanOrEqual(9999);
    expect(9999 - (2037 + shift)).toBeLessThan(40);
    for (let year = 2025; year <= 2037; year += 1) {
      const day = (y: number, month: number, date: number) => new Date(Date.UTC(y, month, date));
      expect(day(year + shift, 0, 1).getUTCDay()).toBe(day(year, 0, 1).getUTCDay());
      expect(day(year + shift, 1, 29).getUTCMonth()).toBe(day(year, 1, 29).getUTCMonth()); // 29 Feb exists in both or neither
    }
  });
});

describe('cancelling a series', () => {
  const event = (status: Event['status'], startsAt: string) => ({ status, startsAt: new Date(startsAt) }) as Event;

  it('reaches only the drafts and published events that have not started', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    const events = [
      event('completed', '2026-03-03T00:00:00Z'),
      event('published', '2026-03-10T11:00:00Z'),
      event('published', '2026-03-17T00:00:00Z'),
      event('draft', '2026-03-24T00:00:00Z'),
      event('cancelled', '2026-03-31T00:00:00Z'),
    ];
    expect(eventsStillToCome(events, now)).toEqual([events[2], events[3]]);
  });
});
