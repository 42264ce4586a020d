import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  attendee,
  createClinic,
  createPublishedEvent,
  listen,
  reserve,
  type ClinicBody,
  type StaffEventBody,
} from './support/booking-fixtures.js';
import { inviteOf, readMail, plainSpaces, type Mail } from './support/booking-mail-reader.js';
import { checkInOf, countCheckInWrites, joinPathOf, joinUrlOf, moveEventStart } from './support/join-link-fixtures.js';
import { deskAccount, textOf } from './support/desk-fixtures.js';
import { setClinicLocale } from './support/notification-fixtures.js';
import { SmtpSink } from './support/smtp-sink.js';
import { signInPages } from './support/staff-session.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/**
 * Issue 9, "attendance for webinars too": a confirmed webinar attendee's personal join link (`/join/<token>`)
 * replaces the meeting's URL everywhere they see it; its first use inside the window (15 minutes before the
 * start until the end) is their check-in and sends them on to the meeting; nobody else ever gets the URL.
 * Real HTTP, real PostgreSQL, the dispatcher sending through a real SMTP server in this process.
 */

const JOIN_URL = 'https://meet.example/j/clinic-9f3k2?pwd=SeCrEt77';
const MAIL_TIMEOUT_MS = 10_000;
const JOIN_PATH = /^\/join\/[A-Za-z0-9_-]{65}$/;

describe('personal join links for webinars (issue 9)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: SignedIn;
  let clinic: ClinicBody;
  let checkInWrites: (reservationId: string) => Promise<number>;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({
      DISPATCHER_ENABLED: 'true',
      SMTP_URL: sink.url,
      DISPATCHER_POLL_INTERVAL_MS: '50',
      DISPATCHER_BACKOFF_BASE_MS: '100',
      DISPATCHER_BACKOFF_MAX_MS: '1000',
    });
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth);
    checkInWrites = await countCheckInWrites(t);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  function webinar(overrides: Record<string, unknown> = {}, slug = clinic.slug): Promise<StaffEventBody> {
    return createPublishedEvent(t, admin.auth, slug, {
      kind: 'webinar',
      venueName: undefined,
      joinUrl: JOIN_URL,
      title: 'Desk posture, live online',
      ...overrides,
    });
  }

  async function book(eventId: string) {
    const body = attendee({ consent: { privacyPolicy: true, reminders: true } }) as { email: string };
    const answer = await reserve(t, eventId, body).expect(201);
    return {
      id: answer.body.reservationId as string,
      status: answer.body.status as string,
      manageToken: answer.body.manageToken as string,
      email: body.email,
    };
  }

  async function mailsTo(address: string, count: number): Promise<Mail[]> {
    const to = () => sink.received.filter((mail) => mail.recipients.includes(address));
    await sink.waitUntil(`${count} e-mail(s) reach ${address}`, () => to().length >= count, MAIL_TIMEOUT_MS);
    return Promise.all(to().map(readMail));
  }

  /** A page that does not open the meeting: no redirect, no meeting URL anywhere, private headers. */
  function expectPageWithoutTheMeeting(response: { status: number; headers: Record<string, string>; text: string }) {
    expect(response.headers.location).toBeUndefined();
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).not.toContain('meet.example');
    expect(response.text).not.toContain('SeCrEt77');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  }

  describe('inside the window, a confirmed seat is sent on to the meeting and checked in once', () => {
    it('the first use redirects to the join URL and records the check-in; a second use redirects again and keeps the first time', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      const link = await joinPathOf(t, guest.id);
      expect(link).toMatch(JOIN_PATH);
      await moveEventStart(t, event.id, 10); // starts in 10 minutes: the window opened 5 minutes ago
      expect((await checkInOf(t, guest.id)).checkedInAt).toBeNull();

      const first = await t.http().get(link).expect(303);
      expect(first.headers.location).toBe(JOIN_URL);
      expect(first.headers['cache-control']).toBe('no-store');
      expect(first.headers['referrer-policy']).toBe('no-referrer');
      expect(first.headers['x-robots-tag']).toBe('noindex, nofollow');
      const recorded = await checkInOf(t, guest.id);
      expect(recorded.status).toBe('confirmed');
      expect(recorded.checkedInAt).toBeInstanceOf(Date);
      expect(Math.abs(recorded.checkedInAt!.getTime() - Date.now())).toBeLessThan(60_000);

      const second = await t.http().get(link).expect(303);
      expect(second.headers.location).toBe(JOIN_URL);
      expect((await checkInOf(t, guest.id)).checkedInAt).toEqual(recorded.checkedInAt);
      expect(await checkInWrites(guest.id)).toBe(1);
    });

    it('opens until the end: a use during the session checks in someone who had not joined yet', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      await moveEventStart(t, event.id, -50, 60); // started 50 minutes ago, ends in 10
      expect(
        (
          await t
            .http()
            .get(await joinPathOf(t, guest.id))
            .expect(303)
        ).headers.location,
      ).toBe(JOIN_URL);
      expect((await checkInOf(t, guest.id)).checkedInAt).not.toBeNull();
    });

    it('twelve uses at once (real requests on a listening server) all redirect and write the check-in once', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      await moveEventStart(t, event.id, 5);
      const url = `${await listen(t)}${await joinPathOf(t, guest.id)}`;
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          fetch(url, { redirect: 'manual' }).then((r) => [r.status, r.headers.get('location')]),
        ),
      );
      expect(answers).toEqual(Array.from({ length: 12 }, () => [303, JOIN_URL]));
      expect(await checkInWrites(guest.id)).toBe(1);
      expect((await checkInOf(t, guest.id)).checkedInAt).not.toBeNull();
    });

    it('a HEAD request (a link checker or mail scanner) gets the redirect but records nothing', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      await moveEventStart(t, event.id, 10);
      const link = await joinPathOf(t, guest.id);
      const head = await t.http().head(link).expect(303);
      expect(head.headers.location).toBe(JOIN_URL);
      const prefetch = await t.http().get(link).set('Sec-Purpose', 'prefetch').expect(303);
      expect(prefetch.headers.location).toBe(JOIN_URL);
      expect((await checkInOf(t, guest.id)).checkedInAt).toBeNull();
      await t.http().get(link).expect(303);
      expect((await checkInOf(t, guest.id)).checkedInAt).not.toBeNull();
    });
  });

  describe('outside the window or without a seat: a clear page, no redirect, nothing recorded', () => {
    it('before the window: a page in the clinic’s language saying when the link opens', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      const { startsAt } = await moveEventStart(t, event.id, 60); // the window opens in 45 minutes
      const page = await t
        .http()
        .get(await joinPathOf(t, guest.id))
        .expect(200);
      expectPageWithoutTheMeeting(page);
      expect(page.text).toContain('The webinar has not opened yet');
      const opensAt = new Intl.DateTimeFormat('en', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: clinic.timeZone,
      }).format(new Date(startsAt.getTime() - 15 * 60_000));
      expect(plainSpaces(page.text)).toContain(`Your link opens the webinar from ${plainSpaces(opensAt)}.`);
      expect((await checkInOf(t, guest.id)).checkedInAt).toBeNull();
      expect(await checkInWrites(guest.id)).toBe(0);
    });

    it('before the window, in Portuguese for a pt-PT clinic (24-hour time, Lisbon’s zone)', async () => {
      const lisbon = await createClinic(t, admin.auth, { timeZone: 'Europe/Lisbon', name: 'Clínica da Coluna' });
      await setClinicLocale(t.dataSource, lisbon.id, 'pt-PT');
      const event = await webinar({ title: 'Postura ao computador' }, lisbon.slug);
      const guest = await book(event.id);
      const { startsAt } = await moveEventStart(t, event.id, 120);
      const page = await t
        .http()
        .get(await joinPathOf(t, guest.id))
        .expect(200);
      expectPageWithoutTheMeeting(page);
      expect(page.text).toContain('<html lang="pt-PT">');
      expect(page.text).toContain('O webinar ainda não abriu');
      const opensAt = new Intl.DateTimeFormat('pt-PT', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/Lisbon',
      }).format(new Date(startsAt.getTime() - 15 * 60_000));
      expect(plainSpaces(page.text)).toContain(`A sua ligação abre o webinar a partir de ${plainSpaces(opensAt)}.`);
      expect((await checkInOf(t, guest.id)).checkedInAt).toBeNull();
    });

    it('after the end: "this webinar has ended" (410)', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      await moveEventStart(t, event.id, -70, 60); // ended 10 minutes ago
      const page = await t
        .http()
        .get(await joinPathOf(t, guest.id))
        .expect(410);
      expectPageWithoutTheMeeting(page);
      expect(page.text).toContain('This webinar has ended');
      expect((await checkInOf(t, guest.id)).checkedInAt).toBeNull();
    });

    it('after the attendee cancelled, inside the window: no seat (410), no redirect, nothing recorded', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      await moveEventStart(t, event.id, 10);
      await t.http().post(`/api/reservations/manage/${guest.manageToken}/cancel`).expect(200);
      const page = await t
        .http()
        .get(await joinPathOf(t, guest.id))
        .expect(410);
      expectPageWithoutTheMeeting(page);
      expect(page.text).toContain('This reservation no longer has a seat');
      expect(await checkInOf(t, guest.id)).toEqual({ status: 'cancelled', checkedInAt: null });
      expect(await checkInWrites(guest.id)).toBe(0);
    });

    it('a waitlisted person, inside the window: says they are on the waiting list, links their manage page, no redirect', async () => {
      const event = await webinar({ capacity: 1 });
      const seated = await book(event.id);
      const waiting = await book(event.id);
      expect([seated.status, waiting.status]).toEqual(['confirmed', 'waitlisted']);
      await moveEventStart(t, event.id, 10);
      const page = await t
        .http()
        .get(await joinPathOf(t, waiting.id))
        .expect(200);
      expectPageWithoutTheMeeting(page);
      expect(page.text).toContain('You are on the waiting list');
      expect(page.text).toContain(`href="/manage/${waiting.manageToken}"`);
      expect(await checkInOf(t, waiting.id)).toEqual({ status: 'waitlisted', checkedInAt: null });
      // The seated attendee's link still works, and theirs is not the waiting person's.
      expect(
        (
          await t
            .http()
            .get(await joinPathOf(t, seated.id))
            .expect(303)
        ).headers.location,
      ).toBe(JOIN_URL);
    });

    it('a cancelled webinar: says so for every attendee (410)', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      await t.http().post(`/api/events/${event.id}/cancel`).set(admin.auth).send({}).expect(200);
      await moveEventStart(t, event.id, 10);
      const page = await t
        .http()
        .get(await joinPathOf(t, guest.id))
        .expect(410);
      expectPageWithoutTheMeeting(page);
      expect(page.text).toContain('This webinar was cancelled');
    });
  });

  describe('a link that is not a webinar seat’s: the friendly not-found page', () => {
    it('answers 404 for an altered token, a made-up one, a manage token in its place and a seminar reservation’s join link', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      await moveEventStart(t, event.id, 10);
      const link = await joinPathOf(t, guest.id);
      const token = link.slice('/join/'.length);
      const altered = `/join/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      const otherId = `/join/${'AAAAAAAAAAAAAAAAAAAAAA'}${token.slice(22)}`;
      const seminar = await createPublishedEvent(t, admin.auth, clinic.slug);
      const seminarGuest = await book(seminar.id);
      await moveEventStart(t, seminar.id, 10);
      for (const path of [
        altered,
        otherId,
        '/join/not-a-token',
        `/join/${guest.manageToken}`,
        await joinPathOf(t, seminarGuest.id),
      ]) {
        const page = await t.http().get(path).expect(404);
        expectPageWithoutTheMeeting(page);
        expect(page.text).toContain('This link no longer works');
      }
      expect(await checkInWrites(guest.id)).toBe(0);
      expect(await checkInWrites(seminarGuest.id)).toBe(0);
    });
  });

  describe('everything the attendee is sent or shown carries the personal link, never the meeting’s URL', () => {
    it('the confirmation e-mail and its invite, the invite download, the manage page and the manage API', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      const personal = await joinUrlOf(t, guest.id);
      expect(new URL(personal).pathname).toMatch(JOIN_PATH);

      const [mail] = await mailsTo(guest.email, 1);
      const invite = inviteOf(mail!, 'REQUEST');
      expect(String(invite.vevent.getFirstPropertyValue('location'))).toBe(personal);
      expect(mail!.text).toContain(personal);
      expect(mail!.html).toContain(`href="${personal}"`);
      const download = await t.http().get(`/manage/${guest.manageToken}/invite.ics`).expect(200);
      const page = await t.http().get(`/manage/${guest.manageToken}`).expect(200);
      const api = await t.http().get(`/api/reservations/manage/${guest.manageToken}`).expect(200);
      expect(download.text.replace(/\r\n[ \t]/g, '')).toContain(`LOCATION:${personal}`);
      expect(page.text).toContain(`href="${personal}"`);
      expect(api.body.joinUrl).toBe(personal);
      for (const content of [
        mail!.raw,
        mail!.text,
        mail!.html,
        invite.ics,
        download.text,
        page.text,
        JSON.stringify(api.body),
      ]) {
        expect(content).not.toContain('meet.example');
        expect(content).not.toContain('SeCrEt77');
      }

      // The reminders waiting in the outbox keep no join token (nor the meeting's URL): derived again when sent.
      const token = new URL(personal).pathname.slice('/join/'.length);
      const payloads = (await t.dataSource.query(
        `SELECT payload::text AS payload FROM outbox_messages WHERE reservation_id = $1 AND kind = 'reminder' AND status = 'pending'`,
        [guest.id],
      )) as { payload: string }[];
      expect(payloads).toHaveLength(2); // 24 h and 1 h before
      for (const { payload } of payloads) {
        expect(payload).not.toContain(token);
        expect(payload).not.toContain('SeCrEt77');
      }
    });

    it('a reminder moved with its rescheduled webinar still carries the personal link when sent', async () => {
      const event = await webinar();
      const guest = await book(event.id);
      const personal = await joinUrlOf(t, guest.id);
      await mailsTo(guest.email, 1);
      const later = (iso: string) => new Date(Date.parse(iso) + 24 * 3_600_000).toISOString();
      await t
        .http()
        .patch(`/api/events/${event.id}`)
        .set(admin.auth)
        .send({ startsAt: later(event.startsAt), endsAt: later(event.endsAt) })
        .expect(200);
      const [, changed] = await mailsTo(guest.email, 2);
      expect(changed!.text).toContain(personal);
      await t.dataSource.query(
        `UPDATE outbox_messages SET due_at = now() WHERE reservation_id = $1 AND kind = 'reminder' AND reminder_offset_minutes = 1440`,
        [guest.id],
      );
      const [, , reminder] = await mailsTo(guest.email, 3);
      expect(reminder!.subject).toMatch(/^Reminder/);
      expect(reminder!.text).toContain(personal);
      expect(reminder!.html).toContain(`href="${personal}"`);
      for (const content of [changed!.raw, changed!.text, reminder!.raw, reminder!.text, reminder!.html])
        expect(content).not.toContain('SeCrEt77');
    });

    it('a waitlisted attendee’s e-mail and manage view carry neither the personal link nor the URL', async () => {
      const event = await webinar({ capacity: 1 });
      await book(event.id);
      const waiting = await book(event.id);
      const personal = await joinUrlOf(t, waiting.id);
      const [notice] = await mailsTo(waiting.email, 1);
      const api = await t.http().get(`/api/reservations/manage/${waiting.manageToken}`).expect(200);
      expect(api.body.joinUrl).toBeNull();
      for (const content of [notice!.raw, notice!.text, notice!.html, JSON.stringify(api.body)]) {
        expect(content).not.toContain(personal);
        expect(content).not.toContain('/join/');
        expect(content).not.toContain('SeCrEt77');
      }
    });
  });

  describe('the join is the webinar’s check-in: completing the event gives it show-rate data', () => {
    it('an attendee who joined stays confirmed and checked in; one who never joined becomes no_show', async () => {
      const event = await webinar();
      const joined = await book(event.id);
      const absent = await book(event.id);
      await moveEventStart(t, event.id, 5);
      await t
        .http()
        .get(await joinPathOf(t, joined.id))
        .expect(303);

      // The door list says so in webinar words: joined online (with the time), or not.
      const desk = await deskAccount(t, 'staff', [clinic.id]);
      const pages = await signInPages(t.app.getHttpServer(), desk.email, desk.password);
      const doorList = async () =>
        plainSpaces((await t.http().get(`/staff/events/${event.id}`).set('Cookie', pages.cookie).expect(200)).text);
      const during = await doorList();
      expect(textOf(during, `r-${joined.id}`)).toMatch(/Joined online at \d{1,2}:\d{2} [AP]M/);
      expect(textOf(during, `r-${absent.id}`)).toContain('Not joined online');
      expect(during).toContain('1 joined online');

      await moveEventStart(t, event.id, -90, 60); // it is over now
      await t.http().post(`/api/events/${event.id}/complete`).set(admin.auth).expect(200);
      const after = await doorList();
      expect(after).toContain('1 joined online');
      expect(after).toContain('1 no-show');
      expect(textOf(after, `r-${absent.id}`)).toContain('No-show');

      const afterJoin = await checkInOf(t, joined.id);
      expect(afterJoin.status).toBe('confirmed');
      expect(afterJoin.checkedInAt).not.toBeNull();
      expect(await checkInOf(t, absent.id)).toEqual({ status: 'no_show', checkedInAt: null });

      // Afterwards both links say it has ended; the no-show is not sent on either.
      for (const id of [joined.id, absent.id]) {
        const page = await t
          .http()
          .get(await joinPathOf(t, id))
          .expect(410);
        expectPageWithoutTheMeeting(page);
        expect(page.text).toContain('This webinar has ended');
      }
    });
  });
});
