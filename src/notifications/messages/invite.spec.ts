import { describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { sampleContext } from '../../../test/support/notification-fixtures.js';
import { buildInvite } from './invite.js';

type Component = InstanceType<typeof ICAL.Component>;

function parse(ics: string): { calendar: Component; event: Component } {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents('vevent');
  expect(events).toHaveLength(1);
  return { calendar, event: events[0]! };
}

/** Every property name of every component, in order, e.g. "VEVENT:SUMMARY". */
function propertyNames(component: Component): string[] {
  return [
    ...component.getAllProperties().map((p) => `${component.name.toUpperCase()}:${p.name.toUpperCase()}`),
    ...component.getAllSubcomponents().flatMap(propertyNames),
  ];
}

/** Unfolds RFC 5545 continuation lines. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('invites replace, never duplicate (DESIGN rule 7)', () => {
  it('a confirmation is METHOD:REQUEST with the reservation UID, the event SEQUENCE, the clinic as ORGANIZER and the guest as ATTENDEE', () => {
    const context = sampleContext({ event: { sequence: 3 } });
    const invite = buildInvite({ method: 'REQUEST', context });
    const { calendar, event } = parse(invite.ics);

    expect(invite.method).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.getFirstPropertyValue('uid')).toBe(`${context.reservation.id}@booking.test`);
    expect(event.getFirstPropertyValue('sequence')).toBe(3);
    expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.getFirstPropertyValue('url')).toBe(context.manageUrl);

    const organizer = event.getFirstProperty('organizer')!;
    expect(organizer.getParameter('cn')).toBe('Lakeside Back Clinic');
    expect(organizer.getFirstValue()).toBe('mailto:seminars@lakeside.example');

    const attendees = event.getAllProperties('attendee');
    expect(attendees).toHaveLength(1);
    expect(attendees[0]!.getParameter('cn')).toBe('Ada Lovelace');
    expect(attendees[0]!.getParameter('partstat')).toBe('ACCEPTED');
    expect(attendees[0]!.getParameter('rsvp')).toBe('FALSE');
    expect(String(attendees[0]!.getFirstValue()).toLowerCase()).toBe('mailto:ada@guest.example');

    const description = String(event.getFirstPropertyValue('description'));
    expect(description).toContain('Monday, March 9, 2026');
    expect(description).toContain(context.manageUrl);
    expect(description).toContain('K7Q-3MZD');
    expect(event.getFirstPropertyValue('location')).toBe(
      'Seminar room 2, Lakeside Back Clinic, 12 Harbour Street, Chicago, IL 60601, US',
    );
  });

  it('an update keeps the UID, raises the SEQUENCE and carries a fresh DTSTAMP', () => {
    const context = sampleContext();
    const first = buildInvite({ method: 'REQUEST', context, stamp: new Date('2026-02-01T10:00:00Z') });
    const moved = {
      ...context,
      event: {
        ...context.event,
        sequence: 1,
        startsAt: new Date('2026-03-10T23:00:00Z'),
        endsAt: new Date('2026-03-11T00:30:00Z'),
      },
    };
    const update = buildInvite({ method: 'REQUEST', context: moved, stamp: new Date('2026-02-05T10:00:00Z') });

    const before = parse(first.ics).event;
    const after = parse(update.ics).event;
    expect(after.getFirstPropertyValue('uid')).toBe(before.getFirstPropertyValue('uid'));
    expect(Number(after.getFirstPropertyValue('sequence'))).toBeGreaterThan(
      Number(before.getFirstPropertyValue('sequence')),
    );
    expect(after.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-02-05T10:00:00Z');
    expect(before.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-02-01T10:00:00Z');
  });

  it('the reservation’s own inviteSequence wins over the event’s', () => {
    const invite = buildInvite({
      method: 'REQUEST',
      context: sampleContext({ event: { sequence: 2 }, reservation: { inviteSequence: 7 } }),
    });
    expect(invite.sequence).toBe(7);
    expect(parse(invite.ics).event.getFirstPropertyValue('sequence')).toBe(7);
  });

  it('a cancellation is METHOD:CANCEL with STATUS:CANCELLED, the same UID and a higher SEQUENCE', () => {
    const context = sampleContext({ event: { sequence: 4 } });
    const request = parse(buildInvite({ method: 'REQUEST', context }).ics);
    const cancel = buildInvite({ method: 'CANCEL', context });
    const parsed = parse(cancel.ics);

    expect(parsed.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(parsed.event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(parsed.event.getFirstPropertyValue('uid')).toBe(request.event.getFirstPropertyValue('uid'));
    expect(Number(parsed.event.getFirstPropertyValue('sequence'))).toBeGreaterThan(
      Number(request.event.getFirstPropertyValue('sequence')),
    );
  });

  it('a cancellation points at no manage link: the link is used up once the reservation is cancelled', () => {
    const context = sampleContext();
    const { event } = parse(buildInvite({ method: 'CANCEL', context }).ics);
    expect(event.getFirstPropertyValue('url')).toBeNull();
    expect(String(event.getFirstPropertyValue('description'))).not.toContain(context.manageUrl);
  });

  it('a caller-given UID is used as it is', () => {
    const invite = buildInvite({
      method: 'REQUEST',
      context: sampleContext({ reservation: { uid: 'reservation-42@clinic.example' } }),
    });
    expect(parse(invite.ics).event.getFirstPropertyValue('uid')).toBe('reservation-42@clinic.example');
  });
});

describe('times carry the event’s TZID with a VTIMEZONE that is right on both sides of a DST change', () => {
  const instant = (ics: string, property: 'dtstart' | 'dtend') => {
    const { calendar, event } = parse(ics);
    const time = event.getFirstPropertyValue(property) as InstanceType<typeof ICAL.Time>;
    // ical.js has no zone data of its own: the zone it resolves TZID to is the VTIMEZONE in this file.
    expect(time.zone?.tzid).toBe('America/Chicago');
    expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual([
      'America/Chicago',
    ]);
    return time.toJSDate().toISOString();
  };

  it('the Monday after spring forward (CDT, UTC−5): 18:00 local is 23:00Z', () => {
    const { ics } = buildInvite({ method: 'REQUEST', context: sampleContext() });
    expect(unfold(ics)).toContain('DTSTART;TZID=America/Chicago:20260309T180000');
    expect(unfold(ics)).toContain('DTEND;TZID=America/Chicago:20260309T193000');
    expect(instant(ics, 'dtstart')).toBe('2026-03-09T23:00:00.000Z');
    expect(instant(ics, 'dtend')).toBe('2026-03-10T00:30:00.000Z');
  });

  it('the Monday after fall back (CST, UTC−6): 18:00 local is 00:00Z the next day', () => {
    const context = sampleContext({
      event: { startsAt: new Date('2026-11-03T00:00:00Z'), endsAt: new Date('2026-11-03T01:30:00Z') },
    });
    const { ics } = buildInvite({ method: 'REQUEST', context });
    expect(unfold(ics)).toContain('DTSTART;TZID=America/Chicago:20261102T180000');
    expect(instant(ics, 'dtstart')).toBe('2026-11-03T00:00:00.000Z');
  });

  it('the Friday before spring forward is still CST: 18:00 local is 00:00Z', () => {
    const context = sampleContext({
      event: { startsAt: new Date('2026-03-07T00:00:00Z'), endsAt: new Date('2026-03-07T01:00:00Z') },
    });
    expect(instant(buildInvite({ method: 'REQUEST', context }).ics, 'dtstart')).toBe('2026-03-07T00:00:00.000Z');
  });

  it.each([
    ['Australia/Sydney', '2026-04-06T08:00:00Z'], // the Monday after DST ends there (AEST, UTC+10)
    ['Asia/Tokyo', '2026-03-09T09:00:00Z'], // no DST at all
    ['Asia/Kolkata', '2026-03-09T12:30:00Z'], // a half-hour offset
  ])('%s: ical.js reads the same instant back', (zone, startsAt) => {
    const context = sampleContext({
      event: { timeZone: zone, startsAt: new Date(startsAt), endsAt: new Date(Date.parse(startsAt) + 3_600_000) },
    });
    const { calendar, event } = parse(buildInvite({ method: 'REQUEST', context }).ics);
    const start = event.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>;
    expect(start.zone?.tzid).toBe(zone);
    expect(calendar.getFirstSubcomponent('vtimezone')!.getFirstPropertyValue('tzid')).toBe(zone);
    expect(start.toJSDate().toISOString()).toBe(new Date(startsAt).toISOString());
  });
});

describe('the calendar is well formed for every reader', () => {
  it('every content line ends in CRLF, END:VCALENDAR too (RFC 5545 §3.1)', () => {
    const { ics } = buildInvite({ method: 'REQUEST', context: sampleContext() });
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(buildInvite({ method: 'CANCEL', context: sampleContext() }).ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('the VTIMEZONE is the zone’s yearly rule pair with real names (Lisbon: WET/WEST)', () => {
    const context = sampleContext({
      event: {
        timeZone: 'Europe/Lisbon',
        startsAt: new Date('2026-12-07T18:00:00Z'),
        endsAt: new Date('2026-12-07T19:30:00Z'),
      },
    });
    const vtimezone = parse(buildInvite({ method: 'REQUEST', context }).ics).calendar.getFirstSubcomponent(
      'vtimezone',
    )!;
    const observances = vtimezone
      .getAllSubcomponents()
      .map((c) => `${c.name} ${c.getFirstPropertyValue('tzname')} ${c.getFirstProperty('rrule')?.toICALString()}`);
    expect(observances.sort()).toEqual([
      'daylight WEST RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      'standard WET RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    ]);
  });
});

describe('a time in the hour repeated when clocks go back', () => {
  // Chicago, Sunday 1 November 2026: 01:00–02:00 CDT, then 01:00–02:00 CST again.
  const at = (startsAt: string, minutes = 60) =>
    sampleContext({
      event: { startsAt: new Date(startsAt), endsAt: new Date(Date.parse(startsAt) + minutes * 60_000) },
    });
  const startOf = (ics: string) =>
    (parse(ics).event.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>).toJSDate().toISOString();

  it('readers disagree on its local time: RFC 5545 §3.3.5 takes the first pass, ical.js the second', () => {
    const written = buildInvite({ method: 'REQUEST', context: at('2026-10-31T23:00:00Z') }).ics;
    expect(written).toContain('DTSTART;TZID=America/Chicago:20261031T180000');
    const ics = written.replace(
      'DTSTART;TZID=America/Chicago:20261031T180000',
      'DTSTART;TZID=America/Chicago:20261101T013000',
    );
    expect(startOf(ics)).toBe('2026-11-01T07:30:00.000Z'); // 01:30 CST, not 01:30 CDT (06:30Z) as the RFC reads it
  });

  it.each([
    ['first pass, 01:30 CDT', '2026-11-01T06:30:00Z', '20261101T063000Z', '20261101T065000Z'],
    ['second pass, 01:30 CST', '2026-11-01T07:30:00Z', '20261101T073000Z', '20261101T075000Z'],
  ])(
    'so the %s is written in UTC, start and end, and every reader gets that instant',
    (_, startsAt, dtstart, dtend) => {
      const { ics } = buildInvite({ method: 'REQUEST', context: at(startsAt, 20) });
      expect(unfold(ics)).toContain(`DTSTART:${dtstart}`);
      expect(unfold(ics)).toContain(`DTEND:${dtend}`);
      expect(ics).not.toContain('TZID');
      expect(startOf(ics)).toBe(new Date(startsAt).toISOString());
    },
  );

  it('an event ending in the repeated hour is written in UTC too; one ending just after it keeps its TZID', () => {
    expect(unfold(buildInvite({ method: 'REQUEST', context: at('2026-11-01T05:00:00Z', 90) }).ics)).toContain(
      'DTSTART:20261101T050000Z',
    );
    expect(unfold(buildInvite({ method: 'REQUEST', context: at('2026-11-01T05:00:00Z', 180) }).ics)).toContain(
      'DTSTART;TZID=America/Chicago:20261101T000000',
    );
  });
});

describe('user text can never add iCal properties', () => {
  const hostileTitle =
    'Back pain\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:spam; a, b: c\nATTENDEE:mailto:x@evil.example Ünïcødé 背中';
  const hostileName = 'Zoë; O’Neil, Jr: "the 3rd"\r\nEND:VEVENT\r\nX-EVIL:1';

  it('titles, names and notes holding CRLF, ; , : "END:VEVENT" and non-ASCII add nothing and survive the round trip', () => {
    const plain = parse(buildInvite({ method: 'REQUEST', context: sampleContext() }).ics);
    const context = sampleContext({
      clinic: { name: 'Lakeside; Back, Clinic: "North"\r\nX-EVIL:1' },
      event: {
        title: hostileTitle,
        description: 'Notes\r\nEND:VCALENDAR\r\nBEGIN:VEVENT',
        venueName: 'Room 2\r\nLOCATION:elsewhere',
      },
      reservation: { name: hostileName },
    });
    const { ics } = buildInvite({ method: 'REQUEST', context });
    const { calendar, event } = parse(ics);

    expect(propertyNames(calendar)).toEqual(propertyNames(plain.calendar));
    expect(ics.match(/^BEGIN:VEVENT$/gm)).toHaveLength(1);
    // Titles are made single-line (they also head e-mails); everything else is kept.
    expect(event.getFirstPropertyValue('summary')).toBe(
      'Back pain END:VEVENT BEGIN:VEVENT SUMMARY:spam; a, b: c ATTENDEE:mailto:x@evil.example Ünïcødé 背中',
    );
    expect(String(event.getFirstPropertyValue('description'))).toContain('Notes\nEND:VCALENDAR\nBEGIN:VEVENT');
    expect(event.getFirstPropertyValue('location')).toContain('Room 2 LOCATION:elsewhere');
    // A quoted parameter cannot hold a line break or a double quote: those become a space and '.
    expect(event.getFirstProperty('attendee')!.getParameter('cn')).toBe(
      "Zoë; O’Neil, Jr: 'the 3rd' END:VEVENT X-EVIL:1",
    );
    expect(event.getFirstProperty('organizer')!.getParameter('cn')).toBe("Lakeside; Back, Clinic: 'North' X-EVIL:1");
    expect(event.getAllProperties('attendee')).toHaveLength(1);
  });

  it('refuses an e-mail address that carries more than an address', () => {
    expect(() =>
      buildInvite({ method: 'REQUEST', context: sampleContext({ reservation: { email: 'a@b.example\r\nX-EVIL:1' } }) }),
    ).toThrow();
    expect(() =>
      buildInvite({ method: 'REQUEST', context: sampleContext({ reservation: { email: 'a@b.example;RSVP=TRUE' } }) }),
    ).toThrow();
  });

  it('folds every line at 75 octets without splitting a character', () => {
    const title = 'Rückenschmerzen verstehen – 背中の痛み – '.repeat(5);
    const { ics } = buildInvite({
      method: 'REQUEST',
      context: sampleContext({ event: { title, description: 'ü'.repeat(300) } }),
    });
    const lines = ics.split('\r\n');
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics).not.toContain('\uFFFD');
    expect(parse(ics).event.getFirstPropertyValue('summary')).toBe(title.trim());
  });
});

describe('webinar invites carry the join URL', () => {
  const webinar = { kind: 'webinar' as const, venueName: null, joinUrl: 'https://meet.example/j/123?pwd=abc' };

  it('as the LOCATION of a confirmed attendee’s invite', () => {
    const { event } = parse(buildInvite({ method: 'REQUEST', context: sampleContext({ event: webinar }) }).ics);
    expect(event.getFirstPropertyValue('location')).toBe('https://meet.example/j/123?pwd=abc');
  });

  it('but a cancellation does not hand it out again', () => {
    const { event } = parse(buildInvite({ method: 'CANCEL', context: sampleContext({ event: webinar }) }).ics);
    expect(event.getFirstPropertyValue('location')).toBe('Online');
  });
});
