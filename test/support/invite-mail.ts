import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import type { ReceivedMail } from './smtp-sink.js';

export interface ReadInvite {
  ics: string;
  method: string;
  uid: string;
  sequence: number;
  url: string | null;
  description: string;
  /** DTSTART as the reader resolves it (through the invite's own VTIMEZONE), and as written. */
  start: { utc: string; written: string };
  calendar: InstanceType<typeof ICAL.Component>;
}

/** An invite as a calendar reads it (ical.js), with DTSTART as written, to tell TZID from UTC times. */
export function readInvite(ics: string): ReadInvite {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const [vevent, ...more] = calendar.getAllSubcomponents('vevent');
  if (!vevent || more.length > 0) throw new Error('expected exactly one VEVENT');
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  const written = /^DTSTART[;:].*$/m.exec(unfolded.slice(unfolded.indexOf('BEGIN:VEVENT')))?.[0] ?? '';
  return {
    ics,
    method: String(calendar.getFirstPropertyValue('method')),
    uid: String(vevent.getFirstPropertyValue('uid')),
    sequence: Number(vevent.getFirstPropertyValue('sequence')),
    url: (vevent.getFirstPropertyValue('url') as string | null) ?? null,
    description: String(vevent.getFirstPropertyValue('description') ?? ''),
    start: {
      utc: (vevent.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>).toJSDate().toISOString(),
      written,
    },
    calendar,
  };
}

/** The text/calendar part an e-mail carries (the inline alternative), read; undefined when it has none. */
export async function inviteInMail(mail: ReceivedMail): Promise<ReadInvite | undefined> {
  const parsed = await simpleParser(mail.raw);
  const part = parsed.attachments.find(
    (a) => a.contentType === 'text/calendar' && a.contentDisposition !== 'attachment',
  );
  return part ? readInvite(part.content.toString('utf8')) : undefined;
}
