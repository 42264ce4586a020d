import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { AttendanceJobs } from '../src/attendance/attendance-jobs.service.js';
import { SeatOffersService } from '../src/reservations/offers/seat-offers.service.js';
import { WorkerModule } from '../src/worker.module.js';
import {
  attendee,
  createClinic,
  createPublishedEvent,
  dumpDatabaseText,
  fromNow,
  reserve,
  seatLedger,
  sleep,
} from './support/booking-fixtures.js';
import { hiddenField } from './support/page-forms.js';
import { SmtpSink } from './support/smtp-sink.js';
import { signInNewUser, startTestApp, testConfig, testDatabaseUrl, type TestApp } from './support/test-app.js';
import {
  expectSeatLedgerRight,
  mailsReaching,
  offerMailsDueNow,
  offerTokenIn,
  openOfferPage,
  outboxKindsOf,
  pressOn,
  statusesOf,
  type Queue,
} from './support/seat-offer-fixtures.js';
import { moveClock } from './support/time-control.js';

const HOUR = 3_600_000;

/**
 * Issue 9: a waitlisted person promoted close to the start gets a time-limited offer (pretix's waiting-list
 * voucher, applied automatically) instead of a seat. Real HTTP, PostgreSQL and SMTP; the lapse job run by
 * the app and by a worker process's module at once; "later" is their Clock moved past the deadline.
 */
describe('late promotion as a time-limited seat offer', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let sink: SmtpSink;
  let admin: { auth: { Authorization: string } };
  let clinicSlug: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({ DISPATCHER_ENABLED: 'true', SMTP_URL: sink.url, DISPATCHER_POLL_INTERVAL_MS: '50' });
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ config: testConfig(), databaseUrl: testDatabaseUrl() }),
      { logger: false },
    );
    await worker.init();
    admin = await signInNewUser(t, 'admin');
    clinicSlug = (await createClinic(t, admin.auth)).slug;
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await sink?.close();
  });

  /** A full event starting `hours` from now: `seats` holders of one seat each, then `waiting` on the list. */
  async function fullEvent(hours: number, seats = 1, waiting = 2, slug = clinicSlug): Promise<Queue> {
    const startsAt = fromNow({ hours });
    const endsAt = new Date(Date.parse(startsAt) + 90 * 60_000).toISOString();
    const event = await createPublishedEvent(t, admin.auth, slug, { capacity: seats, startsAt, endsAt });
    const book = async () => {
      const body = attendee({ consent: { privacyPolicy: true, reminders: true } });
      const answer = (await reserve(t, event.id, body).expect(201)).body as {
        reservationId: string;
        manageToken: string;
      };
      return { id: answer.reservationId, manageToken: answer.manageToken, email: body.email as string };
    };
    const holders = [];
    for (let i = 0; i < seats; i += 1) holders.push(await book());
    const queue = [];
    for (let i = 0; i < waiting; i += 1) queue.push(await book());
    return { eventId: event.id, holders, queue };
  }

  const cancel = (manageToken: string) => t.http().post(`/api/reservations/manage/${manageToken}/cancel`).expect(200);

  const mailsTo = (address: string, count: number) => mailsReaching(sink, address, count);
  const offerTokenFrom = (address: string) => offerTokenIn(sink, address);
  const openOffer = (token: string) => openOfferPage(t, token);
  const press = async (token: string, button: 'accept' | 'decline') => pressOn(await openOffer(token), button);
  const outboxKinds = (reservationId: string) => outboxKindsOf(t, reservationId);
  const dueNow = (reservationId: string) => offerMailsDueNow(t, reservationId);
  const expectLedgerRight = (eventId: string) => expectSeatLedgerRight(t, eventId);

  it('a cancellation 30 h before the start confirms the next in line at once (no offer)', async () => {
    const { eventId, holders, queue } = await fullEvent(30);
    await cancel(holders[0]!.manageToken);
    expect(await statusesOf(t, queue)).toEqual(['confirmed', 'waitlisted']);
    expect(await outboxKinds(queue[0]!.id)).toEqual(expect.arrayContaining(['waitlisted', 'promotion']));
    await expectLedgerRight(eventId);
  });

  it("a clinic's own threshold and window decide when a late seat is an offer and for how long", async () => {
    const own = await createClinic(t, admin.auth);
    const bad = await t.http().patch(`/api/admin/clinics/${own.slug}`).set(admin.auth).send({ offerWindowMinutes: 1 });
    expect(bad.status).toBe(400);
    const set = await t
      .http()
      .patch(`/api/admin/clinics/${own.slug}`)
      .set(admin.auth)
      .send({ offerThresholdMinutes: 6 * 60, offerWindowMinutes: 30 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ offerThresholdMinutes: 360, offerWindowMinutes: 30 });

    // 10 h before the start is outside this clinic's 6 h: the next in line is confirmed at once.
    const early = await fullEvent(10, 1, 1, own.slug);
    await cancel(early.holders[0]!.manageToken);
    expect(await statusesOf(t, early.queue)).toEqual(['confirmed']);

    // 5 h before: an offer, open for the clinic's 30 minutes.
    const late = await fullEvent(5, 1, 1, own.slug);
    await cancel(late.holders[0]!.manageToken);
    expect(await statusesOf(t, late.queue)).toEqual(['offered']);
    const [row] = (await t.dataSource.query(`SELECT offer_expires_at FROM reservations WHERE id = $1`, [
      late.queue[0]!.id,
    ])) as { offer_expires_at: Date }[];
    const windowMinutes = (row!.offer_expires_at.getTime() - Date.now()) / 60_000;
    expect(windowMinutes).toBeGreaterThan(28);
    expect(windowMinutes).toBeLessThanOrEqual(30);
  });

  describe('10 h before the start the next in line gets an offer', () => {
    it('seats held, an e-mail with the link and the deadline; accepting confirms with the invite; twice, once', async () => {
      const { eventId, holders, queue } = await fullEvent(10);
      await cancel(holders[0]!.manageToken);
      expect(await statusesOf(t, queue)).toEqual(['offered', 'waitlisted']);
      const ledger = await seatLedger(t, eventId);
      expect(ledger.confirmed_seats).toBe(1);
      expect(ledger.confirmed_sum).toBe(1);

      const [row] = (await t.dataSource.query(`SELECT offer_expires_at FROM reservations WHERE id = $1`, [
        queue[0]!.id,
      ])) as { offer_expires_at: Date }[];
      const windowMinutes = (row!.offer_expires_at.getTime() - Date.now()) / 60_000;
      expect(windowMinutes).toBeGreaterThan(115);
      expect(windowMinutes).toBeLessThanOrEqual(120);

      const token = await offerTokenFrom(queue[0]!.email);
      const offerMail = (await mailsTo(queue[0]!.email, 2)).find((mail) => /free for you/.test(mail.subject))!;
      expect(offerMail.text).toMatch(/please accept by .+\(Central Time\)/);
      expect(offerMail.text).toContain(`Accept my seat: http://booking.test/offer/${token}`);
      expect(offerMail.calendarPart).toBeUndefined();
      // No offer link is stored anywhere (the outbox keeps none either): it is derived again when sent.
      expect(await dumpDatabaseText(t)).not.toContain(token);

      // The manage page and the API show the offer and its deadline.
      const manage = await t.http().get(`/manage/${queue[0]!.manageToken}`).expect(200);
      expect(manage.text).toContain(`href="/offer/${token}"`);
      // An offer is answered first: no seat-count or session change until it is accepted; cancelling stays.
      expect(manage.text).not.toContain('id="party-form"');
      expect(manage.text).not.toContain('id="switch-title"');
      expect(manage.text).toContain('id="cancel-link"');
      const view = await t.http().get(`/api/reservations/manage/${queue[0]!.manageToken}`).expect(200);
      expect(view.body.status).toBe('offered');
      expect(view.body.offerExpiresAt).toBe(row!.offer_expires_at.toISOString());

      const open = await t.http().get(`/offer/${token}`).expect(200);
      expect(open.text).toContain('id="accept-form"');
      expect(open.text).toContain('id="offer-deadline"');

      const opened = await openOffer(token);
      const accepted = await pressOn(opened, 'accept');
      expect(accepted.text).toContain('Your seat is confirmed');
      const again = await pressOn(opened, 'accept');
      expect(again.text).toContain('Your seat is confirmed');
      expect(await statusesOf(t, queue)).toEqual(['confirmed', 'waitlisted']);
      expect((await outboxKinds(queue[0]!.id)).filter((kind) => kind === 'promotion')).toHaveLength(1);
      const mails = await mailsTo(queue[0]!.email, 3);
      expect(mails.find((mail) => /A seat is yours/.test(mail.subject))?.calendarPart?.method).toBe('REQUEST');
      await expectLedgerRight(eventId);
    });

    it('a lapsed offer goes to the next in line, with one "offer-lapsed" e-mail; the link then says so', async () => {
      const { eventId, holders, queue } = await fullEvent(10, 1, 3);
      await cancel(holders[0]!.manageToken);
      const token = await offerTokenFrom(queue[0]!.email);
      const opened = await openOffer(token);
      const restore = moveClock([t.app], 3 * HOUR);
      try {
        const report = await t.app.get(AttendanceJobs).runOnce();
        expect(report.offersLapsed).toBeGreaterThanOrEqual(1);
        expect(await statusesOf(t, queue)).toEqual(['cancelled', 'offered', 'waitlisted']);
        await t.app.get(AttendanceJobs).runOnce(); // the next offer is not due yet; the first has lapsed already
        expect(await statusesOf(t, queue)).toEqual(['cancelled', 'offered', 'waitlisted']);
      } finally {
        restore();
      }
      expect((await outboxKinds(queue[0]!.id)).filter((kind) => kind === 'offer-lapsed')).toHaveLength(1);
      await dueNow(queue[0]!.id);
      await dueNow(queue[1]!.id);
      const lapsedMail = (await mailsTo(queue[0]!.email, 3)).find((mail) => /lapsed/.test(mail.subject));
      expect(lapsedMail?.text).toContain('next person on the waiting list');
      await offerTokenFrom(queue[1]!.email);

      const after = await pressOn(opened, 'accept');
      expect(after.text).toContain('This offer has lapsed');
      expect(await statusesOf(t, queue)).toEqual(['cancelled', 'offered', 'waitlisted']);
      await expectLedgerRight(eventId);
    });

    it('declining gives the seat to the next in line at once', async () => {
      const { eventId, holders, queue } = await fullEvent(10);
      await cancel(holders[0]!.manageToken);
      const page = await press(await offerTokenFrom(queue[0]!.email), 'decline');
      expect(page.text).toContain('You have let the seat go');
      expect(await statusesOf(t, queue)).toEqual(['cancelled', 'offered']);
      expect(await outboxKinds(queue[0]!.id)).not.toContain('offer-lapsed');
      await expectLedgerRight(eventId);
    });

    it('cancelling the event cancels an open offer too: its seats back, told as a cancellation, never lapsed', async () => {
      const { eventId, holders, queue } = await fullEvent(10);
      await cancel(holders[0]!.manageToken);
      expect(await statusesOf(t, queue)).toEqual(['offered', 'waitlisted']);
      await t
        .http()
        .post(`/api/events/${eventId}/cancel`)
        .set(admin.auth)
        .send({ reason: 'The speaker is ill.' })
        .expect(200);
      expect(await statusesOf(t, queue)).toEqual(['cancelled', 'cancelled']);
      expect(await outboxKinds(queue[0]!.id)).toContain('event-cancelled');
      const ledger = await seatLedger(t, eventId);
      expect(ledger).toMatchObject({ confirmed_seats: 0, confirmed_sum: 0 });
      await t.app.get(SeatOffersService).lapseDue(new Date(Date.now() + 3 * HOUR));
      expect(await outboxKinds(queue[0]!.id)).not.toContain('offer-lapsed');
    });

    it('the JSON API answers an offer too: accept once, then it only says what became of it', async () => {
      const { eventId, holders, queue } = await fullEvent(10);
      await cancel(holders[0]!.manageToken);
      const token = await offerTokenFrom(queue[0]!.email);
      const api = (answer: string) => t.http().post(`/api/reservations/offers/${token}/${answer}`).expect(200);
      expect((await api('accept')).body).toEqual({
        reservationId: queue[0]!.id,
        status: 'confirmed',
        changed: true,
        offerExpiresAt: null,
      });
      expect((await api('accept')).body).toMatchObject({ status: 'confirmed', changed: false });
      expect((await api('decline')).body).toMatchObject({ status: 'confirmed', changed: false });
      await t
        .http()
        .post(`/api/reservations/offers/${token.slice(1)}/accept`)
        .expect(404);
      await expectLedgerRight(eventId);
    });

    it("in the clinic's language: the e-mail and the page in pt-PT, the deadline on a 24-hour clock in Lisbon", async () => {
      const lisbon = await createClinic(t, admin.auth, {
        timeZone: 'Europe/Lisbon',
        locale: 'pt-PT',
        address: { line1: 'Rua Augusta 120', city: 'Lisboa', postalCode: '1100-053', country: 'PT' },
      });
      const { holders, queue } = await fullEvent(10, 1, 1, lisbon.slug);
      await cancel(holders[0]!.manageToken);
      const token = await offerTokenFrom(queue[0]!.email);
      const mail = (await mailsTo(queue[0]!.email, 2)).find((each) => each.text.includes('/offer/'))!;
      expect(mail.subject).toMatch(/^Há um lugar para si: /);
      expect(mail.text).toMatch(/aceite, por favor, até \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2} \(/);
      const page = await t.http().get(`/offer/${token}`).expect(200);
      expect(page.text).toContain('<html lang="pt-PT">');
      expect(page.text).toContain('Aceitar o meu lugar');
      expect(page.text).toContain('Não, obrigado');
    });

    it('a forged, cut or foreign link gets the "link no longer works" page, never a 500', async () => {
      const { holders, queue } = await fullEvent(10);
      await cancel(holders[0]!.manageToken);
      const token = await offerTokenFrom(queue[0]!.email);
      const forged = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
      for (const bad of [forged, token.slice(0, 30), 'x', queue[0]!.manageToken]) {
        await t.http().get(`/offer/${bad}`).expect(404);
      }
      const agent = request.agent(t.app.getHttpServer());
      const page = await agent.get(`/offer/${token}`).expect(200);
      await agent
        .post(`/offer/${forged}/accept`)
        .type('form')
        .send({ _csrf: hiddenField(page.text, '_csrf') })
        .expect(404);
      await t.http().post(`/offer/${token}/accept`).type('form').send({}).expect(403);
      expect(await statusesOf(t, queue)).toEqual(['offered', 'waitlisted']);
    });
  });

  describe('each offer has exactly one outcome, whoever races', () => {
    it('accept raced against the lapse job: accepted or lapsed, never both; the ledger stays right', async () => {
      for (let round = 0; round < 6; round += 1) {
        const { eventId, holders, queue } = await fullEvent(10);
        await cancel(holders[0]!.manageToken);
        const token = await offerTokenFrom(queue[0]!.email);
        // The worker's clock is past the deadline, the app's is not: the database decides between them.
        const opened = await openOffer(token);
        const restore = moveClock([worker], 3 * HOUR);
        const [page, lapsed] = await Promise.all([
          pressOn(opened, 'accept'),
          // Started a little later each round, so the accept's request meets the job at different points.
          sleep(round * 6).then(() => worker.get(SeatOffersService).lapseDue()),
        ]).finally(restore);
        const kinds = await outboxKinds(queue[0]!.id);
        const [first] = await statusesOf(t, queue);
        if (first === 'confirmed') {
          expect(page.text).toContain('Your seat is confirmed');
          expect(kinds).not.toContain('offer-lapsed');
          expect(kinds.filter((kind) => kind === 'promotion')).toHaveLength(1);
        } else {
          expect(first).toBe('cancelled');
          expect(lapsed).toBeGreaterThanOrEqual(1);
          expect(page.text).toContain('This offer has lapsed');
          expect(kinds.filter((kind) => kind === 'offer-lapsed')).toHaveLength(1);
          expect(kinds).not.toContain('promotion');
        }
        await expectLedgerRight(eventId);
      }
    });

    it('two lapse runs at once (the app and a worker): each offer lapses once', async () => {
      const events = [await fullEvent(10, 2, 3), await fullEvent(10, 1, 2), await fullEvent(10, 1, 2)];
      for (const { holders } of events) for (const holder of holders) await cancel(holder.manageToken);
      const offered = events.flatMap(({ queue, holders }) => queue.slice(0, holders.length));
      expect(new Set(await statusesOf(t, offered))).toEqual(new Set(['offered']));

      const restore = moveClock([t.app, worker], 3 * HOUR);
      const [a, b] = await Promise.all([
        t.app.get(SeatOffersService).lapseDue(),
        worker.get(SeatOffersService).lapseDue(),
      ]).finally(restore);
      expect(a + b).toBeGreaterThanOrEqual(offered.length);
      for (const reservation of offered) {
        expect((await outboxKinds(reservation.id)).filter((kind) => kind === 'offer-lapsed')).toHaveLength(1);
      }
      expect(new Set(await statusesOf(t, offered))).toEqual(new Set(['cancelled']));
      for (const { eventId, queue, holders } of events) {
        expect(await statusesOf(t, queue.slice(holders.length))).toEqual(
          queue.slice(holders.length).map(() => 'offered'),
        );
        await expectLedgerRight(eventId);
      }
    });
  });
});
