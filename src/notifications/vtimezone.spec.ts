import { describe, expect, it } from '@jest/globals';
import { buildVTimezone } from './vtimezone.js';

const observances = (vtimezone: string) =>
  [...vtimezone.matchAll(/BEGIN:(STANDARD|DAYLIGHT)\r\nDTSTART:(\S+)\r\nTZOFFSETFROM:(\S+)\r\nTZOFFSETTO:(\S+)\r\nTZNAME:(\S+)\r\nEND:\1/g)].map((m) =>
    m.slice(1).join(' '),
  );

describe('VTIMEZONE from the runtime zone data', () => {
  it('lists each change in the wall-clock time it happens, with the offsets before and after', () => {
    const vtimezone = buildVTimezone('America/Chicago', new Date('2026-03-09T23:00:00Z'), new Date('2026-03-10T00:30:00Z'));
    expect(vtimezone.startsWith('BEGIN:VTIMEZONE\r\nTZID:America/Chicago\r\n')).toBe(true);
    expect(vtimezone.endsWith('END:VTIMEZONE')).toBe(true);
    expect(observances(vtimezone)).toEqual(
      expect.arrayContaining([
        'DAYLIGHT 20260308T020000 -0600 -0500 CDT',
        'STANDARD 20261101T020000 -0500 -0600 CST',
        'DAYLIGHT 20270314T020000 -0600 -0500 CDT',
      ]),
    );
    // The window opens a year early (1 January UTC) with the offset then in force, so no time in it precedes an observance.
    expect(observances(vtimezone)[0]).toBe('STANDARD 20241231T180000 -0600 -0600 CST');
  });

  it('handles the southern hemisphere and zones without DST', () => {
    const sydney = observances(buildVTimezone('Australia/Sydney', new Date('2026-04-06T08:00:00Z'), new Date('2026-04-06T09:00:00Z')));
    expect(sydney).toEqual(expect.arrayContaining(['STANDARD 20260405T030000 +1100 +1000 GMT+10', 'DAYLIGHT 20261004T020000 +1000 +1100 GMT+11']));
    expect(observances(buildVTimezone('Asia/Tokyo', new Date('2026-03-09T09:00:00Z'), new Date('2026-03-09T10:00:00Z')))).toEqual([
      'STANDARD 20250101T090000 +0900 +0900 GMT+9',
    ]);
  });

  it('refuses an unknown zone', () => {
    expect(() => buildVTimezone('Mars/Olympus_Mons', new Date(), new Date())).toThrow(/Unknown time zone/);
  });
});
