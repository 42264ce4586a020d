import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { attendee, createClinic, createPublishedEvent, reserve, type ClinicBody } from './support/booking-fixtures.js';
import { inviteInMail, readInvite, type ReadInvite } from './support/invite-mail.js';
import { SmtpSink } from './support/smtp-sink.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/**
 * Issue 10, invites (DESIGN rule 7: invites replace, never duplicate), through the real API, PostgreSQL, the
 * dispatcher and an SMTP server. Invites are read as a calendar reads them (ical.js).
 */

const CHICAGO = 'America/Chicago';
const MAIL_TIMEOUT_MS = 10_000;
const DISPATCHING = {
  DISPATCHER_ENABLED: 'true',
  DISPATCHER_POLL_INTERVAL_MS: '50',
  DISPATCHER_LEASE_MS: '5000',
  DISPATCHER_BACKOFF_BASE_MS: '100',
  DISPATCHER_BACKOFF_MAX_MS: '1000',
};

/** The invite as downloaded through the manage link (what a calendar would hold now). */
async function downloadInvite(t: TestApp, token: string): Promise<ReadInvite> {
  const response = await t
    .http()
    .get(`/api/reservations/manage/${token}/invite.ics`)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
  expect(response.status).toBe(200);
  return readInvite(response.body as string);
}

async function book(t: TestApp, eventId: string, overrides: Record<string, unknown> = {}) {
  const response = await reserve(t, eventId, attendee(overrides));
  if (response.status !== 201) throw new Error(`reserve: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as {
    reservationId: string;
    manageToken: string;
    manageUrl: string;
    status: string;
    event: { startsAt: string };
  };
}

/** The next day, at least `afterDays` ahead, on which Chicago's clocks go back (first Sunday of November). */
function nextFallBack(afterDays = 2): string {
  for (let year = new Date().getUTCFullYear(); ; year += 1) {
    const first = DateTime.fromObject({ year, month: 11, day: 1 }, { zone: CHICAGO });
    const sunday = first.plus({ days: (7 - first.weekday) % 7 });
    if (sunday.toMillis() > Date.now() + afterDays * 86_400_000) return sunday.toISODate()!;
  }
}

describe('invites (issue 10)', () => {
  let sink: SmtpSink;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    sink = await SmtpSink.start();
  });
  afterEach(async () => {
    while (apps.length > 0) await apps.pop()!.close();
  });
  afterAll(async () => {
    await sink?.close();
  });

  async function start(env: Record<string, string>, reset = true): Promise<TestApp> {
    const t = await startTestApp({ SMTP_URL: sink.url, ...env }, { reset });
    apps.push(t);
    return t;
  }

  async function mailsTo(address: string, count: number): Promise<ReadInvite[]> {
    const to = () =>
      sink.received.filter((mail) => mail.recipients.includes(address)).sort((a, b) => a.receivedAt - b.receivedAt);
    await sink.waitUntil(`${count} e-mail(s) reach ${address}`, () => to().length >= count, MAIL_TIMEOUT_MS);
    return Promise.all(to().map(async (mail) => (await inviteInMail(mail))!));
  }

  async function clinicWithStaff(t: TestApp): Promise<{ clinic: ClinicBody; staff: SignedIn }> {
    const admin = await signInNewUser(t, 'admin');
    const clinic = await createClinic(t, admin.auth);
    return { clinic, staff: await signInNewUser(t, 'staff', [clinic.id]) };
  }

  describe('one UID for a reservation’s whole life, whatever the public URL', () => {
    it('a new PUBLIC_BASE_URL, and a worker configured with another one, keep the UID the first start stored', async () => {
      // The first start: its host becomes the UID domain for good.
      const first = await start({ PUBLIC_BASE_URL: 'http://booking.test' });
      const { clinic, staff } = await clinicWithStaff(first);
      // Whole minutes: an invite writes times to the second.
      const startsAt = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 7 * 86_400_000);
      const event = await createPublishedEvent(first, staff.auth, clinic.slug, {
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 90 * 60_000).toISOString(),
      });
      const guest = await book(first, event.id, { email: 'uid-guest@example.org' });
      const original = await downloadInvite(first, guest.manageToken);
      expect(original.uid).toBe(`${guest.reservationId}@booking.test`);
      expect(await first.dataSource.query('SELECT uid_domain FROM invite_identity')).toEqual([
        { uid_domain: 'booking.test' },
      ]);
      await apps.pop()!.close();

      // The site moves to a new address; staff reschedule the event there.
      const moved = await start({ PUBLIC_BASE_URL: 'https://seminars.new-host.example' }, false);
      expect((await downloadInvite(moved, guest.manageToken)).uid).toBe(original.uid);
      const later = new Date(Date.parse(event.startsAt) + 86_400_000);
      await moved
        .http()
        .patch(`/api/events/${event.id}`)
        .set(staff.auth)
        .send({ startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 90 * 60_000).toISOString() })
        .expect(200);

      // A worker with yet another URL sends the confirmation and the update.
      await start({ ...DISPATCHING, PUBLIC_BASE_URL: 'https://worker.internal.example' }, false);
      // One batch: the two may arrive in either order.
      const sent = await mailsTo('uid-guest@example.org', 2);
      const update = sent.find((invite) => invite.start.utc === later.toISOString())!;
      const confirmation = sent.find((invite) => invite !== update)!;
      expect(confirmation.start.utc).toBe(new Date(event.startsAt).toISOString());
      expect([confirmation.uid, update.uid]).toEqual([original.uid, original.uid]);
      expect(update.sequence).toBeGreaterThan(confirmation.sequence);
    });
  });

  describe('every change the attendee’s calendar shows raises SEQUENCE and is sent as a REQUEST', () => {
    it('changing the party size sends the updated invite (same UID, higher SEQUENCE, the new seats); the reminders say it too', async () => {
      const t = await start(DISPATCHING);
      const { clinic, staff } = await clinicWithStaff(t);
      const event = await createPublishedEvent(t, staff.auth, clinic.slug, { maxPartySize: 4 });
      const guest = await book(t, event.id, { email: 'party-guest@example.org', partySize: 1 });
      expect(guest.status).toBe('confirmed');
      await mailsTo('party-guest@example.org', 1);

      const resized = await t.http().patch(`/api/reservations/manage/${guest.manageToken}`).send({ partySize: 3 });
      expect(resized.status).toBe(200);
      const [confirmation, update] = await mailsTo('party-guest@example.org', 2);
      expect(update!.method).toBe('REQUEST');
      expect(update!.uid).toBe(confirmation!.uid);
      expect(update!.sequence).toBeGreaterThan(confirmation!.sequence);
      expect(confirmation!.description).toContain('1 seat,');
      expect(update!.description).toContain('3 seats,');
      expect(update!.url).toBe(guest.manageUrl);
      // What the manage link downloads now is that revision.
      const current = await downloadInvite(t, guest.manageToken);
      expect([current.uid, current.sequence]).toEqual([update!.uid, update!.sequence]);

      const reminders = (await t.dataSource.query(
        `SELECT payload->'reservation'->>'partySize' AS seats FROM outbox_messages
          WHERE reservation_id = $1 AND kind = 'reminder' AND status = 'pending'`,
        [guest.reservationId],
      )) as { seats: string }[];
      expect(reminders.length).toBeGreaterThan(0);
      expect(reminders.map((r) => r.seats)).toEqual(reminders.map(() => '3'));

      // The same size again changes nothing the calendar shows: nothing is sent.
      await t.http().patch(`/api/reservations/manage/${guest.manageToken}`).send({ partySize: 3 }).expect(200);
      const [row] = (await t.dataSource.query(
        // Scheduled messages (reminders, issue 9's "still coming?") are not sent by the change itself.
        `SELECT count(*)::int AS n FROM outbox_messages
          WHERE reservation_id = $1 AND kind NOT IN ('reminder', 'reconfirm', 'release-warning')`,
        [guest.reservationId],
      )) as { n: number }[];
      expect(row!.n).toBe(2);
    });

    it('a waitlisted reservation has no invite, so resizing it sends none', async () => {
      const t = await start({});
      const { clinic, staff } = await clinicWithStaff(t);
      const event = await createPublishedEvent(t, staff.auth, clinic.slug, { capacity: 1, maxPartySize: 4 });
      await book(t, event.id);
      const waiting = await book(t, event.id, { partySize: 2 });
      expect(waiting.status).toBe('waitlisted');
      await t.http().patch(`/api/reservations/manage/${waiting.manageToken}`).send({ partySize: 3 }).expect(200);
      const kinds = (await t.dataSource.query(
        `SELECT kind FROM outbox_messages WHERE reservation_id = $1 ORDER BY created_at`,
        [waiting.reservationId],
      )) as {
        kind: string;
      }[];
      expect(kinds.map((k) => k.kind)).toEqual(['waitlisted']);
    });
  });

  describe('a time in the hour repeated when clocks go back', () => {
    it('a local time there is stored as its first instant (RFC 5545 §3.3.5), and the invite writes it in UTC, where every reader agrees', async () => {
      const t = await start({});
      const { clinic, staff } = await clinicWithStaff(t);
      const day = nextFallBack();
      const event = await createPublishedEvent(t, staff.auth, clinic.slug, {
        startsAt: `${day}T01:30`,
        endsAt: `${day}T01:50`,
        timeZone: CHICAGO,
      });
      const firstPass = DateTime.fromISO(`${day}T01:30:00-05:00`).toUTC();
      expect(new Date(event.startsAt).toISOString()).toBe(firstPass.toISO());

      const guest = await book(t, event.id);
      const invite = await downloadInvite(t, guest.manageToken);
      expect(invite.start.written).toBe(`DTSTART:${firstPass.toFormat("yyyyMMdd'T'HHmmss'Z'")}`);
      expect(invite.start.utc).toBe(firstPass.toISO());
    });

    it('an ordinary local time keeps its TZID and VTIMEZONE, ending in CRLF after END:VCALENDAR', async () => {
      const t = await start({});
      const { clinic, staff } = await clinicWithStaff(t);
      const day = nextFallBack();
      const event = await createPublishedEvent(t, staff.auth, clinic.slug, {
        startsAt: `${day}T18:00`,
        endsAt: `${day}T19:30`,
        timeZone: CHICAGO,
      });
      const guest = await book(t, event.id);
      const invite = await downloadInvite(t, guest.manageToken);
      expect(invite.start.written).toBe(`DTSTART;TZID=${CHICAGO}:${day.replace(/-/g, '')}T180000`);
      expect(invite.start.utc).toBe(new Date(event.startsAt).toISOString());
      expect(invite.ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
      const vtimezone = invite.calendar.getFirstSubcomponent('vtimezone')!;
      expect(
        vtimezone
          .getAllSubcomponents()
          .map((c) => `${c.getFirstPropertyValue('tzname')} ${c.getFirstProperty('rrule')?.toICALString()}`)
          .sort(),
      ).toEqual(['CDT RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU', 'CST RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU']);
    });
  });

  describe('the OpenAPI document shows the 503 any route gives when the database is lost (rule 12)', () => {
    it('every operation names SERVICE_UNAVAILABLE with Retry-After and the error shape', async () => {
      const t = await start({});
      const document = (await t.http().get('/docs/openapi.json').expect(200)).body as {
        paths: Record<string, Record<string, { responses: Record<string, { $ref?: string }> }>>;
        components: {
          responses: Record<
            string,
            { headers: Record<string, unknown>; content: Record<string, { schema: { $ref: string } }> }
          >;
          schemas: Record<string, unknown>;
        };
      };
      const operations = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => ({ route: `${method} ${path}`, op })),
      );
      expect(operations.length).toBeGreaterThan(20);
      const without = operations
        .filter(({ op }) => op.responses['503']?.$ref !== '#/components/responses/ServiceUnavailable')
        .map(({ route }) => route);
      expect(without).toEqual([]);
      const unavailable = document.components.responses.ServiceUnavailable!;
      expect(Object.keys(unavailable.headers)).toEqual(['Retry-After']);
      expect(unavailable.content['application/json']!.schema.$ref).toBe('#/components/schemas/ErrorResponse');
      expect(document.components.schemas.ErrorResponse).toBeDefined();
    });
  });
});
