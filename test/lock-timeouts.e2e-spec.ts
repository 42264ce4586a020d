import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { EventSeats } from '../src/events/event-seats.js';
import {
  attendee,
  createClinic,
  createPublishedEvent,
  JsonClient,
  listen,
  reserve,
  type ClinicBody,
} from './support/booking-fixtures.js';
import { PostgresSession, until } from './support/postgres-sessions.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/*
 * DESIGN rule 12: a stuck lock answers a clear 503, never a hang, and never takes other events down with it;
 * DESIGN rule 1's lock order: a transaction never locks an event after the ones it took together.
 * The bounds are short here so the suite is quick; production defaults are in the README.
 */
const LOCK_MS = 1500;
const STATEMENT_MS = 2500;
const CONNECT_MS = 400;
/** Time for the request around the wait itself (HTTP, the app, a loaded CI machine). */
const SLACK_MS = 1000;

const elapsedSince = (started: number) => performance.now() - started;

describe('bounded waits and one lock order', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicBody;
  let client: JsonClient;
  let holder: PostgresSession;
  let observer: PostgresSession;

  beforeAll(async () => {
    t = await startTestApp({
      DATABASE_LOCK_TIMEOUT_MS: String(LOCK_MS),
      DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_MS),
    });
    client = new JsonClient(await listen(t), { timeoutMs: 20_000 });
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth);
    holder = await PostgresSession.open();
    observer = await PostgresSession.open();
  });
  afterEach(async () => {
    await holder.query('ROLLBACK');
  });
  afterAll(async () => {
    await holder?.close();
    await observer?.close();
    client?.close();
    await t?.close();
  });

  const newEvent = async (capacity = 50) => (await createPublishedEvent(t, admin.auth, clinic.slug, { capacity })).id;

  describe('DESIGN rule 12: a lock held elsewhere answers 503 within DATABASE_LOCK_TIMEOUT_MS', () => {
    it('a reservation on an event another transaction has locked is 503 SERVICE_UNAVAILABLE with Retry-After, not a hang', async () => {
      const hot = await newEvent();
      await holder.holdEventLock(hot);

      const started = performance.now();
      const response = await reserve(t, hot).timeout(LOCK_MS + STATEMENT_MS + SLACK_MS);
      const took = elapsedSince(started);

      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: expect.any(String),
        details: { reason: 'lock-timeout' },
      });
      expect(response.headers['retry-after']).toBe('1');
      expect(took).toBeGreaterThanOrEqual(LOCK_MS - 50);
      expect(took).toBeLessThan(LOCK_MS + SLACK_MS);
    });

    it('meanwhile another event books at once, and the hot one books again once the lock is gone', async () => {
      const hot = await newEvent();
      const quiet = await newEvent();
      await holder.holdEventLock(hot);

      const started = performance.now();
      expect((await reserve(t, quiet)).status).toBe(201);
      expect(elapsedSince(started)).toBeLessThan(SLACK_MS);

      await holder.query('ROLLBACK');
      expect((await reserve(t, hot)).status).toBe(201);
    });

    it('requests queued behind a stuck event give up together after one lock wait, on one connection, while other events book', async () => {
      const hot = await newEvent();
      const quiet = await newEvent();
      await holder.holdEventLock(hot);
      // More than the pool's 20 connections. The event's reservations queue in the instance and reach the
      // database one batch at a time (group commit), so they hold one connection, not the pool: when the lock
      // wait runs out, the batch and everyone queued behind it get 503 lock-timeout at once.
      const queued = Promise.all(
        Array.from({ length: 26 }, () => client.request('POST', `/api/events/${hot}/reservations`, attendee())),
      );
      const started = performance.now();
      expect((await reserve(t, quiet)).status).toBe(201);
      expect(elapsedSince(started)).toBeLessThan(SLACK_MS);

      const answers = await queued;
      const outcomes = answers.map((answer) => `${answer.status} ${answer.body?.code} ${answer.body?.details?.reason}`);
      expect(outcomes).toEqual(Array(26).fill('503 SERVICE_UNAVAILABLE lock-timeout'));
      expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(LOCK_MS + SLACK_MS);

      await holder.query('ROLLBACK');
      expect((await reserve(t, hot)).status).toBe(201);
    });

    it('a statement stuck behind any other lock is cancelled by DATABASE_STATEMENT_TIMEOUT_MS: 503', async () => {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE clinics IN ACCESS EXCLUSIVE MODE');

      const started = performance.now();
      const response = await t
        .http()
        .get('/api/clinics')
        .timeout(STATEMENT_MS + SLACK_MS * 3);
      const took = elapsedSince(started);

      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { reason: 'statement-timeout' } });
      expect(response.headers['retry-after']).toBeDefined();
      expect(took).toBeGreaterThanOrEqual(STATEMENT_MS - 50);
      expect(took).toBeLessThan(STATEMENT_MS + SLACK_MS);
    });

    it('the seat lock refuses to run outside a transaction (where it would protect nothing)', async () => {
      const event = await newEvent();
      await expect(t.app.get(EventSeats).lockEvent(t.dataSource.manager, event)).rejects.toThrow(
        /inside the caller's transaction/,
      );
      await expect(t.app.get(EventSeats).lockEvents(t.dataSource.manager, [event])).rejects.toThrow(
        /inside the caller's transaction/,
      );
    });
  });

  describe('DESIGN rule 1, lock order: a switch locks both events at once and never a third', () => {
    /*
     * The intermittent 500 of issue 10. A switch read its reservation (in A), locked A and B in id order,
     * then read the reservation again and locked the event it found it in. If another switch had moved it
     * to C meanwhile, that was a third lock, out of order: against a transaction that had changed C and
     * now waited for A, a deadlock. Here `holder` plays the other switch (it moves the reservation while
     * the app waits for A) and `other` the transaction that changes C, then A.
     */
    it('a switch whose reservation moved while it waited answers RESERVATION_CHANGED, and the transaction holding the third event is not deadlocked', async () => {
      const [a, b, c] = [await newEvent(), await newEvent(), await newEvent()];
      const booked = await reserve(t, a).expect(201);
      const other = await PostgresSession.open();
      try {
        await holder.holdEventLock(a);
        const switching = client.request('POST', `/api/reservations/manage/${booked.body.manageToken}/switch`, {
          eventId: b,
        });
        await until(async () => (await observer.appSessionsWaitingForLocks()) === 1, 'the switch to wait for event A');
        await holder.query('UPDATE reservations SET event_id = $2 WHERE id = $1', [booked.body.reservationId, c]);

        await other.query('BEGIN');
        await other.query('UPDATE events SET updated_at = now() WHERE id = $1', [c]);
        const otherChangesA = other.query('UPDATE events SET updated_at = now() WHERE id = $1', [a]).then(
          () => 'done',
          (error: { code?: string }) => `failed ${error.code}`,
        );
        await until(() => observer.isWaitingForLock(other.pid), 'the other transaction to wait for event A');
        await holder.query('COMMIT');

        const answer = await switching;
        expect({ status: answer.status, code: answer.body?.code }).toEqual({
          status: 409,
          code: 'RESERVATION_CHANGED',
        });
        expect(await otherChangesA).toBe('done');
      } finally {
        await other.query('ROLLBACK').catch(() => undefined);
        await other.close();
      }
    });
  });
});
