import { describe, expect, it } from '@jest/globals';
import { formatDay, formatTimeRange, formatWhen, formatZoneName } from './dates.js';

const norm = (text: string) => text.replace(/[\u2009\u202f]/g, ' ');

describe('dates in the event zone and the reader language', () => {
  const lisbonEvening = { startsAt: new Date('2026-12-06T18:00:00Z'), endsAt: new Date('2026-12-06T19:30:00Z'), timeZone: 'Europe/Lisbon' };
  const chicagoEvening = { startsAt: new Date('2026-12-07T00:00:00Z'), endsAt: new Date('2026-12-07T01:30:00Z'), timeZone: 'America/Chicago' };

  it('Portuguese: a 24-hour clock and the zone by its Portuguese name', () => {
    expect(norm(formatWhen(lisbonEvening, 'pt-PT'))).toBe('domingo, 6 de dezembro de 2026, 18:00 – 19:30 (Hora da Europa Ocidental)');
  });

  it('English: a 12-hour clock, and the day is the day where the event happens, not in UTC', () => {
    expect(formatDay(chicagoEvening.startsAt, chicagoEvening.timeZone, 'en')).toBe('Sunday, December 6, 2026');
    expect(norm(formatTimeRange(chicagoEvening, 'en'))).toBe('6:00 – 7:30 PM');
    expect(formatZoneName(chicagoEvening.startsAt, chicagoEvening.timeZone, 'en')).toBe('Central Time');
  });

  it('an event across midnight names both days', () => {
    const late = { startsAt: new Date('2026-12-06T23:00:00Z'), endsAt: new Date('2026-12-07T00:30:00Z'), timeZone: 'Europe/Lisbon' };
    const text = norm(formatWhen(late, 'en'));
    expect(text).toContain('December 6');
    expect(text).toContain('December 7');
  });
});
