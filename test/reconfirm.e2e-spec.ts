import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  createClinic,
  createPublishedEvent,
  dumpDatabaseText,
  fromNow,
  seatLedger,
} from './support/booking-fixtures.js';
import { eventForm, idIn, redirectOf, signInToPages } from './support/admin-pages.js';
import { hiddenField, htmlOf } from './support/page-forms.js';
import { type ReconfirmSuite, startReconfirmSuite } from './support/reconfirm-helpers.js';

const HOUR = 3_600_000;

/**
 * Issue 9, "still coming?": the question scheduled with the seat and sent with two links, the answer page (GET
 * never changes anything, POST answers), "no" as the attendee's cancellation raced against the clinic's, and the
 * settings. The release at the deadline is test/reconfirm-release.e2e-spec.ts. Real HTTP, PostgreSQL, dispatcher
 * and SMTP.
 */
describe('reconfirm (issue 9)', () => {
  let suite: ReconfirmSuite;
  // Bound once the suite has started; each test reads them through these names.
  let t: ReconfirmSuite['t'];
  let baseUrl: string;
  let admin: ReconfirmSuite['admin'];
  let clinic: ReconfirmSuite['clinic'];
  let h: ReconfirmSuite['h'];

  beforeAll(async () => {
    suite = await startReconfirmSuite();
    ({ t, baseUrl, admin, clinic, h } = suite);
  });

  afterAll(async () => {
    await suite?.close();
  });

  // —— the suite

  describe('the question is scheduled with the seat', () => {
    it('is due the lead before the start and arrives with both links and the manage link; no token is stored', async () => {
      const event = await h.eventIn(7 * 24);
      const booked = await h.book(event.id);
      const [question] = await h.outboxOf(booked.reservationId, 'reconfirm');
      expect(question).toMatchObject({ status: 'pending', reminder_offset_minutes: 2880 });
      expect(question!.due_at.getTime()).toBe(Date.parse(event.startsAt) - 48 * HOUR);
      expect(await h.outboxOf(booked.reservationId, 'release-warning')).toEqual([]); // release is off by default

      await h.makeDue([booked.reservationId], ['reconfirm']);
      const mails = await h.mailsTo(booked.email, 2);
      const mail = mails.find((m) => /Still coming\?/.test(m.subject))!;
      const { token } = h.answerLinks(mail);
      expect(mail.text).toContain(`http://booking.test/manage/${booked.manageToken}`);
      expect(mail.calendarPart).toBeUndefined();
      expect(await dumpDatabaseText(t)).not.toContain(token);
    });

    it('a seat confirmed after the question time gets none; moving the event moves it; cancelling drops it', async () => {
      const late = await h.eventIn(30);
      expect(await h.outboxOf((await h.book(late.id)).reservationId, 'reconfirm')).toEqual([]);

      const event = await h.eventIn(7 * 24);
      const booked = await h.book(event.id);
      const startsAt = fromNow({ days: 9 });
      const endsAt = new Date(Date.parse(startsAt) + HOUR).toISOString();
      await t.http().patch(`/api/events/${event.id}`).set(admin.auth).send({ startsAt, endsAt }).expect(200);
      const [moved] = await h.outboxOf(booked.reservationId, 'reconfirm');
      expect(moved!.due_at.getTime()).toBe(Date.parse(startsAt) - 48 * HOUR);

      await t.http().post(`/api/reservations/manage/${booked.manageToken}/cancel`).expect(200);
      expect((await h.outboxOf(booked.reservationId, 'reconfirm')).map((row) => row.status)).toEqual(['cancelled']);
    });
  });

  it('switching to another session after "yes" asks again, before the new session', async () => {
    const event = await h.eventIn(7 * 24);
    const other = await h.eventIn(9 * 24);
    const booked = await h.book(event.id);
    await h.answer(await h.reconfirmToken(booked), 'yes');
    expect((await h.reservationRow(booked.reservationId)).reconfirmed_at).not.toBeNull();

    await t
      .http()
      .post(`/api/reservations/manage/${booked.manageToken}/switch`)
      .send({ eventId: other.id })
      .expect(200);
    expect((await h.reservationRow(booked.reservationId)).reconfirmed_at).toBeNull();
    const pending = (await h.outboxOf(booked.reservationId, 'reconfirm')).filter((row) => row.status === 'pending');
    expect(pending.map((row) => row.due_at.getTime())).toEqual([Date.parse(other.startsAt) - 48 * HOUR]);
  });

  describe('the answer page', () => {
    it('GET, as a mail scanner follows both links, changes nothing; the page is private', async () => {
      const event = await h.eventIn(7 * 24);
      const booked = await h.book(event.id);
      const token = await h.reconfirmToken(booked);
      const before = await h.reservationRow(booked.reservationId);
      for (const path of [`/reconfirm/${token}?answer=yes`, `/reconfirm/${token}?answer=no`, `/reconfirm/${token}`]) {
        const page = await request(baseUrl).get(path).expect(200);
        expect(page.headers['cache-control']).toBe('no-store');
        expect(page.headers['x-robots-tag']).toMatch(/noindex/);
        expect(page.text).toContain('id="reconfirm-yes"');
        expect(page.text).toContain('id="reconfirm-no"');
      }
      // A post without the page's CSRF token is refused and changes nothing either.
      await request(baseUrl).post(`/reconfirm/${token}/no`).type('form').send({});
      expect(await h.reservationRow(booked.reservationId)).toEqual(before);
      expect(before).toMatchObject({ status: 'confirmed', reconfirmed_at: null });
    });

    it("speaks the clinic's language: a pt-PT clinic's e-mail and page", async () => {
      const lisbon = await createClinic(t, admin.auth, { locale: 'pt-PT', timeZone: 'Europe/Lisbon' });
      const startsAt = fromNow({ days: 7 });
      const endsAt = new Date(Date.parse(startsAt) + HOUR).toISOString();
      const event = await createPublishedEvent(t, admin.auth, lisbon.slug, { startsAt, endsAt });
      const booked = await h.book(event.id);
      const token = await h.reconfirmToken(booked);
      const page = await request(baseUrl).get(`/reconfirm/${token}?answer=yes`).expect(200);
      expect(page.text).toContain('<html lang="pt-PT">');
      expect(page.text).toContain('Sim, vou');
      expect(page.text).toContain('Não posso ir');
    });

    it('a forged or foreign token gets the not-found page, never a 500', async () => {
      const event = await h.eventIn(7 * 24);
      const booked = await h.book(event.id);
      const token = await h.reconfirmToken(booked);
      const forged = `${token.slice(0, 22)}${'A'.repeat(43)}`;
      for (const bad of [forged, 'nonsense', booked.manageToken]) {
        const page = await request(baseUrl).get(`/reconfirm/${bad}`).expect(404);
        expect(page.headers['cache-control']).toBe('no-store');
      }
    });

    it('"yes" followed twice: one reconfirmed_at, the same thank-you page, the last warning dropped', async () => {
      const event = await h.eventIn(7 * 24, { releaseUnconfirmed: true });
      const booked = await h.book(event.id);
      expect((await h.outboxOf(booked.reservationId, 'release-warning')).map((r) => r.status)).toEqual(['pending']);
      const token = await h.reconfirmToken(booked);

      const first = await h.answer(token, 'yes');
      expect(first.posted.status).toBe(303);
      const once = await h.reservationRow(booked.reservationId);
      expect(once.reconfirmed_at).not.toBeNull();
      const listed = (await t.http().get(`/api/events/${event.id}/reservations`).set(admin.auth).expect(200)).body;
      expect(listed.reservations[0]).toMatchObject({
        reconfirmedAt: once.reconfirmed_at!.toISOString(),
        releasedAt: null,
      });
      const second = await h.answer(token, 'yes');
      expect(second.posted.status).toBe(303);
      expect((await h.reservationRow(booked.reservationId)).reconfirmed_at).toEqual(once.reconfirmed_at);
      for (const { after } of [first, second]) {
        expect(after!.status).toBe(200);
        expect(after!.text).toContain('id="reconfirm-thanks"');
      }
      expect((await h.outboxOf(booked.reservationId, 'release-warning')).map((r) => r.status)).toEqual(['cancelled']);
    });

    it('"no" cancels at once and serves the waiting list in the same transaction', async () => {
      const event = await h.eventIn(7 * 24, { capacity: 2, maxPartySize: 2 });
      const booked = await h.book(event.id, { partySize: 2 });
      const waiting = await h.book(event.id, { partySize: 1 });
      expect(waiting.status).toBe('waitlisted');
      const token = await h.reconfirmToken(booked);

      const { posted, after } = await h.answer(token, 'no');
      expect(posted.status).toBe(303);
      expect(after!.text).toContain('id="reconfirm-cancelled"');
      expect((await h.reservationRow(booked.reservationId)).status).toBe('cancelled');
      expect((await h.reservationRow(waiting.reservationId)).status).toBe('confirmed');
      const ledger = await seatLedger(t, event.id);
      h.expectLedgerRight(ledger);
      expect(ledger).toMatchObject({ confirmed_seats: 1, waitlisted_count: 0 });
      // The promoted seat is asked in its turn.
      expect(await h.outboxOf(waiting.reservationId, 'reconfirm')).toHaveLength(1);
      // Following the link again shows a page saying so, not an error.
      expect((await request(baseUrl).get(`/reconfirm/${token}?answer=no`).expect(200)).text).toContain(
        'id="reconfirm-cancelled"',
      );
    });

    it('"no" raced against a staff cancellation: cancelled once, seats released once, the ledger right', async () => {
      for (let round = 0; round < 4; round += 1) {
        const event = await h.eventIn(7 * 24, { capacity: 2, maxPartySize: 2 });
        const booked = await h.book(event.id, { partySize: 2 });
        const waiting = [await h.book(event.id, { partySize: 1 }), await h.book(event.id, { partySize: 1 })];
        const token = await h.reconfirmToken(booked);
        const browser = request.agent(baseUrl);
        const csrf = hiddenField((await browser.get(`/reconfirm/${token}`).expect(200)).text, '_csrf');

        const [attendeeAnswer, staffAnswer] = await Promise.all([
          browser.post(`/reconfirm/${token}/no`).type('form').send({ _csrf: csrf }),
          request(baseUrl)
            .post(`/api/events/${event.id}/reservations/${booked.reservationId}/cancel`)
            .set(admin.auth)
            .send({ reason: 'Double booking' }),
        ]);
        expect(attendeeAnswer.status).toBe(303);
        expect(staffAnswer.status).toBe(200);
        expect((await browser.get(attendeeAnswer.headers.location!).expect(200)).text).toContain(
          'id="reconfirm-cancelled"',
        );

        expect((await h.reservationRow(booked.reservationId)).status).toBe('cancelled');
        const cancellations = await h.outboxOf(booked.reservationId, 'attendee-cancellation');
        expect(cancellations).toHaveLength(1);
        const ledger = await seatLedger(t, event.id);
        h.expectLedgerRight(ledger);
        expect(ledger).toMatchObject({ confirmed_seats: 2, confirmed_count: 2, waitlisted_count: 0 });
        for (const w of waiting) expect((await h.reservationRow(w.reservationId)).status).toBe('confirmed');
      }
    });
  });

  describe('the settings', () => {
    it('the API: clinic default, per-event override, release and deadline, validated', async () => {
      const updated = await t
        .http()
        .patch(`/api/admin/clinics/${clinic.slug}`)
        .set(admin.auth)
        .send({ reconfirmLeadMinutes: 1440 })
        .expect(200);
      expect(updated.body.reconfirmLeadMinutes).toBe(1440);
      const event = await h.eventIn(7 * 24);
      expect(event).toMatchObject({ reconfirmLeadMinutes: null, releaseUnconfirmed: false });
      const booked = await h.book(event.id);
      expect((await h.outboxOf(booked.reservationId, 'reconfirm'))[0]!.reminder_offset_minutes).toBe(1440);
      await t.http().patch(`/api/admin/clinics/${clinic.slug}`).set(admin.auth).send({ reconfirmLeadMinutes: 2880 });

      // An override and release on: the attendee's question moves, and the last warning is scheduled.
      await t
        .http()
        .patch(`/api/events/${event.id}`)
        .set(admin.auth)
        .send({ reconfirmLeadMinutes: 4320, releaseUnconfirmed: true, releaseDeadlineMinutes: 1440 })
        .expect(200);
      const pending = async (kind: string) =>
        (await h.outboxOf(booked.reservationId, kind)).filter((row) => row.status === 'pending');
      expect((await pending('reconfirm')).map((row) => row.reminder_offset_minutes)).toEqual([4320]);
      expect((await pending('release-warning')).map((row) => row.reminder_offset_minutes)).toEqual([2880]);

      for (const bad of [
        { reconfirmLeadMinutes: -1 },
        { releaseDeadlineMinutes: 99999 },
        { releaseUnconfirmed: 'yes' },
      ])
        await t.http().patch(`/api/events/${event.id}`).set(admin.auth).send(bad).expect(400);
    });

    it('the admin event form explains the trade-off and sets release if unconfirmed', async () => {
      const pagesAdmin = await signInToPages(t, 'admin');
      const page = htmlOf(await pagesAdmin.get('/admin/events/new'));
      expect(page).toContain('id="reconfirm-trade-off"');
      expect(page).toContain('name="releaseUnconfirmed"');
      const form = eventForm(clinic.slug, clinic.timeZone, {
        reconfirmLead: '1440',
        releaseUnconfirmed: 'on',
        releaseDeadline: '360',
      });
      const id = idIn(redirectOf(await pagesAdmin.post('/admin/events', form)), '/admin/events');
      const [row] = (await t.dataSource.query(
        `SELECT reconfirm_lead_minutes, release_unconfirmed, release_deadline_minutes FROM events WHERE id = $1`,
        [id],
      )) as unknown[];
      expect(row).toEqual({ reconfirm_lead_minutes: 1440, release_unconfirmed: true, release_deadline_minutes: 360 });
      const edit = htmlOf(await pagesAdmin.get(`/admin/events/${id}/edit`));
      expect(edit).toMatch(/<option value="on" selected>/);
      const shown = htmlOf(await pagesAdmin.get(`/admin/events/${id}`));
      expect(shown).toMatch(/id="reconfirm-lead">24 hours before</);
      expect(shown).toMatch(/id="reconfirm-release">Released to the waiting list if not reconfirmed 6 hours before</);
    });
  });
});
