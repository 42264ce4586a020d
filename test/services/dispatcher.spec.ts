import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import ICAL from 'ical.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DispatcherService } from '../../src/notifications/dispatcher/dispatcher.service.js';
import { OutboxClaims } from '../../src/notifications/outbox/outbox-claims.js';
import { OutboxService } from '../../src/notifications/outbox/outbox.service.js';
import { sampleContext } from '../support/notification-fixtures.js';
import { enqueueMany, exited, FAST_DISPATCHER, outboxRows, spawnWorker } from '../support/outbox-helpers.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { startTestApp, testDatabaseUrl, type TestApp } from '../support/test-app.js';

/** DESIGN rule 5, end to end: real PostgreSQL, a real SMTP server, real dispatcher processes. */
describe('outbox dispatcher', () => {
  let sink: SmtpSink;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    sink = await SmtpSink.start();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
    sink.reset();
  });
  afterAll(() => sink.close());

  async function app(env: Record<string, string> = {}, options: { reset?: boolean } = {}): Promise<TestApp> {
    const t = await startTestApp({ ...FAST_DISPATCHER, SMTP_URL: sink.url, ...env }, options);
    apps.push(t);
    return t;
  }

  describe('every message is committed with the change that causes it', () => {
    it('a message enqueued in a transaction that rolls back is never sent; a committed one is', async () => {
      const t = await app();
      const outbox = t.app.get(OutboxService);
      await expect(
        t.dataSource.transaction(async (manager) => {
          await outbox.enqueue(manager, { kind: 'confirmation', context: sampleContext() });
          throw new Error('the booking failed after the message was written');
        }),
      ).rejects.toThrow('the booking failed');

      const dispatcher = t.app.get(DispatcherService);
      expect(await dispatcher.dispatchBatch()).toBe(0);
      expect(await outboxRows(t.dataSource)).toEqual([]);

      const [committed] = await enqueueMany(t, 1);
      expect(await dispatcher.dispatchBatch()).toBe(1);
      expect(sink.messageIds()).toEqual([committed!.messageId]);
    });

    it('refuses to write a message outside a transaction', async () => {
      const t = await app();
      await expect(
        t.app.get(OutboxService).enqueue(t.dataSource.manager, { kind: 'confirmation', context: sampleContext() }),
      ).rejects.toThrow(/transaction/);
    });
  });

  describe('the dispatcher runs inside the app by default and sends what the invite rules ask', () => {
    it('delivers a committed confirmation with text, HTML, a text/calendar REQUEST part, an invite.ics attachment and the row’s Message-ID', async () => {
      const t = await app({ DISPATCHER_ENABLED: 'true' });
      const context = sampleContext({
        event: { title: 'Back pain\r\nBcc: victim@evil.example' },
        reservation: { name: 'Ada\r\nX-Evil: 1' },
      });
      const enqueued = await t.dataSource.transaction((manager) =>
        t.app.get(OutboxService).enqueue(manager, { kind: 'confirmation', context }),
      );
      await sink.waitUntil('the confirmation arrives', () => sink.received.length === 1);
      await sink.waitUntil('it is marked sent', async () => (await outboxRows(t.dataSource))[0]!.status === 'sent');

      const mail = sink.received[0]!;
      expect(mail.messageId).toBe(enqueued.messageId);
      expect(mail.recipients).toEqual(['ada@guest.example']);
      const parsed = await sink.parse(mail);
      expect(parsed.subject).toBe('Confirmed: Back pain Bcc: victim@evil.example, Monday, March 9, 2026');
      expect(parsed.headers.has('bcc')).toBe(false);
      expect(parsed.headers.has('x-evil')).toBe(false);
      expect(parsed.to).toMatchObject({ value: [{ address: 'ada@guest.example', name: 'Ada X-Evil: 1' }] });
      expect(parsed.from).toMatchObject({
        value: [{ address: 'no-reply@seminars.test', name: 'Lakeside Back Clinic' }],
      });
      expect(parsed.replyTo).toMatchObject({ value: [{ address: 'seminars@lakeside.example' }] });
      // The local time in the event's zone (Intl puts thin spaces around the dash).
      expect(parsed.text).toMatch(/Monday, March 9, 2026, 6:00\s–\s7:30\sPM \(Central Time\)/);
      expect(parsed.text).toContain(context.manageUrl);
      expect(parsed.text).toContain('https://calendar.google.com/calendar/render?action=TEMPLATE');
      expect(parsed.html).toContain(`href="${context.manageUrl}"`);

      const raw = mail.raw.toString('utf8');
      expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
      const ics = parsed.attachments.find((a) => a.filename === 'invite.ics');
      expect(ics?.contentDisposition).toBe('attachment');
      const calendar = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8')));
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')).toBe(
        `${context.reservation.id}@booking.test`,
      );

      const [row] = await outboxRows(t.dataSource);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null, locked_until: null, payload: null });
      expect(row!.sent_at).toBeInstanceOf(Date);
    });

    it('shutting down waits for the sends in flight', async () => {
      const t = await app({ DISPATCHER_ENABLED: 'true' });
      sink.slowDown(300);
      await enqueueMany(t, 5);
      await sink.waitUntil('the batch is claimed', async () =>
        (await outboxRows(t.dataSource)).every((row) => row.attempts === 1),
      );
      await t.close();
      apps.splice(apps.indexOf(t), 1);

      expect(sink.received).toHaveLength(5);
      const client = new pg.Client({ connectionString: testDatabaseUrl() });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT status, count(*)::int AS n FROM outbox_messages GROUP BY status`);
        expect(rows).toEqual([{ status: 'sent', n: 5 }]);
      } finally {
        await client.end();
      }
    });
  });

  describe('safe to run in any number of instances', () => {
    it('two dispatchers racing over 1,000 due messages deliver each exactly once', async () => {
      // Leases long enough that none runs out on a loaded machine: this is about two live dispatchers, and
      // a lease running out (a claim made again) is the SIGKILL test's subject below.
      const first = await app({ DISPATCHER_LEASE_MS: '60000' });
      const second = await app({ DISPATCHER_LEASE_MS: '60000' }, { reset: false });
      const enqueued = await enqueueMany(first, 1000);

      const claimedBy = [first, second].map((t) => {
        const claims = t.app.get(OutboxClaims);
        const counter = { claimed: 0 };
        const claimDue = claims.claimDue.bind(claims);
        jest.spyOn(claims, 'claimDue').mockImplementation(async (limit, leaseMs) => {
          const batch = await claimDue(limit, leaseMs);
          counter.claimed += batch.length;
          return batch;
        });
        return counter;
      });
      first.app.get(DispatcherService).start();
      second.app.get(DispatcherService).start();

      await sink.waitUntil(
        'every row is sent',
        async () => {
          const [{ pending }] = await first.dataSource.query(
            `SELECT count(*)::int AS pending FROM outbox_messages WHERE status <> 'sent'`,
          );
          return pending === 0;
        },
        60_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 200)); // room for a late duplicate to show up

      const ids = sink.messageIds();
      expect(ids).toHaveLength(1000);
      expect(new Set(ids).size).toBe(1000);
      expect(new Set(ids)).toEqual(new Set(enqueued.map((m) => m.messageId)));
      expect(claimedBy[0]!.claimed + claimedBy[1]!.claimed).toBe(1000);
      expect(claimedBy[0]!.claimed).toBeGreaterThan(0);
      expect(claimedBy[1]!.claimed).toBeGreaterThan(0);
    });
  });

  describe('failures retry with backoff and are recorded', () => {
    it('while the SMTP server refuses mail, messages retry with growing waits and are delivered once it accepts again', async () => {
      const t = await app({ DISPATCHER_ENABLED: 'true' });
      sink.refuse();
      const enqueued = await enqueueMany(t, 3);
      await sink.waitUntil('each message has been refused three times', () =>
        enqueued.every((m) => sink.refused.filter((r) => r.messageId === m.messageId).length >= 3),
      );
      const rowsWhileRefused = await outboxRows(t.dataSource);
      expect(rowsWhileRefused.every((row) => row.status === 'pending' && /451/.test(row.last_error ?? ''))).toBe(true);
      sink.accept();
      await sink.waitUntil('all three are delivered and recorded', async () =>
        (await outboxRows(t.dataSource)).every((row) => row.status === 'sent'),
      );

      expect(new Set(sink.messageIds())).toEqual(new Set(enqueued.map((m) => m.messageId)));
      for (const row of await outboxRows(t.dataSource)) {
        const refusals = sink.refused.filter((r) => r.messageId === row.message_id).map((r) => r.refusedAt);
        expect(row.attempts).toBe(refusals.length + 1);
        expect(row.last_error).toMatch(/451.*try again later/i);
        // Each wait is at least the backoff for that attempt: 200 ms, then 400, 800… (clock slack of 25 ms).
        const waits = refusals.slice(1).map((at, i) => at - refusals[i]!);
        waits.forEach((wait, i) => expect(wait).toBeGreaterThanOrEqual(200 * 2 ** i - 25));
        expect(waits[1]!).toBeGreaterThan(waits[0]!);
      }
    });

    it('after the retry limit the message is failed with its last error, and is not tried again', async () => {
      const t = await app({
        DISPATCHER_ENABLED: 'true',
        DISPATCHER_MAX_ATTEMPTS: '3',
        DISPATCHER_BACKOFF_BASE_MS: '50',
      });
      sink.refuse();
      const [message] = await enqueueMany(t, 1);
      await sink.waitUntil(
        'the message is given up',
        async () => (await outboxRows(t.dataSource))[0]!.status === 'failed',
      );

      const [row] = await outboxRows(t.dataSource);
      expect(row).toMatchObject({ status: 'failed', attempts: 3, locked_until: null, sent_at: null });
      expect(row!.last_error).toMatch(/451/);
      sink.accept();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sink.refused.filter((r) => r.messageId === message!.messageId)).toHaveLength(3);
      expect(sink.received).toHaveLength(0);
    });
  });

  describe('a crash never loses a message', () => {
    it('a worker killed with SIGKILL mid-batch loses nothing; the next one delivers the rest, duplicates only with the same Message-ID', async () => {
      const t = await app();
      const enqueued = await enqueueMany(t, 300);
      const workerEnv = {
        ...FAST_DISPATCHER,
        DISPATCHER_LEASE_MS: '2000',
        DATABASE_URL: testDatabaseUrl(),
        SMTP_URL: sink.url,
      };
      sink.slowDown(20);

      const doomed = spawnWorker(workerEnv);
      await sink
        .waitUntil('the first worker is sending', () => sink.received.length >= 60, 30_000)
        .catch((error: Error) => {
          throw new Error(`${error.message}\n${doomed.output()}`);
        });
      doomed.kill('SIGKILL');
      expect(await exited(doomed)).toEqual({ code: null, signal: 'SIGKILL' });
      const [{ held }] = await t.dataSource.query(
        `SELECT count(*)::int AS held FROM outbox_messages WHERE status = 'pending' AND locked_until > now()`,
      );
      expect(held).toBeGreaterThan(0); // claimed by the dead worker, never recorded

      const successor = spawnWorker(workerEnv);
      try {
        await sink.waitUntil(
          'every row is sent',
          async () => (await outboxRows(t.dataSource)).every((row) => row.status === 'sent'),
          30_000,
        );
      } finally {
        successor.kill('SIGTERM');
        expect(await exited(successor)).toEqual({ code: 0, signal: null });
      }

      const expected = new Set(enqueued.map((m) => m.messageId));
      const received = sink.messageIds();
      expect(new Set(received)).toEqual(expected);
      // A duplicate is the same e-mail again: same Message-ID, same recipient, same content.
      const firstCopy = new Map<string, string>();
      for (const mail of sink.received) {
        const recipients = mail.recipients.join(',');
        expect(firstCopy.get(mail.messageId) ?? recipients).toBe(recipients);
        firstCopy.set(mail.messageId, recipients);
      }
      expect(received.length - expected.size).toBeLessThanOrEqual(50); // at most the batch in flight
    });
  });

  describe('with no SMTP configured', () => {
    let outboxDir: string;
    beforeAll(() => {
      outboxDir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
    });
    afterAll(() => rmSync(outboxDir, { recursive: true, force: true }));

    it('each message lands as an .eml file in the outbox directory, with one log line that names no one', async () => {
      const t = await app({ SMTP_URL: '', MAIL_OUTBOX_DIR: outboxDir });
      const logged = jest.spyOn(Logger.prototype, 'log');
      try {
        const enqueued = await enqueueMany(t, 2);
        expect(await t.app.get(DispatcherService).dispatchBatch()).toBe(2);

        const rows = await outboxRows(t.dataSource);
        expect(rows.map((row) => row.status)).toEqual(['sent', 'sent']);
        expect(readdirSync(outboxDir).sort()).toEqual(rows.map((row) => `${row.id}.eml`).sort());
        const first = rows.find((row) => row.message_id === enqueued[0]!.messageId)!;
        const raw = readFileSync(path.join(outboxDir, `${first.id}.eml`));
        expect(raw.toString('utf8')).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
        const parsed = await sink.parse({ raw, messageId: '', recipients: [], receivedAt: 0 });
        expect(parsed.messageId).toBe(first.message_id);
        expect(parsed.to).toMatchObject({ value: [{ address: 'guest0@guest.example' }] });
        expect(sink.received).toHaveLength(0);

        const lines = logged.mock.calls
          .map(([message]) => JSON.stringify(message))
          .filter((line) => line.includes('outbox directory'));
        expect(lines).toHaveLength(2);
        for (const line of lines) {
          expect(line).not.toMatch(/guest\d@guest\.example|Guest \d|manage\/token/);
        }
      } finally {
        logged.mockRestore();
      }
    });
  });
});
