import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import {
  attendee,
  createClinic,
  createPublishedEvent,
  fromNow,
  reserve,
  sleep,
  type ClinicBody,
  type StaffEventBody,
} from './support/booking-fixtures.js';
import { joinUrlOf } from './support/join-link-fixtures.js';
import { setClinicLocale } from './support/notification-fixtures.js';
import { SmtpSink } from './support/smtp-sink.js';
import {
  allParts,
  type Mail,
  plainSpaces,
  readMail,
  inviteOf,
  hasNoInvite,
  zonedTime,
  person,
  propertyNames,
  headerNames,
} from './support/booking-mail-reader.js';
import { sampleClinic, signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/**
 * DESIGN rules 5–7 end to end: the real HTTP booking API, a real PostgreSQL, the dispatcher running inside
 * the app, and a real SMTP server in this process. Every e-mail is parsed as a mail client would
 * (mailparser) and every invite as a calendar would (ical.js, times resolved through the invite's own
 * VTIMEZONE).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MAIL_TIMEOUT_MS = 10_000;
const CHICAGO = 'America/Chicago';
const LISBON = 'Europe/Lisbon';
const JOIN_URL = 'https://meet.example/j/clinic-9f3k2?pwd=SeCrEt77';

const singleSpaced = (text: string) => text.replace(/\s+/g, ' ').trim();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches `secret` in raw mail text even when folded (iCal) or soft-broken (quoted-printable) mid-way. */
const looseMatch = (secret: string) => new RegExp([...secret].map(escapeRegExp).join('(?:\\r\\n[ \\t]|=\\r\\n)?'), 'g');

function localDay(isoLocal: string, zone = CHICAGO): string {
  return DateTime.fromISO(isoLocal, { zone }).setLocale('en-US').toFormat('cccc, LLLL d, yyyy');
}

function googleLinkIn(text: string): URL {
  const found = /https:\/\/calendar\.google\.com\/calendar\/render\?\S+/.exec(text);
  expect(found).not.toBeNull();
  return new URL(found![0]);
}

const basicUtc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");

/** The next US daylight-saving Mondays (after the 2nd Sunday of March, after the 1st Sunday of November) still ahead of now. */
function nextDstMondays(now = new Date()): { spring: string; fall: string } {
  const nthSunday = (year: number, month: number, n: number) => {
    const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
    return 1 + ((7 - firstWeekday) % 7) + 7 * (n - 1);
  };
  const mondayAfter = (year: number, month: number, n: number) =>
    new Date(Date.UTC(year, month, nthSunday(year, month, n) + 1)).toISOString().slice(0, 10);
  const ahead = (day: string) => Date.parse(`${day}T00:00:00Z`) > now.getTime() + 2 * DAY;
  const year = now.getUTCFullYear();
  const springs = [year, year + 1].map((y) => mondayAfter(y, 2, 2));
  const falls = [year, year + 1].map((y) => mondayAfter(y, 10, 1));
  return { spring: springs.find(ahead)!, fall: falls.find(ahead)! };
}

// ————————————————————————————————————————————————————————————— the suite

describe('booking e-mails through the real API, outbox, dispatcher and SMTP', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: SignedIn;
  let staff: SignedIn;
  let clinic: ClinicBody;
  let printedSample = false;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({
      DISPATCHER_ENABLED: 'true',
      SMTP_URL: sink.url,
      DISPATCHER_POLL_INTERVAL_MS: '50',
      DISPATCHER_BATCH_SIZE: '10',
      DISPATCHER_LEASE_MS: '5000',
      DISPATCHER_MAX_ATTEMPTS: '5',
      DISPATCHER_BACKOFF_BASE_MS: '100',
      DISPATCHER_BACKOFF_MAX_MS: '1000',
      MAIL_FROM: 'Clinic Seminars <no-reply@seminars.test>',
    });
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth);
    staff = await signInNewUser(t, 'staff', [clinic.id]);
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  // —— helpers bound to this app and sink

  const receivedBy = (address: string) =>
    sink.received.filter((mail) => mail.recipients.includes(address)).sort((a, b) => a.receivedAt - b.receivedAt);

  /** Waits (bounded) until `count` e-mails have reached `address`, and reads them in arrival order. */
  async function mailsTo(address: string, count: number): Promise<Mail[]> {
    await sink.waitUntil(
      `${count} e-mail(s) reach ${address} (got ${receivedBy(address).length})`,
      () => receivedBy(address).length >= count,
      MAIL_TIMEOUT_MS,
    );
    return Promise.all(receivedBy(address).map(readMail));
  }

  /** Waits until nothing due is left in the outbox (sent, none retrying), then a few polls more for stragglers. */
  async function outboxSettled(): Promise<void> {
    await sink.waitUntil(
      'the outbox has nothing due and nothing retrying',
      async () => {
        const [row] = (await t.dataSource.query(
          `SELECT count(*)::int AS busy FROM outbox_messages
            WHERE status = 'pending' AND (due_at <= now() OR attempts > 0)`,
        )) as { busy: number }[];
        return row!.busy === 0;
      },
      MAIL_TIMEOUT_MS,
    );
    await sleep(250);
    const failed = (await t.dataSource.query(
      `SELECT kind, last_error FROM outbox_messages WHERE status = 'failed'`,
    )) as unknown[];
    expect(failed).toEqual([]);
  }

  async function outboxOf(reservationId: string, kind?: string) {
    return (await t.dataSource.query(
      `SELECT kind, status, due_at, reminder_offset_minutes, message_id, attempts, payload
         FROM outbox_messages WHERE reservation_id = $1 ${kind ? 'AND kind = $2' : ''} ORDER BY created_at, id`,
      kind ? [reservationId, kind] : [reservationId],
    )) as {
      kind: string;
      status: string;
      due_at: Date;
      reminder_offset_minutes: number | null;
      message_id: string;
      attempts: number;
    }[];
  }

  /** Makes a reservation's pending reminders due now (instead of waiting a day or an hour for them). */
  async function makeRemindersDue(reservationId: string, offsetMinutes?: number): Promise<number> {
    const [, affected] = (await t.dataSource.query(
      `UPDATE outbox_messages SET due_at = now()
        WHERE reservation_id = $1 AND kind = 'reminder' AND ($2::int IS NULL OR reminder_offset_minutes = $2)`,
      [reservationId, offsetMinutes ?? null],
    )) as [unknown, number];
    return affected;
  }

  async function book(eventId: string, overrides: Record<string, unknown> = {}) {
    const body = attendee(overrides) as { name: string; email: string };
    const response = await reserve(t, eventId, body);
    if (response.status !== 201) throw new Error(`reserve: ${response.status} ${JSON.stringify(response.body)}`);
    return {
      name: body.name,
      email: body.email,
      reservationId: response.body.reservationId as string,
      status: response.body.status as 'confirmed' | 'waitlisted',
      manageToken: response.body.manageToken as string,
      manageUrl: response.body.manageUrl as string,
      confirmationCode: response.body.confirmationCode as string,
      event: response.body.event as { startsAt: string; endsAt: string },
    };
  }

  /** An event in Chicago `daysAhead` days from today, 18:00–19:30 local, given as local time. */
  function localEvening(daysAhead: number): { day: string; startsAt: string; endsAt: string } {
    const day = DateTime.now().setZone(CHICAGO).plus({ days: daysAhead }).toISODate()!;
    return { day, startsAt: `${day}T18:00`, endsAt: `${day}T19:30` };
  }

  function newEvent(overrides: Record<string, unknown> = {}): Promise<StaffEventBody> {
    return createPublishedEvent(t, staff.auth, clinic.slug, overrides);
  }

  function webinar(overrides: Record<string, unknown> = {}): Promise<StaffEventBody> {
    return newEvent({
      kind: 'webinar',
      venueName: undefined,
      joinUrl: JOIN_URL,
      title: 'Desk posture, live online',
      ...overrides,
    });
  }

  /** One confirmation as received, with the personal data replaced, for the closing note. */
  function printSample(mail: Mail, who: Awaited<ReturnType<typeof book>>): void {
    if (printedSample) return;
    printedSample = true;
    let text = mail.raw;
    const replacements: [string, string][] = [
      [who.manageToken, '<MANAGE-TOKEN>'],
      [who.email, '<attendee@example.org>'],
      [who.name, '<Attendee Name>'],
      [who.confirmationCode, '<CONFIRMATION-CODE>'],
      [who.reservationId, '<RESERVATION-ID>'],
    ];
    for (const [secret, placeholder] of replacements) text = text.replace(looseMatch(secret), placeholder);
    // The attachment is the same calendar again, base64-encoded (where no placeholder can reach it).
    const attachment = allParts(mail.mime).find((p) =>
      p.headers.some(([n, v]) => n === 'content-disposition' && /attachment/i.test(v)),
    );
    const base64 = attachment?.body.trim();
    if (base64)
      text = text.replace(
        base64,
        `[base64 of ${attachment!.params.name ?? 'the attachment'}: the same calendar as the text/calendar part above, ${Buffer.from(base64, 'base64').length} bytes]`,
      );
    for (const [secret] of replacements) expect(text).not.toMatch(looseMatch(secret));
    console.log(
      `One confirmation e-mail as received by the SMTP sink (personal data replaced by placeholders):\n\n${text}`,
    );
  }

  // ——————————————————————————————————————————————————————————— rule 7

  describe('rule 7: invites replace, never duplicate', () => {
    it('a confirmation carries the invite as a text/calendar; method=REQUEST alternative and as an .ics attachment, with the stable UID, TZID times, the clinic as ORGANIZER, the guest as ATTENDEE, the manage link, and bodies with the local time, address, manage and Google Calendar links', async () => {
      const when = localEvening(10);
      const event = await newEvent({
        startsAt: when.startsAt,
        endsAt: when.endsAt,
        title: 'Living well with lower back pain',
      });
      const guest = await book(event.id, { name: 'Ada Lovelace' });
      expect(guest.status).toBe('confirmed');

      const [mail] = await mailsTo(guest.email, 1);
      await outboxSettled();
      expect(receivedBy(guest.email)).toHaveLength(1);
      const [row] = await outboxOf(guest.reservationId, 'confirmation');

      // Envelope and headers.
      expect(mail!.received.recipients).toEqual([guest.email]);
      expect(mail!.parsed.messageId).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
      expect(mail!.parsed.messageId).toBe(row!.message_id);
      expect(mail!.parsed.to).toMatchObject({ value: [{ address: guest.email, name: guest.name }] });
      expect(mail!.parsed.from).toMatchObject({ value: [{ name: clinic.name }] });
      expect(mail!.parsed.replyTo).toMatchObject({ value: [{ address: 'seminars@lakeside.example' }] });
      expect(mail!.subject).toContain('Living well with lower back pain');

      // The invite.
      const invite = inviteOf(mail!, 'REQUEST');
      expect(invite.uid).toContain(guest.reservationId);
      expect(Number.isInteger(invite.sequence) && invite.sequence >= 0).toBe(true);
      expect(invite.status).toBe('CONFIRMED');
      expect(invite.vevent.getFirstPropertyValue('summary')).toBe('Living well with lower back pain');
      const start = zonedTime(invite, 'dtstart');
      const end = zonedTime(invite, 'dtend');
      expect(start).toEqual({
        tzid: CHICAGO,
        local: `${when.day}T18:00:00`,
        utc: new Date(event.startsAt).toISOString(),
      });
      expect(end).toEqual({ tzid: CHICAGO, local: `${when.day}T19:30:00`, utc: new Date(event.endsAt).toISOString() });
      expect(invite.calendar.getAllSubcomponents('vtimezone').map((c) => c.getFirstPropertyValue('tzid'))).toEqual([
        CHICAGO,
      ]);

      const organizer = person(invite, 'organizer');
      expect(organizer.value.toLowerCase()).toBe('mailto:seminars@lakeside.example');
      expect(organizer.parameters.cn).toBe(clinic.name);
      const guestInInvite = person(invite, 'attendee');
      expect(guestInInvite.value.toLowerCase()).toBe(`mailto:${guest.email}`);
      expect(guestInInvite.parameters).toMatchObject({ cn: guest.name, partstat: 'ACCEPTED' });
      expect(guestInInvite.parameters.rsvp?.toUpperCase()).toBe('FALSE');
      expect(invite.vevent.getFirstPropertyValue('url')).toBe(guest.manageUrl);
      expect(String(invite.vevent.getFirstPropertyValue('location'))).toContain('12 Harbour Street');

      // The bodies.
      const day = localDay(when.startsAt);
      for (const body of [mail!.text, mail!.html]) {
        expect(body).toContain(`${day}, 6:00 – 7:30 PM (Central Time)`);
        expect(body).toContain('12 Harbour Street');
        expect(body).toContain('60601');
        expect(body).toContain(guest.confirmationCode);
      }
      expect(mail!.text).toContain(guest.manageUrl);
      expect(mail!.html).toContain(`href="${guest.manageUrl}"`);
      expect(mail!.html.match(/<a class="button-link" href="[^"]+"/g)).toEqual([
        `<a class="button-link" href="${guest.manageUrl}"`,
      ]);
      const google = googleLinkIn(mail!.text);
      expect(google.searchParams.get('action')).toBe('TEMPLATE');
      expect(google.searchParams.get('dates')).toBe(`${basicUtc(event.startsAt)}/${basicUtc(event.endsAt)}`);
      expect(google.searchParams.get('ctz')).toBe(CHICAGO);
      expect(mail!.text).toMatch(/add to google calendar/i);
      expect(mail!.html).toMatch(
        /<a class="link" href="https:\/\/calendar\.google\.com\/calendar\/render\?[^"]+"[^>]*>Add to Google Calendar<\/a>/i,
      );
      expect(mail!.text).toContain('invite.ics');

      printSample(mail!, guest);
    });

    it('confirm → reschedule by staff → attendee cancel: three e-mails with the same UID, SEQUENCE rising each time, the last METHOD:CANCEL with STATUS:CANCELLED', async () => {
      const when = localEvening(12);
      const event = await newEvent({ startsAt: when.startsAt, endsAt: when.endsAt });
      const guest = await book(event.id);
      await mailsTo(guest.email, 1);

      const moved = localEvening(14);
      const patched = await t
        .http()
        .patch(`/api/events/${event.id}`)
        .set(staff.auth)
        .send({ startsAt: moved.startsAt, endsAt: moved.endsAt });
      expect(patched.status).toBe(200);
      await mailsTo(guest.email, 2);

      await t.http().post(`/api/reservations/manage/${guest.manageToken}/cancel`).expect(200);
      const [confirmation, update, cancellation] = await mailsTo(guest.email, 3);
      await outboxSettled();
      expect(receivedBy(guest.email)).toHaveLength(3);

      const invites = [
        inviteOf(confirmation!, 'REQUEST'),
        inviteOf(update!, 'REQUEST'),
        inviteOf(cancellation!, 'CANCEL'),
      ];
      expect(new Set(invites.map((i) => i.uid)).size).toBe(1);
      expect(invites[0]!.uid).toContain(guest.reservationId);
      expect(invites[1]!.sequence).toBeGreaterThan(invites[0]!.sequence);
      expect(invites[2]!.sequence).toBeGreaterThan(invites[1]!.sequence);
      expect(invites.map((i) => i.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CANCELLED']);
      expect(new Set([confirmation, update, cancellation].map((m) => m!.parsed.messageId)).size).toBe(3);

      expect(zonedTime(invites[0]!, 'dtstart').local).toBe(`${when.day}T18:00:00`);
      expect(zonedTime(invites[1]!, 'dtstart')).toEqual({
        tzid: CHICAGO,
        local: `${moved.day}T18:00:00`,
        utc: DateTime.fromISO(moved.startsAt, { zone: CHICAGO }).toUTC().toJSDate().toISOString(),
      });
      expect(update!.text).toContain(localDay(moved.startsAt));
      expect(person(invites[2]!, 'attendee').value.toLowerCase()).toBe(`mailto:${guest.email}`);
    });
  });

  // ——————————————————————————————————————————————————————————— daylight saving

  describe('rule 7: times carry the event TZID with a VTIMEZONE that gets daylight-saving right', () => {
    const mondays = nextDstMondays();

    // 18:00 local on the Monday after the spring change is CDT (UTC-5); after the autumn change, CST (UTC-6).
    const cases = [
      {
        change: 'the spring change (CDT, UTC-5)',
        day: mondays.spring,
        startUtc: `${mondays.spring}T23:00:00.000Z`,
        hoursBefore: 6,
        hoursAfter: 5,
      },
      {
        change: 'the autumn change (CST, UTC-6)',
        day: mondays.fall,
        startUtc: new Date(Date.parse(`${mondays.fall}T00:00:00Z`) + DAY).toISOString(),
        hoursBefore: 5,
        hoursAfter: 6,
      },
    ];

    for (const { change, day, startUtc, hoursBefore, hoursAfter } of cases) {
      it(`an event at 18:00 in America/Chicago on the Monday after ${change}, given as local time, is invited at the right UTC instants as ical.js computes them from the VTIMEZONE`, async () => {
        const event = await newEvent({ startsAt: `${day}T18:00`, endsAt: `${day}T19:30`, timeZone: CHICAGO });
        const endUtc = new Date(Date.parse(startUtc) + 90 * MINUTE).toISOString();
        expect(new Date(event.startsAt).toISOString()).toBe(startUtc);

        const guest = await book(event.id);
        const [mail] = await mailsTo(guest.email, 1);
        const invite = inviteOf(mail!, 'REQUEST');
        expect(invite.ics).toMatch(new RegExp(`DTSTART;TZID=${CHICAGO}:${day.replace(/-/g, '')}T180000`));
        expect(zonedTime(invite, 'dtstart')).toEqual({ tzid: CHICAGO, local: `${day}T18:00:00`, utc: startUtc });
        expect(zonedTime(invite, 'dtend')).toEqual({ tzid: CHICAGO, local: `${day}T19:30:00`, utc: endUtc });
        const vtimezone = invite.calendar.getFirstSubcomponent('vtimezone')!;
        expect(vtimezone.getAllSubcomponents('daylight').length).toBeGreaterThan(0);
        expect(vtimezone.getAllSubcomponents('standard').length).toBeGreaterThan(0);
        // The same VTIMEZONE puts the change itself at 02:00 local on the Sunday: an hour and a half either side.
        const sunday = new Date(Date.parse(`${day}T00:00:00Z`) - DAY);
        const onSunday = (hour: number) =>
          ICAL.Time.fromData(
            {
              year: sunday.getUTCFullYear(),
              month: sunday.getUTCMonth() + 1,
              day: sunday.getUTCDate(),
              hour,
              minute: 30,
              second: 0,
              isDate: false,
            },
            new ICAL.Timezone(vtimezone),
          )
            .toJSDate()
            .toISOString();
        expect(onSunday(0)).toBe(new Date(sunday.getTime() + (30 + hoursBefore * 60) * MINUTE).toISOString());
        expect(onSunday(3)).toBe(new Date(sunday.getTime() + (3 * 60 + 30 + hoursAfter * 60) * MINUTE).toISOString());

        // The e-mail reads 18:00 local too: the same instant a zone off by an hour would show as 5:00 or 7:00.
        expect(mail!.text).toContain(`When: ${localDay(`${day}T18:00`)}, 6:00 – 7:30 PM (Central Time)`);
        expect(googleLinkIn(mail!.text).searchParams.get('dates')).toBe(`${basicUtc(startUtc)}/${basicUtc(endUtc)}`);
      });
    }
  });

  // ——————————————————————————————————————————————————————————— webinars and the waiting list

  describe("rule 7 and rule 3: webinar invites carry the attendee's personal join link, only for a seat that stands", () => {
    it('a webinar confirmation carries the personal join link (issue 9), never the raw join URL, in the invite and the bodies', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      const personal = await joinUrlOf(t, guest.reservationId);
      const [mail] = await mailsTo(guest.email, 1);
      const invite = inviteOf(mail!, 'REQUEST');
      const where = `${invite.vevent.getFirstPropertyValue('location') ?? ''}\n${invite.vevent.getFirstPropertyValue('description') ?? ''}`;
      expect(where).toContain(personal);
      expect(mail!.text).toContain(personal);
      expect(mail!.html).toContain(personal);
      for (const content of [mail!.raw, mail!.text, mail!.html, invite.ics]) expect(content).not.toContain('SeCrEt77');
    });

    it('a waitlisted notice has no invite and no join URL; when a confirmed seat is cancelled, the promoted attendee gets an invite with it', async () => {
      const event = await webinar({ capacity: 1 });
      const seated = await book(event.id);
      const waiting = await book(event.id);
      expect([seated.status, waiting.status]).toEqual(['confirmed', 'waitlisted']);

      const [notice] = await mailsTo(waiting.email, 1);
      expect(notice!.subject).toMatch(/waiting list/i);
      hasNoInvite(notice!);
      for (const content of [notice!.raw, notice!.text, notice!.html]) {
        expect(content).not.toContain('meet.example');
        expect(content).not.toContain('SeCrEt77');
      }
      expect(notice!.text).toContain(waiting.manageUrl);

      await mailsTo(seated.email, 1);
      await t.http().post(`/api/reservations/manage/${seated.manageToken}/cancel`).expect(200);

      const [, promotion] = await mailsTo(waiting.email, 2);
      const invite = inviteOf(promotion!, 'REQUEST');
      expect(invite.uid).toContain(waiting.reservationId);
      expect(person(invite, 'attendee').value.toLowerCase()).toBe(`mailto:${waiting.email}`);
      const personal = await joinUrlOf(t, waiting.reservationId);
      expect(
        `${invite.vevent.getFirstPropertyValue('location')}\n${invite.vevent.getFirstPropertyValue('description')}`,
      ).toContain(personal);
      expect(promotion!.text).toContain(personal);
      expect(promotion!.raw).not.toContain('SeCrEt77');

      const [, seatedCancel] = await mailsTo(seated.email, 2);
      expect(inviteOf(seatedCancel!, 'CANCEL').status).toBe('CANCELLED');
      expect(seatedCancel!.raw).not.toContain('SeCrEt77');
      await outboxSettled();
      expect(receivedBy(waiting.email)).toHaveLength(2);
    });
  });

  // ——————————————————————————————————————————————————————————— rule 2

  describe('rule 2: "you already have a reservation" goes by e-mail to the address, never in the HTTP answer', () => {
    it('reserving again with the same e-mail answers 409 revealing nothing, and mails that address the manage link it already has, which keeps working', async () => {
      const event = await newEvent();
      const guest = await book(event.id);
      const [confirmation] = await mailsTo(guest.email, 1);

      const again = await reserve(t, event.id, { ...attendee(), email: `  ${guest.email.toUpperCase()} ` });
      expect(again.status).toBe(409);
      expect(Object.keys(again.body).sort()).toEqual(['code', 'message', 'statusCode']);
      expect(again.body.code).toBe('ALREADY_RESERVED');
      const answer = JSON.stringify(again.body) + JSON.stringify(again.headers);
      for (const secret of [guest.manageToken, guest.reservationId, guest.confirmationCode, guest.name, '/manage/']) {
        expect(answer).not.toContain(secret);
      }

      const [, reminder] = await mailsTo(guest.email, 2);
      expect(reminder!.received.recipients).toEqual([guest.email]);
      expect(reminder!.text).toMatch(/already have a reservation/i);
      expect(reminder!.text).toMatch(/same link as in our earlier e-mails/i);
      const links = [...reminder!.text.matchAll(/https?:\/\/\S+\/manage\/([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
      expect(links.length).toBeGreaterThan(0);
      // Whoever typed the address cannot break the attendee's link: the mail carries the one they have.
      expect(new Set(links)).toEqual(new Set([guest.manageToken]));
      const viaLink = await t.http().get(`/api/reservations/manage/${guest.manageToken}`);
      expect(viaLink.status).toBe(200);
      expect(viaLink.body).toMatchObject({ reservationId: guest.reservationId, status: 'confirmed' });

      // Its invite is the confirmation's revision sent again: same UID, same SEQUENCE, same link.
      const first = inviteOf(confirmation!, 'REQUEST');
      const resent = inviteOf(reminder!, 'REQUEST');
      expect(resent.uid).toBe(first.uid);
      expect(resent.sequence).toBe(first.sequence);
      expect(resent.vevent.getFirstPropertyValue('url')).toBe(first.vevent.getFirstPropertyValue('url'));
      expect(resent.vevent.getFirstPropertyValue('description')).toBe(
        first.vevent.getFirstPropertyValue('description'),
      );

      const reservations = await t.http().get(`/api/events/${event.id}/reservations`).set(staff.auth).expect(200);
      expect(reservations.body.reservations.filter((r: { email: string }) => r.email === guest.email)).toHaveLength(1);
    });

    it('a second attempt within the quiet period answers the same and sends no second message; the link keeps working', async () => {
      const event = await newEvent();
      const guest = await book(event.id);
      await mailsTo(guest.email, 1);

      const first = await reserve(t, event.id, attendee({ email: guest.email }));
      expect(first.status).toBe(409);
      const [, notice] = await mailsTo(guest.email, 2);
      expect(/\/manage\/([A-Za-z0-9_-]+)/.exec(notice!.text)![1]).toBe(guest.manageToken);

      const second = await reserve(t, event.id, attendee({ email: guest.email }));
      expect(second.status).toBe(409);
      expect(second.body).toEqual(first.body);
      await outboxSettled();
      expect(receivedBy(guest.email)).toHaveLength(2);
      expect((await outboxOf(guest.reservationId, 'already-reserved')).length).toBe(1);
      await t.http().get(`/api/reservations/manage/${guest.manageToken}`).expect(200);
    });
  });

  // ——————————————————————————————————————————————————————————— event cancelled by staff

  describe('rule 7: an event cancelled by staff withdraws every confirmed invite; the waiting list is told without one', () => {
    it('every confirmed attendee gets METHOD:CANCEL (STATUS:CANCELLED, same UID, higher SEQUENCE); a waitlisted one gets a notice with no invite and is not promoted', async () => {
      const event = await newEvent({ capacity: 2 });
      const first = await book(event.id);
      const second = await book(event.id);
      const waiting = await book(event.id);
      expect([first.status, second.status, waiting.status]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
      const confirmations = await Promise.all([first, second].map(async (g) => (await mailsTo(g.email, 1))[0]!));
      await mailsTo(waiting.email, 1);

      await t.http().post(`/api/events/${event.id}/cancel`).set(staff.auth).expect(200);

      for (const [i, guest] of [first, second].entries()) {
        const [, cancellation] = await mailsTo(guest.email, 2);
        const before = inviteOf(confirmations[i]!, 'REQUEST');
        const after = inviteOf(cancellation!, 'CANCEL');
        expect(after.status).toBe('CANCELLED');
        expect(after.uid).toBe(before.uid);
        expect(after.sequence).toBeGreaterThan(before.sequence);
        expect(person(after, 'attendee').value.toLowerCase()).toBe(`mailto:${guest.email}`);
      }
      const [, notice] = await mailsTo(waiting.email, 2);
      expect(notice!.subject).toMatch(/cancel/i);
      hasNoInvite(notice!);

      await outboxSettled();
      expect(receivedBy(waiting.email)).toHaveLength(2);
      for (const guest of [first, second]) {
        expect(receivedBy(guest.email)).toHaveLength(2);
        expect((await outboxOf(guest.reservationId, 'reminder')).map((r) => r.status).sort()).toEqual([
          'cancelled',
          'cancelled',
        ]);
      }
    });
  });

  // ——————————————————————————————————————————————————————————— rule 6

  describe('rule 6: reminders go to confirmed reservations, once per offset still ahead, follow reschedules and die with cancellations', () => {
    it('schedules one reminder per offset still in the future, due that long before the start, and none for a waitlisted reservation', async () => {
      const far = await newEvent({
        startsAt: fromNow({ days: 3 }),
        endsAt: fromNow({ days: 3, hours: 1 }),
        reminderOffsetsMinutes: [1440, 60],
        capacity: 1,
      });
      const seated = await book(far.id);
      const waiting = await book(far.id);
      expect(waiting.status).toBe('waitlisted');
      const reminders = await outboxOf(seated.reservationId, 'reminder');
      expect(reminders.map((r) => [r.reminder_offset_minutes, r.status, r.due_at.getTime()]).sort()).toEqual(
        [
          [1440, 'pending', Date.parse(far.startsAt) - DAY],
          [60, 'pending', Date.parse(far.startsAt) - HOUR],
        ].sort(),
      );
      expect(await outboxOf(waiting.reservationId, 'reminder')).toEqual([]);

      const soon = await newEvent({
        startsAt: fromNow({ hours: 2 }),
        endsAt: fromNow({ hours: 3 }),
        reminderOffsetsMinutes: [1440, 60],
      });
      const late = await book(soon.id);
      expect((await outboxOf(late.reservationId, 'reminder')).map((r) => r.reminder_offset_minutes)).toEqual([60]);
    });

    it('schedules none for a reservation made after every reminder time had passed (event in 30 minutes, offsets 24 h and 1 h)', async () => {
      const event = await newEvent({
        startsAt: fromNow({ minutes: 30 }),
        endsAt: fromNow({ minutes: 90 }),
        reminderOffsetsMinutes: [1440, 60],
      });
      const guest = await book(event.id);
      expect(guest.status).toBe('confirmed');
      expect(await outboxOf(guest.reservationId, 'reminder')).toEqual([]);
      await mailsTo(guest.email, 1);
    });

    it('a reminder that falls due arrives by e-mail once, with the local time and the manage link, and is marked sent', async () => {
      const when = localEvening(5);
      const event = await newEvent({
        startsAt: when.startsAt,
        endsAt: when.endsAt,
        reminderOffsetsMinutes: [1440, 60],
      });
      const guest = await book(event.id);
      await mailsTo(guest.email, 1);
      expect(await makeRemindersDue(guest.reservationId, 60)).toBe(1);

      const [, reminder] = await mailsTo(guest.email, 2);
      expect(reminder!.subject).toMatch(/^Reminder: .*starts in 1 hour/);
      expect(reminder!.text).toContain(`${localDay(when.startsAt)}, 6:00 – 7:30 PM (Central Time)`);
      expect(reminder!.text).toContain(guest.manageUrl);
      expect(reminder!.received.recipients).toEqual([guest.email]);
      await outboxSettled();
      expect(receivedBy(guest.email)).toHaveLength(2);
      const rows = await outboxOf(guest.reservationId, 'reminder');
      expect(rows.map((r) => [r.reminder_offset_minutes, r.status]).sort()).toEqual(
        [
          [1440, 'pending'],
          [60, 'sent'],
        ].sort(),
      );
      expect(rows.find((r) => r.reminder_offset_minutes === 60)!.message_id).toBe(reminder!.parsed.messageId);
    });

    it('cancelling the reservation cancels its reminders, and they are never sent', async () => {
      const event = await newEvent({ reminderOffsetsMinutes: [1440, 60] });
      const guest = await book(event.id);
      await mailsTo(guest.email, 1);
      expect(await outboxOf(guest.reservationId, 'reminder')).toHaveLength(2);

      await t.http().post(`/api/reservations/manage/${guest.manageToken}/cancel`).expect(200);
      expect((await outboxOf(guest.reservationId, 'reminder')).map((r) => r.status)).toEqual([
        'cancelled',
        'cancelled',
      ]);
      await makeRemindersDue(guest.reservationId);
      const [, cancellation] = await mailsTo(guest.email, 2);
      expect(cancellation!.subject).toMatch(/^Cancelled/);
      await outboxSettled();
      expect(receivedBy(guest.email)).toHaveLength(2);
      expect((await outboxOf(guest.reservationId, 'reminder')).map((r) => r.status)).toEqual([
        'cancelled',
        'cancelled',
      ]);
    });

    it('rescheduling moves unsent reminders to the new start, and drops one whose new time has already passed', async () => {
      const event = await newEvent({
        startsAt: fromNow({ days: 3 }),
        endsAt: fromNow({ days: 3, hours: 1 }),
        reminderOffsetsMinutes: [1440, 60],
      });
      const guest = await book(event.id);
      await mailsTo(guest.email, 1);

      const later = { startsAt: fromNow({ days: 5 }), endsAt: fromNow({ days: 5, hours: 1 }) };
      await t.http().patch(`/api/events/${event.id}`).set(staff.auth).send(later).expect(200);
      const moved = await outboxOf(guest.reservationId, 'reminder');
      expect(moved.map((r) => [r.reminder_offset_minutes, r.status, r.due_at.getTime()]).sort()).toEqual(
        [
          [1440, 'pending', Date.parse(later.startsAt) - DAY],
          [60, 'pending', Date.parse(later.startsAt) - HOUR],
        ].sort(),
      );

      const soon = { startsAt: fromNow({ hours: 3 }), endsAt: fromNow({ hours: 4 }) };
      await t.http().patch(`/api/events/${event.id}`).set(staff.auth).send(soon).expect(200);
      const after = await outboxOf(guest.reservationId, 'reminder');
      expect(
        after
          .map((r) => [r.reminder_offset_minutes, r.status, r.status === 'pending' ? r.due_at.getTime() : null])
          .sort(),
      ).toEqual(
        [
          [1440, 'cancelled', null],
          [60, 'pending', Date.parse(soon.startsAt) - HOUR],
        ].sort(),
      );

      // And what it says when it goes is the new time.
      await makeRemindersDue(guest.reservationId, 60);
      await sink.waitUntil(
        'the moved reminder arrives',
        async () => {
          const mails = await Promise.all(receivedBy(guest.email).map(readMail));
          return mails.some((m) => m.subject.startsWith('Reminder:'));
        },
        MAIL_TIMEOUT_MS,
      );
      const mails = await Promise.all(receivedBy(guest.email).map(readMail));
      const reminder = mails.find((m) => m.subject.startsWith('Reminder:'))!;
      expect(reminder.text).toContain(
        DateTime.fromISO(soon.startsAt).setZone(CHICAGO).setLocale('en-US').toFormat('cccc, LLLL d, yyyy'),
      );
      expect(reminder.text).toContain(
        DateTime.fromISO(soon.startsAt).setZone(CHICAGO).setLocale('en-US').toFormat('h:mm'),
      );
      expect(reminder.text).toContain(
        DateTime.fromISO(soon.endsAt).setZone(CHICAGO).setLocale('en-US').toFormat('h:mm a'),
      );
    });

    it("changing the event's reminder offsets replaces every confirmed attendee's unsent reminders", async () => {
      const event = await newEvent({
        startsAt: fromNow({ days: 3 }),
        endsAt: fromNow({ days: 3, hours: 1 }),
        reminderOffsetsMinutes: [1440, 60],
      });
      const guest = await book(event.id);
      await t
        .http()
        .patch(`/api/events/${event.id}`)
        .set(staff.auth)
        .send({ reminderOffsetsMinutes: [120] })
        .expect(200);
      const reminders = await outboxOf(guest.reservationId, 'reminder');
      const pending = reminders.filter((r) => r.status === 'pending');
      expect(pending.map((r) => [r.reminder_offset_minutes, r.due_at.getTime()])).toEqual([
        [120, Date.parse(event.startsAt) - 2 * HOUR],
      ]);
      expect(
        reminders
          .filter((r) => r.status === 'cancelled')
          .map((r) => r.reminder_offset_minutes)
          .sort(),
      ).toEqual([1440, 60].sort());
    });

    it("a webinar reminder carries the attendee's personal join link, not the raw join URL", async () => {
      const event = await webinar({ reminderOffsetsMinutes: [1440, 60] });
      const guest = await book(event.id);
      const personal = await joinUrlOf(t, guest.reservationId);
      await mailsTo(guest.email, 1);
      expect(await makeRemindersDue(guest.reservationId, 1440)).toBe(1);
      const [, reminder] = await mailsTo(guest.email, 2);
      expect(reminder!.subject).toMatch(/^Reminder: .*starts in 24 hours/);
      expect(reminder!.text).toContain(personal);
      expect(reminder!.html).toContain(personal);
      expect(reminder!.text).not.toContain('SeCrEt77');
      expect(reminder!.html).not.toContain('SeCrEt77');
    });
  });

  // ——————————————————————————————————————————————————————————— rule 10

  describe('rule 10: every e-mail and invite speaks the clinic’s language, with times in the event’s zone', () => {
    /** A pt-PT clinic in Lisbon with a seminar 10 days ahead, 18:00–19:30 local; the expected Portuguese date. */
    async function lisbonSeminar() {
      const lisbon = await createClinic(t, admin.auth, {
        name: 'Clínica da Coluna de Lisboa',
        address: { line1: 'Rua Augusta 10', city: 'Lisboa', postalCode: '1100-053', country: 'PT' },
        timeZone: LISBON,
        phone: '+351 21 000 0000',
      });
      await setClinicLocale(t.dataSource, lisbon.id, 'pt-PT');
      const lisbonStaff = await signInNewUser(t, 'staff', [lisbon.id]);
      const day = DateTime.now().setZone(LISBON).plus({ days: 10 }).toISODate()!;
      const event = await createPublishedEvent(t, lisbonStaff.auth, lisbon.slug, {
        title: 'Viver bem com dor lombar',
        startsAt: `${day}T18:00`,
        endsAt: `${day}T19:30`,
        venueName: 'Sala 2',
      });
      const ptDay = DateTime.fromISO(`${day}T18:00`, { zone: LISBON })
        .setLocale('pt-PT')
        .toFormat("cccc, d 'de' LLLL 'de' yyyy");
      return { event, day, ptDay, when: `${ptDay}, 18:00 – 19:30 (Hora da Europa Ocidental)` };
    }

    it('a pt-PT clinic’s confirmation is in European Portuguese: subject, body, button, invite DESCRIPTION, on a 24-hour clock', async () => {
      const { event, day, ptDay, when } = await lisbonSeminar();
      const guest = await book(event.id, { name: 'Maria João Simões', partySize: 1 });
      const [mail] = await mailsTo(guest.email, 1);

      expect(mail!.subject).toBe(`Reserva confirmada: Viver bem com dor lombar, ${ptDay}`);
      for (const line of [
        'Olá, Maria João Simões,',
        'Guardámos 1 lugar para si na sessão «Viver bem com dor lombar».',
        `Quando: ${when}`,
        'Onde: Sala 2, Clínica da Coluna de Lisboa, Rua Augusta 10, Lisboa, 1100-053, PT',
        'Lugares: 1',
        `Código de confirmação: ${guest.confirmationCode}`,
        `Gerir a minha reserva: ${guest.manageUrl}`,
        'Adicionar ao Google Calendar: https://calendar.google.com/calendar/render?',
        'Com os melhores cumprimentos,',
      ]) {
        expect(mail!.text).toContain(line);
      }
      expect(mail!.text).not.toMatch(/\b(AM|PM|Hello|When|Where|Seats|Manage)\b/);
      expect(mail!.html).toMatch(/<html lang="pt-PT"/);
      expect(mail!.html).toContain(when);
      expect(mail!.html).toContain(`<a class="button-link" href="${guest.manageUrl}"`);
      expect(mail!.html).toMatch(/>Gerir a minha reserva<\/a>/);

      const invite = inviteOf(mail!, 'REQUEST');
      expect(zonedTime(invite, 'dtstart')).toMatchObject({ tzid: LISBON, local: `${day}T18:00:00` });
      const description = plainSpaces(String(invite.vevent.getFirstPropertyValue('description')));
      expect(description).toContain(`Quando: ${when}`);
      expect(description).toContain('Onde: Sala 2, Clínica da Coluna de Lisboa');
      expect(description).toContain(`Reserva: 1 lugar, código de confirmação ${guest.confirmationCode}`);
      expect(description).toContain(`Gerir a sua reserva: ${guest.manageUrl}`);
      expect(description).not.toMatch(/\b(AM|PM|When|Where|Manage)\b/);
    });

    it('a pt-PT attendee’s own cancellation is in Portuguese, withdraws the invite and carries no manage link', async () => {
      const { event, ptDay } = await lisbonSeminar();
      const guest = await book(event.id);
      await mailsTo(guest.email, 1);
      await t.http().post(`/api/reservations/manage/${guest.manageToken}/cancel`).expect(200);
      const [, cancellation] = await mailsTo(guest.email, 2);
      expect(cancellation!.subject).toBe(`Reserva cancelada: Viver bem com dor lombar, ${ptDay}`);
      expect(cancellation!.text).toContain('foi cancelada e o evento foi retirado do seu calendário');
      expect(cancellation!.raw).not.toContain('/manage/');
      const invite = inviteOf(cancellation!, 'CANCEL');
      expect(String(invite.vevent.getFirstPropertyValue('description'))).toContain('Esta reserva foi cancelada.');
    });

    it('an en clinic’s confirmation is in English, on a 12-hour clock with the zone’s name', async () => {
      const when = localEvening(9);
      const event = await newEvent({
        startsAt: when.startsAt,
        endsAt: when.endsAt,
        title: 'Living well with lower back pain',
      });
      const guest = await book(event.id, { name: 'Ada Lovelace' });
      const [mail] = await mailsTo(guest.email, 1);
      const day = localDay(when.startsAt);
      expect(mail!.subject).toBe(`Confirmed: Living well with lower back pain, ${day}`);
      expect(mail!.text).toContain('Hello Ada Lovelace,');
      expect(mail!.text).toContain(`When: ${day}, 6:00 – 7:30 PM (Central Time)`);
      expect(mail!.text).toContain(`Manage your reservation: ${guest.manageUrl}`);
      expect(mail!.text).not.toMatch(/Olá|Quando|Lugares|Gerir/);
      expect(mail!.html).toMatch(/<html lang="en"/);
      const description = plainSpaces(String(inviteOf(mail!, 'REQUEST').vevent.getFirstPropertyValue('description')));
      expect(description).toContain(`When: ${day}, 6:00 – 7:30 PM (Central Time)`);
      expect(description).toContain(`Manage your reservation: ${guest.manageUrl}`);
    });
  });

  // ——————————————————————————————————————————————————————————— rule 5

  describe('rule 5: every message is committed with the booking change that causes it', () => {
    it('a refused booking writes and sends nothing; an accepted one is sent once from its outbox row, with that row’s Message-ID, and marked sent', async () => {
      const event = await newEvent({ capacity: 1, waitlistEnabled: false });
      const seated = await book(event.id);
      const refused = attendee() as { email: string };
      const answer = await reserve(t, event.id, refused);
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('EVENT_FULL');

      const [mail] = await mailsTo(seated.email, 1);
      await outboxSettled();
      expect(receivedBy(refused.email)).toEqual([]);
      const [{ rows }] = (await t.dataSource.query(
        `SELECT count(*)::int AS rows FROM outbox_messages WHERE recipient_email = $1`,
        [refused.email],
      )) as {
        rows: number;
      }[];
      expect(rows).toBe(0);

      const sent = await outboxOf(seated.reservationId, 'confirmation');
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ status: 'sent', attempts: 1, payload: null, message_id: mail!.parsed.messageId });
      expect(receivedBy(seated.email)).toHaveLength(1);
    });
  });

  // ——————————————————————————————————————————————————————————— rule 7: user text is inert

  describe('rule 7: user text can never add iCal properties or e-mail headers', () => {
    it('titles and names holding CRLF, ";", ",", ":", "END:VEVENT" and non-ASCII arrive with no extra iCal properties or headers, text intact', async () => {
      const hostileClinicName = 'Zoë Ñúñez Clinic, Inc; ORGANIZER:mailto:evil@evil.example\r\nBcc: x@evil.example';
      const hostileTitle =
        'Rückenschule: Zoë Ñúñez; END:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil, SUMMARY:x\r\nBcc: x@evil.example';
      const hostileVenue = 'Salle 2; LOCATION:evil\r\nX-Evil: 1 <img src=x onerror=alert(1)>';
      const hostileDescription =
        'Bring water.\r\nEND:VEVENT\r\nBEGIN:VALARM\r\nATTENDEE:mailto:x@evil.example\r\nEND:VALARM';
      const hostileName = 'Zoë Ñúñez; ORGANIZER:evil\r\nBcc: x@evil.example';
      const oneLine = (text: string) => text.replace(/\r\n/g, ' ');

      // The API refuses a line break in a one-line field at the door (rule 9), and sends nothing.
      const refusedClinic = await t
        .http()
        .post('/api/admin/clinics')
        .set(admin.auth)
        .send(sampleClinic({ name: hostileClinicName }));
      expect([refusedClinic.status, refusedClinic.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const hostileClinic = await createClinic(t, admin.auth, { name: oneLine(hostileClinicName) });
      const hostileStaff = await signInNewUser(t, 'staff', [hostileClinic.id]);
      const hostileEvent = await createPublishedEvent(t, hostileStaff.auth, hostileClinic.slug, {
        title: oneLine(hostileTitle),
        venueName: oneLine(hostileVenue),
        description: 'Bring water.',
      });
      const refusedGuest = attendee({ name: hostileName }) as { email: string };
      expect((await reserve(t, hostileEvent.id, refusedGuest)).status).toBe(400);
      const victim = await book(hostileEvent.id, { name: oneLine(hostileName) });
      // The same booking with plain text, for the shape every message should have.
      const plainEvent = await newEvent({ description: 'Bring water.' });
      const plain = await book(plainEvent.id, { name: 'Ada Lovelace' });
      await mailsTo(victim.email, 1);
      await mailsTo(plain.email, 1);

      // Rows written before that rule, or by another path, may still hold line breaks: they are put in
      // directly, and a change to each event mails its attendees what those rows say now.
      await t.dataSource.query('UPDATE clinics SET name = $2 WHERE id = $1', [hostileClinic.id, hostileClinicName]);
      await t.dataSource.query('UPDATE events SET title = $2, venue_name = $3 WHERE id = $1', [
        hostileEvent.id,
        hostileTitle,
        hostileVenue,
      ]);
      await t.dataSource.query('UPDATE reservations SET name = $2 WHERE id = $1', [victim.reservationId, hostileName]);
      await t
        .http()
        .patch(`/api/events/${hostileEvent.id}`)
        .set(hostileStaff.auth)
        .send({ description: hostileDescription })
        .expect(200);
      await t
        .http()
        .patch(`/api/events/${plainEvent.id}`)
        .set(staff.auth)
        .send({ description: 'Bring water, please.' })
        .expect(200);

      const [, mail] = await mailsTo(victim.email, 2);
      const [, reference] = await mailsTo(plain.email, 2);
      await outboxSettled();
      expect(receivedBy(refusedGuest.email)).toEqual([]);
      expect(sink.received.filter((m) => m.recipients.some((r) => r.includes('evil.example')))).toEqual([]);
      expect(mail!.received.recipients).toEqual([victim.email]);

      // E-mail headers: the same names, at the top and in every MIME part, as the plain booking's.
      expect(headerNames(mail!.mime)).toEqual(headerNames(reference!.mime));
      expect(allParts(mail!.mime).map((p) => [p.type, headerNames(p)])).toEqual(
        allParts(reference!.mime).map((p) => [p.type, headerNames(p)]),
      );
      expect(mail!.parsed.headers.has('bcc')).toBe(false);
      expect(mail!.parsed.headers.has('x-evil')).toBe(false);
      expect(mail!.parsed.bcc).toBeUndefined();
      const to = (mail!.parsed.to as { value: { address?: string; name: string }[] }).value;
      expect(to.map((a) => [a.address, singleSpaced(a.name)])).toEqual([[victim.email, singleSpaced(hostileName)]]);
      const from = (mail!.parsed.from as { value: { address?: string; name: string }[] }).value;
      expect(from.map((a) => [a.address, singleSpaced(a.name)])).toEqual([
        ['no-reply@seminars.test', singleSpaced(hostileClinicName)],
      ]);
      expect(singleSpaced(mail!.subject)).toContain(singleSpaced(hostileTitle));

      // iCal: the same components and properties as the plain invite, nothing more.
      const invite = inviteOf(mail!, 'REQUEST');
      const plainInvite = inviteOf(reference!, 'REQUEST');
      expect(propertyNames(invite.calendar)).toEqual(propertyNames(plainInvite.calendar));
      expect(invite.calendar.getAllSubcomponents().map((c) => c.name)).toEqual(
        plainInvite.calendar.getAllSubcomponents().map((c) => c.name),
      );
      expect(propertyNames(invite.vevent)).toEqual(propertyNames(plainInvite.vevent));
      expect(invite.vevent.getAllSubcomponents()).toEqual([]);
      expect(invite.uid).toContain(victim.reservationId);
      expect(invite.ics.match(/^END:VEVENT/gm)).toHaveLength(1);
      expect(invite.ics).not.toMatch(/^(BCC|X-EVIL|BEGIN:VALARM)/im);

      // …and the text arrives intact (line breaks read as spaces where one line is all there is).
      expect(singleSpaced(String(invite.vevent.getFirstPropertyValue('summary')))).toBe(singleSpaced(hostileTitle));
      expect(singleSpaced(String(invite.vevent.getFirstPropertyValue('location')))).toContain(
        singleSpaced(hostileVenue),
      );
      expect(String(invite.vevent.getFirstPropertyValue('description')).replace(/\r\n/g, '\n')).toContain(
        hostileDescription.replace(/\r\n/g, '\n'),
      );
      const organizer = person(invite, 'organizer');
      expect(organizer.value.toLowerCase()).toBe('mailto:seminars@lakeside.example');
      expect(singleSpaced(organizer.parameters.cn!)).toBe(singleSpaced(hostileClinicName));
      expect(Object.keys(organizer.parameters).sort()).toEqual(
        Object.keys(person(plainInvite, 'organizer').parameters).sort(),
      );
      const guest = person(invite, 'attendee');
      expect(guest.value.toLowerCase()).toBe(`mailto:${victim.email}`);
      expect(singleSpaced(guest.parameters.cn!)).toBe(singleSpaced(hostileName));
      expect(Object.keys(guest.parameters).sort()).toEqual(
        Object.keys(person(plainInvite, 'attendee').parameters).sort(),
      );
      expect(guest.parameters).toMatchObject({ partstat: 'ACCEPTED' });

      // The bodies: text intact, and nothing of it taken as HTML.
      expect(singleSpaced(mail!.text)).toContain(singleSpaced(hostileTitle));
      expect(singleSpaced(mail!.text)).toContain(`Hello ${singleSpaced(hostileName)},`);
      expect(mail!.text).toContain('Zoë Ñúñez');
      expect(mail!.html).toContain('Zoë Ñúñez');
      expect(mail!.html).not.toContain('<img');
      expect(mail!.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    });
  });
});
