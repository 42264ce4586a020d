import { describe, expect, it } from '@jest/globals';
import { expandOccurrences } from './recurrence.js';
import { isInLastWeekOfMonth, ruleForPattern, weekdayPlace } from './recurrence-pattern.js';

const localDays = (rule: string, first: string) =>
  expandOccurrences(`${first}T18:00`, 'Europe/Lisbon', rule).map((occurrence) => occurrence.localStart.slice(0, 10));

describe('recurrence patterns as RRULE values', () => {
  it('weekly on the first date’s weekday, a number of times', () => {
    const rule = ruleForPattern('2026-03-03', { repeat: 'weekly', interval: 1, count: 4 });
    expect(rule).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=4');
    expect(localDays(rule, '2026-03-03')).toEqual(['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24']);
  });

  it('every 3 weeks', () => {
    const rule = ruleForPattern('2026-03-05', { repeat: 'weekly', interval: 3, count: 3 });
    expect(localDays(rule, '2026-03-05')).toEqual(['2026-03-05', '2026-03-26', '2026-04-16']);
  });

  it('monthly on the 2nd Tuesday (across a daylight-saving change the local time stays)', () => {
    const rule = ruleForPattern('2026-03-10', { repeat: 'monthly', interval: 1, count: 4 });
    expect(rule).toBe('FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU;COUNT=4');
    expect(localDays(rule, '2026-03-10')).toEqual(['2026-03-10', '2026-04-14', '2026-05-12', '2026-06-09']);
    const times = expandOccurrences('2026-03-10T18:00', 'Europe/Lisbon', rule).map((o) => o.startsAt.toISOString());
    expect(times.slice(0, 2)).toEqual(['2026-03-10T18:00:00.000Z', '2026-04-14T17:00:00.000Z']);
  });

  it('monthly on the last Friday, every 2 months, until a date (that day included)', () => {
    expect(isInLastWeekOfMonth('2026-01-30')).toBe(true);
    expect(isInLastWeekOfMonth('2026-01-23')).toBe(false);
    const rule = ruleForPattern('2026-01-30', {
      repeat: 'monthly',
      interval: 2,
      fromMonthEnd: true,
      until: '2026-07-31',
    });
    expect(rule).toBe('FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR;UNTIL=20260731');
    expect(localDays(rule, '2026-01-30')).toEqual(['2026-01-30', '2026-03-27', '2026-05-29', '2026-07-31']);
  });

  it('the place of a weekday in its month', () => {
    expect(weekdayPlace('2026-03-01')).toBe(1);
    expect(weekdayPlace('2026-03-07')).toBe(1);
    expect(weekdayPlace('2026-03-08')).toBe(2);
    expect(weekdayPlace('2026-03-29')).toBe(5);
    expect(weekdayPlace('2026-03-29', true)).toBe(-1);
    expect(weekdayPlace('2026-03-24', true)).toBe(-2);
  });
});
