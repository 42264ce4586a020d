import { describe, expect, it } from '@jest/globals';
import { defaultRange, MAX_MONTHS, monthsOf, nextMonth, readMonthRange } from './month-range.js';

describe('month ranges', () => {
  const now = new Date('2026-03-15T12:00:00Z');

  it('defaults to the last six months up to the current one, across a year end', () => {
    expect(defaultRange(now)).toEqual({ from: '2025-10', to: '2026-03' });
    expect(readMonthRange({}, now)).toEqual({ range: { from: '2025-10', to: '2026-03' }, problems: [] });
  });

  it('lists the months of a range, both ends included', () => {
    expect(monthsOf({ from: '2025-11', to: '2026-02' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(nextMonth('2026-12')).toBe('2027-01');
  });

  it('names the field of each problem', () => {
    expect(readMonthRange({ from: '2026-13' }, now).problems).toEqual([{ field: 'from', code: 'INVALID_MONTH' }]);
    expect(readMonthRange({ from: '2026-1', to: ['2026-01'] }, now).problems).toEqual([
      { field: 'from', code: 'INVALID_MONTH' },
      { field: 'to', code: 'INVALID_MONTH' },
    ]);
    expect(readMonthRange({ from: '2026-04', to: '2026-03' }, now).problems).toEqual([
      { field: 'to', code: 'RANGE_REVERSED' },
    ]);
    expect(readMonthRange({ from: '2024-01', to: '2025-12' }, now).range).toEqual({ from: '2024-01', to: '2025-12' });
    expect(MAX_MONTHS).toBe(24);
    expect(readMonthRange({ from: '2024-01', to: '2026-01' }, now).problems).toEqual([
      { field: 'to', code: 'RANGE_TOO_LONG' },
    ]);
  });
});
