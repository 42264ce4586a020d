import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { AttendanceJobs } from '../src/attendance/attendance-jobs.service.js';
import { UnconfirmedRelease } from '../src/reservations/reconfirm/unconfirmed-release.js';
import { WorkerModule } from '../src/worker.module.js';
import { seatLedger } from './support/booking-fixtures.js';
import { signInToPages } from './support/admin-pages.js';
import { htmlOf } from './support/page-forms.js';
import { checkInDirectly } from './support/records-fixtures.js';
import { type ReconfirmSuite, startReconfirmSuite } from './support/reconfirm-helpers.js';
import { testConfig, testDatabaseUrl } from './support/test-app.js';

const HOUR = 3_600_000;

/**
 * Issue 9, "release if unconfirmed": at the deadline, the periodic job of two instances at once (the app and the
 * worker, each on its own connections) releases each warned, unanswered seat once; the answered and the
 * checked-in keep theirs, the waiting list is served, the released are told once. Off by default.
 */
describe('release if unconfirmed (issue 9)', () => {
  let suite: ReconfirmSuite;
  let worker: INestApplicationContext;
  let t: ReconfirmSuite['t'];
  let baseUrl: string;
  let h: ReconfirmSuite['h'];

  beforeAll(async () => {
    suite = await startReconfirmSuite();
    ({ t, baseUrl, h } = suite);
    // A second instance on its own connections, as `npm run worker` starts it (its dispatcher is off).
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ config: testConfig(), databaseUrl: testDatabaseUrl() }),
      { logger: false },
    );
    await worker.init();
  });

  afterAll(async () => {
    await worker?.close();
    await suite?.close();
  });

  describe('release if unconfirmed, at the deadline', () => {
    it('two instances at once release each unanswered seat once; the answered and the checked-in stay', async () => {
      const event = await h.eventIn(5 * 24, { capacity: 6, maxPartySize: 2, releaseUnconfirmed: true });
      const silent = [await h.book(event.id, { partySize: 1 }), await h.book(event.id, { partySize: 2 })];
      const said = await h.book(event.id, { partySize: 1 });
      const came = await h.book(event.id, { partySize: 2 });
      const waiting = [
        await h.book(event.id, { partySize: 2 }),
        await h.book(event.id, { partySize: 1 }),
        await h.book(event.id, { partySize: 2 }),
      ];
      expect(waiting.map((w) => w.status)).toEqual(['waitlisted', 'waitlisted', 'waitlisted']);
      const saidToken = await h.reconfirmToken(said);
      await h.answer(saidToken, 'yes');
      await checkInDirectly(t, came.reservationId);
      const asked = [...silent, came].map((b) => b.reservationId);
      await h.makeDue(asked, ['reconfirm', 'release-warning']);
      await h.waitSent(asked, 'release-warning');

      const [warning] = await h.outboxOf(silent[0]!.reservationId, 'release-warning');
      expect(warning).toMatchObject({ status: 'sent', reminder_offset_minutes: (48 * 60 + 12 * 60) / 2 });
      const lastCall = (await h.mailsTo(silent[0]!.email, 3)).find((m) => /Last call/.test(m.subject))!;
      h.answerLinks(lastCall);

      const atDeadline = new Date(Date.parse(event.startsAt) - 11 * HOUR);
      const reports = await Promise.all([
        t.app.get(UnconfirmedRelease).releaseDue(atDeadline),
        worker.get(UnconfirmedRelease, { strict: false }).releaseDue(atDeadline),
      ]);
      expect(reports.reduce((sum, r) => sum + r.eventsReleased, 0)).toBe(1);
      expect(reports.reduce((sum, r) => sum + r.reservationsReleased, 0)).toBe(2);
      // Run again: nothing more.
      expect(await t.app.get(UnconfirmedRelease).releaseDue(atDeadline)).toEqual({
        eventsReleased: 0,
        reservationsReleased: 0,
      });

      for (const s of silent) {
        const row = await h.reservationRow(s.reservationId);
        expect(row.status).toBe('released');
        expect(row.released_at).not.toBeNull();
        expect(
          await h.outboxOf(s.reservationId, 'reminder').then((r) => r.filter((m) => m.status === 'pending')),
        ).toEqual([]);
      }
      expect((await h.reservationRow(said.reservationId)).status).toBe('confirmed');
      expect((await h.reservationRow(came.reservationId)).status).toBe('confirmed');
      // Three seats freed: the first waitlisted party of 2 and the next of 1 are confirmed; the last 2 still wait.
      expect((await h.reservationRow(waiting[0]!.reservationId)).status).toBe('confirmed');
      expect((await h.reservationRow(waiting[1]!.reservationId)).status).toBe('confirmed');
      expect((await h.reservationRow(waiting[2]!.reservationId)).status).toBe('waitlisted');
      const ledger = await seatLedger(t, event.id);
      h.expectLedgerRight(ledger);
      expect(ledger.confirmed_seats).toBe(6);

      // Each released attendee is told once, and the invite is withdrawn.
      for (const s of silent) {
        expect(await h.outboxOf(s.reservationId, 'released')).toHaveLength(1);
        const mails = await h.mailsTo(s.email, 4);
        const released = mails.filter((m) => /Seat released/.test(m.subject));
        expect(released).toHaveLength(1);
        expect(released[0]!.calendarPart?.method).toBe('CANCEL');
      }
      // The front desk sees who said yes, who has not, and who was released.
      const desk = htmlOf(await (await signInToPages(t, 'admin')).get(`/staff/events/${event.id}`));
      expect(desk).toMatch(new RegExp(`id="r-reconfirm-${said.reservationId}">Said they are coming`));
      expect(desk).toMatch(new RegExp(`id="r-reconfirm-${came.reservationId}">Has not reconfirmed`));
      expect(desk.match(/Released: did not reconfirm/g)).toHaveLength(2);
      // The answer page says what happened, not an error.
      const releasedToken = h.answerLinks(lastCall).token;
      const page = await request(baseUrl).get(`/reconfirm/${releasedToken}`).expect(200);
      expect(page.text).toContain('id="reconfirm-released"');
    });

    it('off by default: the job releases nothing', async () => {
      const event = await h.eventIn(7 * 24, { capacity: 2 });
      expect(event).toMatchObject({ releaseUnconfirmed: false, releaseDeadlineMinutes: 720 });
      const silent = await h.book(event.id, { partySize: 1 });
      const atDeadline = new Date(Date.parse(event.startsAt) - 11 * HOUR);
      await t.app.get(UnconfirmedRelease).releaseDue(atDeadline);
      expect((await h.reservationRow(silent.reservationId)).status).toBe('confirmed');
      const [row] = (await t.dataSource.query(`SELECT unconfirmed_released_at FROM events WHERE id = $1`, [
        event.id,
      ])) as { unconfirmed_released_at: Date | null }[];
      expect(row!.unconfirmed_released_at).toBeNull();
      // The periodic jobs run the release (nothing due now).
      expect(await t.app.get(AttendanceJobs).runOnce()).toMatchObject({ eventsReleased: 0, reservationsReleased: 0 });
    });
  });
});
