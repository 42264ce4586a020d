import { describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import { outlookOffset, readAsOutlook } from '../../../test/support/outlook-timezone.js';
import { buildVTimezone } from './vtimezone.js';

/** Each sub-component as "KIND DTSTART FROM TO NAME RRULE", in order. */
const observances = (vtimezone: string) =>
  [...vtimezone.matchAll(/BEGIN:(STANDARD|DAYLIGHT)\r\n([\s\S]*?)END:\1/g)].map((m) => {
    const prop = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(m[2]!)?.[1] ?? '-';
    return [m[1], prop('DTSTART'), prop('TZOFFSETFROM'), prop('TZOFFSETTO'), prop('TZNAME'), prop('RRULE')].join(' ');
  });

const icalZone = (vtimezone: string) =>
  new ICAL.Timezone(
    new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${vtimezone}\r\nEND:VCALENDAR`)).getFirstSubcomponent(
      'vtimezone',
    )!,
  );

/** The instant ical.js (an RFC 5545 reader) gives a wall-clock time in this VTIMEZONE. */
function icalInstant(vtimezone: string | InstanceType<typeof ICAL.Timezone>, local: string): string {
  const zone = typeof vtimezone === 'string' ? icalZone(vtimezone) : vtimezone;
  const wall = DateTime.fromISO(local, { zone: 'utc' });
  const time = ICAL.Time.fromData(
    {
      year: wall.year,
      month: wall.month,
      day: wall.day,
      hour: wall.hour,
      minute: wall.minute,
      second: 0,
      isDate: false,
    },
    zone,
  );
  return time.toJSDate().toISOString();
}

describe('VTIMEZONE: the zone’s current yearly rule, in the form Outlook reads', () => {
  it('Lisbon is one STANDARD/DAYLIGHT pair with FREQ=YEARLY rules and tzdb’s names WET/WEST, not one-off "GMT+0" observances', () => {
    const vtimezone = buildVTimezone(
      'Europe/Lisbon',
      new Date('2026-12-07T18:00:00Z'),
      new Date('2026-12-07T19:30:00Z'),
    );
    expect(vtimezone.startsWith('BEGIN:VTIMEZONE\r\nTZID:Europe/Lisbon\r\n')).toBe(true);
    expect(vtimezone.endsWith('END:VTIMEZONE')).toBe(true);
    expect(observances(vtimezone).sort()).toEqual([
      'DAYLIGHT 19700329T010000 +0000 +0100 WEST FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      'STANDARD 19701025T020000 +0100 +0000 WET FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    ]);
  });

  it('Chicago, Sydney (southern hemisphere), Tokyo (no DST) and Kolkata (half-hour offset)', () => {
    const build = (zone: string) =>
      observances(buildVTimezone(zone, new Date('2026-03-09T23:00:00Z'), new Date('2026-03-10T00:30:00Z'))).sort();
    expect(build('America/Chicago')).toEqual([
      'DAYLIGHT 19700308T020000 -0600 -0500 CDT FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      'STANDARD 19701101T020000 -0500 -0600 CST FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    ]);
    expect(build('Australia/Sydney')).toEqual([
      'DAYLIGHT 19701004T020000 +1000 +1100 AEDT FREQ=YEARLY;BYMONTH=10;BYDAY=1SU',
      'STANDARD 19700405T030000 +1100 +1000 AEST FREQ=YEARLY;BYMONTH=4;BYDAY=1SU',
    ]);
    expect(build('Asia/Tokyo')).toEqual(['STANDARD 19700101T000000 +0900 +0900 JST -']);
    expect(build('Asia/Kolkata')).toEqual(['STANDARD 19700101T000000 +0530 +0530 IST -']);
  });

  it('keeps the zone name the invite uses, also where tzdb calls it by another (Asia/Calcutta is a link to Asia/Kolkata)', () => {
    const vtimezone = buildVTimezone(
      'Asia/Calcutta',
      new Date('2026-03-09T12:00:00Z'),
      new Date('2026-03-09T13:00:00Z'),
    );
    expect(vtimezone).toMatch(/^BEGIN:VTIMEZONE\r\nTZID:Asia\/Calcutta\r\n/);
    expect(vtimezone.match(/^TZID:/gm)).toHaveLength(1);
  });

  it('refuses an unknown zone', () => {
    expect(() => buildVTimezone('Mars/Olympus_Mons', new Date(), new Date())).toThrow(/Unknown time zone/);
  });
});

describe('VTIMEZONE read as Outlook reads it gives the runtime’s offsets, in every zone the runtime knows', () => {
  // Events are booked up to a year or two ahead: every zone, for an event in 2027, sampled weekly and every
  // hour of a day on which the offset changes.
  const zones = Intl.supportedValuesOf('timeZone');
  const oneOffs = (vtimezone: string) =>
    observances(vtimezone).filter((o) => o.endsWith(' -') && !o.includes(' 19700101T000000 '));

  it(`all ${zones.length} zones: one yearly pair at most, and Outlook’s reading of it matches the runtime through 2027`, () => {
    const wrong: string[] = [];
    const describedOneByOne: string[] = [];
    for (const zone of zones) {
      const vtimezone = buildVTimezone(zone, new Date('2027-06-01T00:00:00Z'), new Date('2027-06-01T02:00:00Z'));
      const rules = observances(vtimezone).filter((o) => !o.endsWith(' -'));
      expect(rules.filter((o) => o.startsWith('STANDARD')).length).toBeLessThanOrEqual(1);
      expect(rules.filter((o) => o.startsWith('DAYLIGHT')).length).toBeLessThanOrEqual(1);
      for (const rule of rules)
        expect(rule).toMatch(/ FREQ=YEARLY;BYMONTH=\d{1,2};BYDAY=(-1|[1-4])(SU|MO|TU|WE|TH|FR|SA)$/);
      // Where the published rule does not give the runtime's changes (Morocco's DST follows Ramadan, no
      // yearly rule can; or tzdb changed a zone after this Node's ICU data), the years are spelled out one
      // by one for RFC 5545 readers (the ical.js test below covers them) and Outlook cannot match both.
      if (oneOffs(vtimezone).length > 0) {
        describedOneByOne.push(zone);
        continue;
      }
      const outlook = readAsOutlook(vtimezone);
      expect(outlook).toBeDefined();
      const tz = IANAZone.create(zone);
      const samples: number[] = [];
      for (let t = Date.UTC(2027, 0, 1, 12); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
        if (t % (7 * 86_400_000) < 86_400_000) samples.push(t);
        if (tz.offset(t) !== tz.offset(t + 86_400_000)) {
          for (let h = 0; h <= 24; h += 1) samples.push(t + h * 3_600_000);
        }
      }
      const bad = samples.find((t) => outlookOffset(outlook!, new Date(t)) !== tz.offset(t));
      if (bad !== undefined) wrong.push(`${zone} at ${new Date(bad).toISOString()}`);
    }
    expect(wrong).toEqual([]);
    expect(describedOneByOne).toEqual(expect.arrayContaining(['Africa/Casablanca']));
    // A handful at most: if this grows, the published data and the runtime's have drifted apart.
    expect(describedOneByOne.length).toBeLessThanOrEqual(12);
    console.log(
      `Zones whose 2026–2028 changes the published rule does not give (written as one-off observances): ${describedOneByOne.join(', ')}`,
    );
  });

  it('every zone, read by ical.js (RFC 5545): 18:00 local on the 1st and 15th of each month of 2027 is the instant luxon gives', () => {
    const wrong: string[] = [];
    for (const zone of zones) {
      const vtimezone = icalZone(
        buildVTimezone(zone, new Date('2027-06-01T00:00:00Z'), new Date('2027-06-01T02:00:00Z')),
      );
      for (let month = 1; month <= 12; month += 1) {
        for (const day of [1, 15]) {
          const local = DateTime.fromObject({ year: 2027, month, day, hour: 18 }, { zone });
          const actual = icalInstant(vtimezone, local.toFormat("yyyy-MM-dd'T'HH:mm"));
          if (actual !== local.toUTC().toISO()) wrong.push(`${zone} ${local.toISO()}: ical.js ${actual}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('VTIMEZONE where the zone changed its rule in the event’s years', () => {
  it('Mexico City dropped DST in October 2022: a June 2022 event is CDT, written as one-off observances before the current rule', () => {
    const vtimezone = buildVTimezone(
      'America/Mexico_City',
      new Date('2022-06-01T23:00:00Z'),
      new Date('2022-06-02T00:30:00Z'),
    );
    expect(observances(vtimezone)).toEqual(
      expect.arrayContaining([
        'DAYLIGHT 20220403T020000 -0600 -0500 CDT -',
        'STANDARD 20221030T020000 -0500 -0600 CST -',
      ]),
    );
    // 18:00 local on 1 June 2022 was CDT (UTC−5); on 1 June 2027 it is CST (UTC−6).
    expect(icalInstant(vtimezone, '2022-06-01T18:00')).toBe('2022-06-01T23:00:00.000Z');
    expect(icalInstant(vtimezone, '2022-12-01T18:00')).toBe('2022-12-02T00:00:00.000Z');
  });

  it('Nuuk moved from UTC−3 to UTC−2 in 2023 and keeps DST from 2024: the yearly pair starts in 2024, 2023 is one-offs', () => {
    const vtimezone = buildVTimezone(
      'America/Nuuk',
      new Date('2023-06-01T20:00:00Z'),
      new Date('2023-06-01T21:00:00Z'),
    );
    const rules = observances(vtimezone).filter((o) => !o.endsWith(' -'));
    expect(rules).toHaveLength(2);
    for (const rule of rules) expect(rule.split(' ')[1]!.slice(0, 4)).toBe('2024');
    expect(icalInstant(vtimezone, '2023-01-15T12:00')).toBe('2023-01-15T15:00:00.000Z'); // UTC−3
    expect(icalInstant(vtimezone, '2023-06-01T18:00')).toBe('2023-06-01T20:00:00.000Z'); // UTC−2
    expect(icalInstant(vtimezone, '2024-07-01T18:00')).toBe('2024-07-01T19:00:00.000Z'); // UTC−1, the new DST
  });
});
