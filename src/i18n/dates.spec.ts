import { describe, expect, it } from '@jest/globals';
import { formatDay, formatListDay, formatShortDay, formatTimeRange, formatWhen, formatZoneName } from './dates.js';

const norm = (text: string) => text.replace(/[\u2009\u202f]/g, ' ');

describe('dates in the event zone and the reader language', () => {
  const lisbonEvening = {
    startsAt: new Date('2026-12-06T18:00:00Z'),
    endsAt: new Date('2026-12-06T19:30:00Z'),
    timeZone: 'Europe/Lisbon',
  };
  const chicagoEvening = {
    startsAt: new Date('2026-12-07T00:00:00Z'),
    endsAt: new Date('2026-12-07T01:30:00Z'),
    timeZone: 'America/Chicago',
  };

  it('Portuguese: a 24-hour clock and the zone by its Portuguese name', () => {
    expect(norm(formatWhen(lisbonEvening, 'pt-PT'))).toBe(
      'domingo, 6 de dezembro de 2026, 18:00 – 19:30 (Hora da Europa Ocidental)',
    );
  });

  it('English: a 12-hour clock, and the day is the day where the event happens, not in UTC', () => {
    expect(formatDay(chicagoEvening.startsAt, chicagoEvening.timeZone, 'en')).toBe('Sunday, December 6, 2026');
    expect(norm(formatTimeRange(chicagoEvening, 'en'))).toBe('6:00 – 7:30 PM');
    expect(formatZoneName(chicagoEvening.startsAt, chicagoEvening.timeZone, 'en')).toBe('Central Time');
  });

  it('an event across midnight names both days', () => {
    const late = {
      startsAt: new Date('2026-12-06T23:00:00Z'),
      endsAt: new Date('2026-12-07T00:30:00Z'),
      timeZone: 'Europe/Lisbon',
    };
    const text = norm(formatWhen(late, 'en'));
    expect(text).toContain('December 6');
    expect(text).toContain('December 7');
  });
});

describe('a list day names the year only when it is not this year', () => {
  const now = new Date('2026-11-27T05:00:00Z');

  it('this year: the short day, as before', () => {
    const dec = new Date('2026-12-06T18:00:00Z');
    expect(formatListDay(dec, 'Europe/Lisbon', 'en', now)).toBe(formatShortDay(dec, 'Europe/Lisbon', 'en'));
    expect(formatListDay(dec, 'Europe/Lisbon', 'en', now)).not.toContain('2026');
  });

  it('another year, past or coming: with the year, in the reader’s conventions', () => {
    expect(formatListDay(new Date('2027-01-06T18:00:00Z'), 'Europe/Lisbon', 'en', now)).toBe('Wed, Jan 6, 2027');
    const pt = formatListDay(new Date('2025-03-04T18:00:00Z'), 'Europe/Lisbon', 'pt-PT', now);
    expect(pt).toContain('2025');
    expect(pt).toMatch(/^ter/); // "terça, 4/03/2025" (ICU spells the weekday out once a year is named)
  });

  it('the year is the one in the event’s zone: New Year’s Eve evening in Chicago is still this year', () => {
    const eve = new Date('2027-01-01T02:00:00Z'); // 8 PM on 31 December 2026 in Chicago
    expect(formatListDay(eve, 'America/Chicago', 'en', now)).toBe('Thu, Dec 31');
    expect(formatListDay(eve, 'Europe/Lisbon', 'en', now)).toBe('Fri, Jan 1, 2027');
  });
});
