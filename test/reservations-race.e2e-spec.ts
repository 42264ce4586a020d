import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createClinic,
  createPublishedEvent,
  JsonClient,
  listReservations,
  listen,
  seatLedger,
  terminateOtherSessions,
  type ClinicBody,
  type JsonAnswer,
} from './support/booking-fixtures.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

const REQUESTS = Number(process.env.RACE_REQUESTS ?? 200);
const SEATS = Number(process.env.RACE_SEATS ?? 50);
/** An answer that has not come within this is a hang (e.g. a deadlock), not slowness. */
const REQUEST_TIMEOUT_MS = 20_000;

/**
 * DESIGN rules 1 and 3 under load: 200 people press "reserve" at the same moment for 50 seats, on one
 * app instance and on two instances sharing the database. Real sockets, real PostgreSQL.
 */
describe('reservation race: never oversold, waiting list in arrival order', () => {
  let first: TestApp;
  let second: TestApp;
  let admin: SignedIn;
  let clinic: ClinicBody;
  let clients: { one: JsonClient[]; two: JsonClient[] };

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({}, { reset: false }); // a second instance on the same database
    admin = await signInNewUser(first, 'admin');
    clinic = await createClinic(first, admin.auth);
    const a = new JsonClient(await listen(first), { timeoutMs: REQUEST_TIMEOUT_MS });
    const b = new JsonClient(await listen(second), { timeoutMs: REQUEST_TIMEOUT_MS });
    clients = { one: [a], two: [a, b] };
  });
  afterAll(async () => {
    for (const client of new Set([...clients.one, ...clients.two])) client.close();
    await second?.close();
    await first?.close();
  });

  async function race(eventId: string, servers: JsonClient[]): Promise<{ answers: JsonAnswer[]; ms: number }> {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        servers[i % servers.length].request('POST', `/api/events/${eventId}/reservations`, {
          name: `Racer ${i}`,
          email: `racer-${i}-${eventId.slice(0, 8)}@example.org`,
          consent: { privacyPolicy: true },
        }),
      ),
    );
    const unanswered = answers.filter((a) => a.status === 0).length;
    if (unanswered > 0) {
      // Stuck transactions would also stall the next tests and closing the apps: end their sessions.
      const ended = await terminateOtherSessions();
      console.log(
        `${unanswered} of ${answers.length} reservation requests got no answer within ${REQUEST_TIMEOUT_MS} ms; ended ${ended} stuck sessions`,
      );
    }
    return { answers, ms: Math.round(performance.now() - started) };
  }

  function report(label: string, answers: JsonAnswer[], ms: number) {
    const confirmed = answers.filter((a) => a.status === 201 && a.body.status === 'confirmed').length;
    const waitlisted = answers.filter((a) => a.status === 201 && a.body.status === 'waitlisted').length;
    const full = answers.filter((a) => a.status === 409 && a.body.code === 'EVENT_FULL').length;
    console.log(
      `${label}: ${answers.length} requests, ${confirmed} confirmed seats, ${waitlisted} waitlisted, ${full} EVENT_FULL, ${ms} ms`,
    );
    return { confirmed, waitlisted, full };
  }

  describe.each([
    ['one app instance', 'one'],
    ['two app instances on one database', 'two'],
  ] as const)('%s', (label, which) => {
    it(`waiting list on: exactly ${SEATS} confirmed, ${REQUESTS - SEATS} waitlisted at positions 1..${REQUESTS - SEATS} in arrival order`, async () => {
      const event = await createPublishedEvent(first, admin.auth, clinic.slug, { capacity: SEATS, maxPartySize: 1 });
      const { answers, ms } = await race(event.id, clients[which]);
      const figures = report(`race, waiting list on, ${label}`, answers, ms);

      expect(answers.filter((a) => a.status >= 500 || a.status === 0).length).toBe(0);
      expect(answers.map((a) => a.status)).toEqual(Array(REQUESTS).fill(201));
      expect(figures).toEqual({ confirmed: SEATS, waitlisted: REQUESTS - SEATS, full: 0 });
      const positions = answers
        .filter((a) => a.body.status === 'waitlisted')
        .map((a) => a.body.waitlistPosition as number);
      expect([...positions].sort((x, y) => x - y)).toEqual(Array.from({ length: REQUESTS - SEATS }, (_, i) => i + 1));

      expect(await seatLedger(first, event.id)).toMatchObject({
        capacity: SEATS,
        confirmed_seats: SEATS,
        confirmed_sum: SEATS,
        confirmed_count: SEATS,
        waitlisted_count: REQUESTS - SEATS,
      });

      const list = await listReservations(first, admin.auth, event.id);
      expect(list.counts).toEqual({
        capacity: SEATS,
        confirmedSeats: SEATS,
        waitlistedSeats: REQUESTS - SEATS,
        seatsLeft: 0,
      });
      const waiting = list.reservations.filter((r) => r.status === 'waitlisted');
      // Listed in queue order, positions 1..150 without gaps...
      expect(waiting.map((r) => r.waitlistPosition)).toEqual(Array.from({ length: REQUESTS - SEATS }, (_, i) => i + 1));
      // ...each the position its attendee was told when reserving...
      const toldPosition = new Map(
        answers.map((a) => [a.body.reservationId as string, a.body.waitlistPosition as number | null]),
      );
      for (const row of waiting) expect([row.id, toldPosition.get(row.id)]).toEqual([row.id, row.waitlistPosition]);
      // ...and in the order the reservations were created: first come, first served.
      const created = waiting.map((r) => Date.parse(r.createdAt));
      const outOfOrder = created.flatMap((at, i) =>
        i > 0 && at < created[i - 1] ? [[waiting[i - 1], waiting[i]]] : [],
      );
      expect(outOfOrder).toEqual([]);
      const lastConfirmed = Math.max(
        ...list.reservations.filter((r) => r.status === 'confirmed').map((r) => Date.parse(r.createdAt)),
      );
      expect(lastConfirmed).toBeLessThanOrEqual(Math.min(...created));
    });

    it(`waiting list off: exactly ${SEATS} confirmed, ${REQUESTS - SEATS} refused with 409 EVENT_FULL`, async () => {
      const event = await createPublishedEvent(first, admin.auth, clinic.slug, {
        capacity: SEATS,
        maxPartySize: 1,
        waitlistEnabled: false,
      });
      const { answers, ms } = await race(event.id, clients[which]);
      const figures = report(`race, waiting list off, ${label}`, answers, ms);

      expect(answers.filter((a) => a.status >= 500 || a.status === 0).length).toBe(0);
      expect(figures).toEqual({ confirmed: SEATS, waitlisted: 0, full: REQUESTS - SEATS });
      for (const refused of answers.filter((a) => a.status !== 201)) {
        expect(refused.body).toMatchObject({ statusCode: 409, code: 'EVENT_FULL' });
      }
      expect(await seatLedger(first, event.id)).toMatchObject({
        capacity: SEATS,
        confirmed_seats: SEATS,
        confirmed_sum: SEATS,
        confirmed_count: SEATS,
        waitlisted_count: 0,
      });
    });
  });
});
