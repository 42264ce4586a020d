import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { DispatcherService } from '../../src/notifications/dispatcher/dispatcher.service.js';
import type { MessageContext } from '../../src/notifications/notification-context.js';
import { OutboxService } from '../../src/notifications/outbox/outbox.service.js';
import { ReminderScheduler } from '../../src/reminders/reminder-scheduler.js';
import { type ContextOverrides, sampleContext } from '../support/notification-fixtures.js';
import { FAST_DISPATCHER, outboxRows } from '../support/outbox-helpers.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** DESIGN rule 6 through the outbox API the reservations code calls, on real PostgreSQL. */
describe('outbox API for the booking rules', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let outbox: OutboxService;
  let scheduler: ReminderScheduler;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({ ...FAST_DISPATCHER, SMTP_URL: sink.url });
    outbox = t.app.get(OutboxService);
    scheduler = t.app.get(ReminderScheduler);
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });
  beforeEach(async () => {
    await t.dataSource.query('DELETE FROM outbox_messages');
    sink.reset();
  });

  const inTransaction = <T>(work: (manager: EntityManager) => Promise<T>) => t.dataSource.transaction(work);
  const startingIn = (ms: number, overrides: ContextOverrides = {}): MessageContext =>
    sampleContext({
      ...overrides,
      event: { startsAt: new Date(Date.now() + ms), endsAt: new Date(Date.now() + ms + HOUR), ...overrides.event },
    });
  const pendingReminders = async () =>
    (await outboxRows(t.dataSource)).filter((row) => row.kind === 'reminder' && row.status === 'pending');
  const sendDueNow = async () => {
    await t.dataSource.query(`UPDATE outbox_messages SET due_at = now() WHERE status = 'pending'`);
    return t.app.get(DispatcherService).dispatchBatch();
  };

  describe('reminders go to confirmed reservations only, at each offset before the start, once', () => {
    it('schedules one reminder per offset still in the future, due that long before the start', async () => {
      const context = startingIn(3 * DAY);
      expect(await inTransaction((m) => scheduler.schedule(m, context, [1440, 60]))).toBe(2);
      const reminders = await pendingReminders();
      expect(reminders.map((r) => [r.reminder_offset_minutes, r.due_at.getTime()]).sort()).toEqual(
        [
          [1440, context.event.startsAt.getTime() - DAY],
          [60, context.event.startsAt.getTime() - HOUR],
        ].sort(),
      );
    });

    it('skips a reminder whose time had already passed when the seat was booked', async () => {
      const context = startingIn(2 * HOUR);
      expect(await inTransaction((m) => scheduler.schedule(m, context, [1440, 60]))).toBe(1);
      expect((await pendingReminders()).map((r) => r.reminder_offset_minutes)).toEqual([60]);
    });

    it('schedules nothing for a waitlisted reservation', async () => {
      const context = startingIn(3 * DAY, { reservation: { status: 'waitlisted' } });
      expect(await inTransaction((m) => scheduler.schedule(m, context, [1440, 60]))).toBe(0);
      expect(await pendingReminders()).toEqual([]);
    });

    it('scheduling again (say, after a promotion) replaces the pending reminders instead of doubling them', async () => {
      const context = startingIn(3 * DAY);
      await inTransaction((m) => scheduler.schedule(m, context, [1440, 60]));
      await inTransaction((m) => scheduler.schedule(m, context, [1440, 60]));
      expect(await pendingReminders()).toHaveLength(2);
    });
  });

  describe('cancelling drops unsent reminders', () => {
    it('cancelPendingForReservation drops that reservation’s reminders and nothing else by default', async () => {
      const mine = startingIn(3 * DAY);
      const other = startingIn(3 * DAY, {
        event: { id: mine.event.id },
        reservation: { email: 'grace@guest.example', name: 'Grace Hopper' },
      });
      await inTransaction(async (m) => {
        await outbox.enqueue(m, { kind: 'confirmation', context: mine });
        await scheduler.schedule(m, mine, [1440, 60]);
        await scheduler.schedule(m, other, [1440, 60]);
      });
      expect(await inTransaction((m) => outbox.cancelPendingForReservation(m, mine.reservation.id))).toBe(2);

      const rows = await outboxRows(t.dataSource);
      const of = (email: string) =>
        rows
          .filter((r) => r.recipient_email === email)
          .map((r) => [r.kind, r.status, r.payload === null])
          .sort();
      expect(of('ada@guest.example')).toEqual([
        ['confirmation', 'pending', false],
        ['reminder', 'cancelled', true],
        ['reminder', 'cancelled', true],
      ]);
      expect(of('grace@guest.example')).toEqual([
        ['reminder', 'pending', false],
        ['reminder', 'pending', false],
      ]);
      expect(await sendDueNow()).toBe(3);
    });

    it('cancelPendingForEvent drops every reminder of the event', async () => {
      const first = startingIn(3 * DAY);
      const second = startingIn(3 * DAY, { event: { id: first.event.id } });
      await inTransaction(async (m) => {
        await scheduler.schedule(m, first, [1440, 60]);
        await scheduler.schedule(m, second, [1440, 60]);
      });
      expect(await inTransaction((m) => outbox.cancelPendingForEvent(m, first.event.id))).toBe(4);
      expect(await sendDueNow()).toBe(0);
    });
  });

  describe('rescheduling moves unsent reminders', () => {
    it('each reminder is due its offset before the new start and tells the new time; one whose time has passed is dropped', async () => {
      const context = startingIn(3 * DAY);
      await inTransaction((m) => scheduler.schedule(m, context, [1440, 60]));

      const newStart = new Date(Date.now() + 2 * HOUR);
      const moved = {
        ...context.event,
        startsAt: newStart,
        endsAt: new Date(newStart.getTime() + HOUR),
        title: 'Healthy backs, new date',
        sequence: 1,
      };
      expect(await inTransaction((m) => scheduler.move(m, moved))).toEqual({ moved: 1, dropped: 1 });

      const [reminder] = await pendingReminders();
      expect(reminder!.reminder_offset_minutes).toBe(60);
      expect(reminder!.due_at.getTime()).toBe(newStart.getTime() - HOUR);
      expect(reminder!.payload!.event.startsAt).toBe(newStart.toISOString());

      expect(await sendDueNow()).toBe(1);
      const mail = await sink.parse(sink.received[0]!);
      expect(mail.subject).toBe('Reminder: Healthy backs, new date starts in 1 hour');
    });
  });

  describe('erasure on request (rule 8)', () => {
    it('forgetReservation drops the unsent messages and keeps no address or content', async () => {
      const context = startingIn(3 * DAY);
      await inTransaction(async (m) => {
        await outbox.enqueue(m, { kind: 'confirmation', context });
        await scheduler.schedule(m, context, [1440]);
      });
      await t.app.get(DispatcherService).dispatchBatch(); // the confirmation goes out
      await inTransaction((m) => outbox.forgetReservation(m, context.reservation.id));

      const rows = await outboxRows(t.dataSource);
      expect(rows.map((r) => [r.kind, r.status, r.recipient_email, r.payload]).sort()).toEqual([
        ['confirmation', 'sent', 'erased', null],
        ['reminder', 'cancelled', 'erased', null],
      ]);
    });
  });
});
