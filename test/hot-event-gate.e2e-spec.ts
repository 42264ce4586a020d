import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ReservationsService } from '../src/reservations/reservations.service.js';
import { HOT_EVENT_SHARE } from '../src/reservations/hot-event-gate.js';
import {
  attendee,
  createClinic,
  createPublishedEvent,
  JsonClient,
  listen,
  seatLedger,
} from './support/booking-fixtures.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/**
 * A hot event's fair share (src/reservations/hot-event-gate.ts), through real HTTP and PostgreSQL: while
 * other requests are being served, no more than HOT_EVENT_SHARE of one event's reservations reach the
 * booking service at once; the rest wait their turn and every one of them is answered, once, in order.
 */
describe('a hot event takes turns while others are served', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinicSlug: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinicSlug = (await createClinic(t, admin.auth)).slug;
  });
  afterAll(() => t.close());

  it(`holds one event to ${HOT_EVENT_SHARE} reservations in flight, answers all of them, and oversells nothing`, async () => {
    const hot = await createPublishedEvent(t, admin.auth, clinicSlug, { capacity: 30 });
    const quiet = await createPublishedEvent(t, admin.auth, clinicSlug, { capacity: 30 });
    const service = t.app.get(ReservationsService);
    const original = service.reserveSeats.bind(service);
    let inFlight = 0;
    let most = 0;
    const counted = jest.spyOn(service, 'reserveSeats').mockImplementation(async (...args) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await original(...args);
      } finally {
        inFlight -= 1;
      }
    });
    const client = new JsonClient(await listen(t), { timeoutMs: 30_000 });
    let reading = true;
    try {
      // Someone keeps reading the other event: the instance is shared the whole time.
      const reads: number[] = [];
      const reader = (async () => {
        while (reading) reads.push((await client.request('GET', `/api/events/${quiet.id}`)).status);
      })();
      await client.request('GET', `/api/events/${quiet.id}`);
      const people = Array.from({ length: 80 }, () => attendee());
      const answers = await Promise.all(
        people.map((body) => client.request('POST', `/api/events/${hot.id}/reservations`, body)),
      );
      reading = false;
      await reader;

      expect(answers.every((answer) => answer.status === 201 || answer.status === 409)).toBe(true);
      expect(answers.filter((answer) => answer.body.status === 'confirmed')).toHaveLength(30);
      expect(most).toBeGreaterThan(1);
      expect(most).toBeLessThanOrEqual(HOT_EVENT_SHARE);
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.every((status) => status === 200)).toBe(true);
      const ledger = await seatLedger(t, hot.id);
      expect(ledger).toMatchObject({ confirmed_seats: 30, confirmed_sum: 30, confirmed_count: 30 });
    } finally {
      reading = false;
      counted.mockRestore();
      client.close();
    }
  });
});
