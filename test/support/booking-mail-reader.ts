import { expect } from '@jest/globals';
import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { ReceivedMail } from './smtp-sink.js';

/**
 * Reading a booking e-mail as it travelled: a small MIME reader (header names and order, parts and their
 * parameters, which mailparser smooths away), mailparser for what a mail client shows, and ical.js for the
 * invite as a calendar reads it (times resolved through the invite's own VTIMEZONE). The checks that every
 * invite must pass (inviteOf, hasNoInvite) are here too, so every suite asks the same.
 */

/** A MIME part as it travelled: header names (every one, in order), content type and parameters, sub-parts. */
export interface MimePart {
  headers: [name: string, value: string][];
  type: string;
  params: Record<string, string>;
  body: string;
  parts: MimePart[];
}

export function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const headerText = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split + 4);
  const headers = headerText
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .filter(Boolean)
    .map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    });
  const contentType = headers.find(([name]) => name === 'content-type')?.[1] ?? 'text/plain';
  const [type, ...paramTexts] = contentType.split(';');
  const params = Object.fromEntries(
    paramTexts.map((p) => {
      const eq = p.indexOf('=');
      return [
        p.slice(0, eq).trim().toLowerCase(),
        p
          .slice(eq + 1)
          .trim()
          .replace(/^"|"$/g, ''),
      ];
    }),
  );
  const lowerType = type!.trim().toLowerCase();
  const parts =
    lowerType.startsWith('multipart/') && params.boundary
      ? body
          .split(`--${params.boundary}`)
          .slice(1)
          .filter((section) => !section.startsWith('--'))
          .map((section) => parseMime(section.replace(/^\r\n/, '').replace(/\r\n$/, '')))
      : [];
  return { headers, type: lowerType, params, body, parts };
}

export function allParts(part: MimePart): MimePart[] {
  return [part, ...part.parts.flatMap(allParts)];
}

export interface Mail {
  received: ReceivedMail;
  raw: string;
  parsed: ParsedMail;
  mime: MimePart;
  subject: string;
  /** Bodies with the thin, narrow and no-break spaces ICU puts in "6:00 – 7:30 PM" (and we put in phone numbers) made plain. */
  text: string;
  html: string;
  /** The text/calendar alternative (inline, with its method= parameter), when there is one. */
  calendarPart?: { method: string | undefined; ics: string };
  /** The .ics attachment, when there is one. */
  icsAttachment?: { filename: string; ics: string };
}

export const plainSpaces = (text: string) => text.replace(/[\u2009\u202f\u00a0]/g, ' ');

export async function readMail(received: ReceivedMail): Promise<Mail> {
  const parsed = await simpleParser(received.raw);
  const raw = received.raw.toString('utf8');
  const mime = parseMime(raw);
  const inline = parsed.attachments.find(
    (a) => a.contentType === 'text/calendar' && a.contentDisposition !== 'attachment',
  );
  const file = parsed.attachments.find(
    (a) => a.contentDisposition === 'attachment' && /\.ics$/i.test(a.filename ?? ''),
  );
  const calendarMime = allParts(mime).find((p) => p.type === 'text/calendar');
  return {
    received,
    raw,
    parsed,
    mime,
    subject: plainSpaces(parsed.subject ?? ''),
    text: plainSpaces(parsed.text ?? ''),
    html: plainSpaces(typeof parsed.html === 'string' ? parsed.html : ''),
    calendarPart: inline ? { method: calendarMime?.params.method, ics: inline.content.toString('utf8') } : undefined,
    icsAttachment: file ? { filename: file.filename!, ics: file.content.toString('utf8') } : undefined,
  };
}

export interface Invite {
  ics: string;
  calendar: ICAL.Component;
  vevent: ICAL.Component;
  method: string;
  uid: string;
  sequence: number;
  status: string;
}

export function readInvite(ics: string): Invite {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevents = calendar.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(1);
  const vevent = vevents[0]!;
  return {
    ics,
    calendar,
    vevent,
    method: String(calendar.getFirstPropertyValue('method')),
    uid: String(vevent.getFirstPropertyValue('uid')),
    sequence: Number(vevent.getFirstPropertyValue('sequence')),
    status: String(vevent.getFirstPropertyValue('status')),
  };
}

/**
 * Checks the e-mail carries its invite both ways DESIGN rule 7 asks (a text/calendar; method=… part among
 * the alternatives, and an .ics attachment), that the two are the same calendar, and returns it.
 */
export function inviteOf(mail: Mail, method: 'REQUEST' | 'CANCEL'): Invite {
  const alternative = allParts(mail.mime).find((p) => p.type === 'multipart/alternative');
  expect(alternative).toBeDefined();
  // The HTML may come with its inline images (the confirmation code's QR) as multipart/related.
  const shown = (p: MimePart) =>
    p.type === 'multipart/related' ? (p.parts.find((q) => q.type === 'text/html')?.type ?? p.type) : p.type;
  expect(alternative!.parts.map(shown)).toEqual(expect.arrayContaining(['text/plain', 'text/html', 'text/calendar']));
  const calendarPart = alternative!.parts.find((p) => p.type === 'text/calendar')!;
  expect(calendarPart.params.method).toBe(method);
  expect(calendarPart.headers.find(([name]) => name === 'content-disposition')?.[1] ?? 'inline').not.toMatch(
    /attachment/i,
  );

  expect(mail.calendarPart).toBeDefined();
  expect(mail.icsAttachment).toBeDefined();
  expect(mail.icsAttachment!.filename).toMatch(/\.ics$/);
  expect(mail.icsAttachment!.ics).toBe(mail.calendarPart!.ics);
  const invite = readInvite(mail.calendarPart!.ics);
  expect(invite.method).toBe(method);
  return invite;
}

export function hasNoInvite(mail: Mail): void {
  expect(allParts(mail.mime).some((p) => p.type === 'text/calendar' || /\.ics/i.test(JSON.stringify(p.headers)))).toBe(
    false,
  );
  expect(mail.calendarPart).toBeUndefined();
  expect(mail.icsAttachment).toBeUndefined();
  expect(mail.raw).not.toMatch(/BEGIN:VCALENDAR|text\/calendar|application\/ics/i);
}

/** DTSTART/DTEND as a calendar client computes them: the local time, its TZID, and the UTC instant per that VTIMEZONE. */
export function zonedTime(invite: Invite, name: 'dtstart' | 'dtend'): { tzid: string; local: string; utc: string } {
  const property = invite.vevent.getFirstProperty(name);
  expect(property).toBeTruthy();
  const tzid = String(property!.getParameter('tzid'));
  const vtimezone = invite.calendar
    .getAllSubcomponents('vtimezone')
    .find((c) => c.getFirstPropertyValue('tzid') === tzid);
  if (!vtimezone) throw new Error(`the invite has no VTIMEZONE for ${name}'s TZID ${tzid}`);
  const zone = new ICAL.Timezone(vtimezone);
  const local = property!.getFirstValue() as ICAL.Time;
  const zoned = ICAL.Time.fromData(
    {
      year: local.year,
      month: local.month,
      day: local.day,
      hour: local.hour,
      minute: local.minute,
      second: local.second,
      isDate: false,
    },
    zone,
  );
  return { tzid, local: local.toString(), utc: zoned.toJSDate().toISOString() };
}

export function person(invite: Invite, name: 'organizer' | 'attendee') {
  const properties = invite.vevent.getAllProperties(name);
  expect(properties).toHaveLength(1);
  const property = properties[0]!;
  const parameters = Object.fromEntries(
    Object.entries(property.toJSON()[1] as Record<string, unknown>).map(([key, value]) => [
      key.toLowerCase(),
      String(value),
    ]),
  );
  return { value: String(property.getFirstValue()), parameters };
}

/** Property names of a component with repeats, sorted: two invites of the same shape give the same list. */
export const propertyNames = (component: ICAL.Component) =>
  component
    .getAllProperties()
    .map((p) => p.name)
    .sort();
export const headerNames = (part: MimePart) => part.headers.map(([name]) => name).sort();
