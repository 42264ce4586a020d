import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  attendee,
  createClinic,
  createEvent,
  createPublishedEvent,
  dumpDatabaseText,
  fromNow,
  listReservations,
  listen,
  reserve,
  seatLedger,
  type ClinicBody,
} from './support/booking-fixtures.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/** DESIGN rules 1-4 and 8-9 for attendees, one by one, through real HTTP on real PostgreSQL. */
describe('reservations', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicBody;

  beforeAll(async () => {
    t = await startTestApp();
    await listen(t); // several tests send requests at once
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth);
  });
  afterAll(() => t.close());

  const published = (overrides: Record<string, unknown> = {}) =>
    createPublishedEvent(t, admin.auth, clinic.slug, overrides);
  const manage = (token: string) => `/api/reservations/manage/${token}`;

  describe('reserving: confirmed or waitlisted (rules 1 and 3)', () => {
    it('confirms a seat while there is room, with a code, a manage link and the public event', async () => {
      const event = await published({ capacity: 3 });
      const response = await reserve(t, event.id, attendee({ partySize: 2, phone: '+1 312 555 0101' })).expect(201);
      expect(response.body).toEqual({
        reservationId: expect.any(String),
        status: 'confirmed',
        confirmationCode: expect.stringMatching(/^[A-Z0-9-]{4,12}$/),
        partySize: 2,
        waitlistPosition: null,
        manageToken: expect.any(String),
        manageUrl: `http://booking.test/manage/${response.body.manageToken}`,
        event: expect.objectContaining({ id: event.id, seatsLeft: 1, capacity: 3, status: 'published' }),
      });
      // at least 128 random bits: 22 base64url characters or more
      expect(response.body.manageToken.length).toBeGreaterThanOrEqual(22);
      expect(response.headers['cache-control']).toMatch(/no-store/);
    });

    it('puts a newcomer on the waiting list once the event is full, in arrival order', async () => {
      const event = await published({ capacity: 1 });
      await reserve(t, event.id).expect(201);
      const first = await reserve(t, event.id).expect(201);
      const second = await reserve(t, event.id).expect(201);
      expect(first.body).toMatchObject({
        status: 'waitlisted',
        waitlistPosition: 1,
        event: { seatsLeft: 0, waitlistOpen: true },
      });
      expect(second.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
      expect(await seatLedger(t, event.id)).toMatchObject({
        capacity: 1,
        confirmed_seats: 1,
        confirmed_sum: 1,
        waitlisted_count: 2,
      });
    });

    it('refuses with 409 EVENT_FULL when full and the waiting list is off', async () => {
      const event = await published({ capacity: 2, waitlistEnabled: false });
      await reserve(t, event.id, attendee({ partySize: 2 })).expect(201);
      const full = await reserve(t, event.id).expect(409);
      expect(full.body).toMatchObject({ statusCode: 409, code: 'EVENT_FULL', message: expect.any(String) });
      expect(await seatLedger(t, event.id)).toMatchObject({
        confirmed_seats: 2,
        confirmed_count: 1,
        waitlisted_count: 0,
      });
    });

    it('refuses a party that does not fit the seats left with EVENT_FULL when the waiting list is off', async () => {
      const event = await published({ capacity: 2, waitlistEnabled: false });
      await reserve(t, event.id).expect(201);
      const tooMany = await reserve(t, event.id, attendee({ partySize: 2 })).expect(409);
      expect(tooMany.body.code).toBe('EVENT_FULL');
      await reserve(t, event.id).expect(201); // the last seat still goes to a party that fits
    });
  });

  describe('registration window and state (rule 4)', () => {
    it('refuses with 409 REGISTRATION_CLOSED before the window opens', async () => {
      const event = await published({ registrationOpensAt: fromNow({ days: 1 }) });
      const early = await reserve(t, event.id).expect(409);
      expect(early.body).toMatchObject({ statusCode: 409, code: 'REGISTRATION_CLOSED' });
    });

    it('refuses with 409 REGISTRATION_CLOSED after the window closed', async () => {
      const event = await published({
        registrationOpensAt: fromNow({ days: -2 }),
        registrationClosesAt: fromNow({ hours: -1 }),
      });
      const late = await reserve(t, event.id).expect(409);
      expect(late.body).toMatchObject({ statusCode: 409, code: 'REGISTRATION_CLOSED' });
    });

    it('refuses a cancelled event with 409 EVENT_NOT_OPEN', async () => {
      const event = await published();
      await t.http().post(`/api/events/${event.id}/cancel`).set(admin.auth).expect(200);
      const refused = await reserve(t, event.id).expect(409);
      expect(refused.body).toMatchObject({ statusCode: 409, code: 'EVENT_NOT_OPEN' });
    });

    it('answers a draft like an unknown event: 404 NOT_FOUND', async () => {
      const draft = await createEvent(t, admin.auth, clinic.slug);
      const refused = await reserve(t, draft.id).expect(404);
      expect(refused.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      await t.http().get(`/api/events/${draft.id}`).expect(404);
      const unknown = await reserve(t, '00000000-0000-4000-8000-000000000000').expect(404);
      expect(unknown.body.code).toBe('NOT_FOUND');
    });

    it('refuses a party larger than the event allows with 422 PARTY_TOO_LARGE', async () => {
      const event = await published({ maxPartySize: 2 });
      const refused = await reserve(t, event.id, attendee({ partySize: 3 })).expect(422);
      expect(refused.body).toMatchObject({ statusCode: 422, code: 'PARTY_TOO_LARGE' });
      expect((await seatLedger(t, event.id)).confirmed_seats).toBe(0);
    });
  });

  describe('bad input is a 400 VALIDATION_FAILED naming the field (rule 9)', () => {
    let eventId: string;
    beforeAll(async () => {
      eventId = (await published()).id;
    });

    it.each([
      ['an unknown field', { colour: 'blue' }, 'colour'],
      ['a bad e-mail', { email: 'not-an-email' }, 'email'],
      ['missing consent', { consent: undefined }, 'consent'],
      ['consent that is not an object', { consent: null }, 'consent'],
      ['privacy policy not accepted', { consent: { privacyPolicy: false } }, 'consent.privacyPolicy'],
      ['a party of zero', { partySize: 0 }, 'partySize'],
      ['a missing name', { name: undefined }, 'name'],
    ])('%s', async (_name, override, field) => {
      const body = { ...attendee(), ...override };
      const response = await reserve(t, eventId, body).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    });
  });

  describe('one active reservation per attendee and event (rule 2)', () => {
    it('10 requests at once with the same e-mail (case variants too) make exactly one reservation', async () => {
      const event = await published({ capacity: 50 });
      const variants = [
        'Dana.Fox@Example.org',
        'dana.fox@example.org',
        ' DANA.FOX@EXAMPLE.ORG ',
        'dana.FOX@example.ORG',
      ];
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          reserve(t, event.id, attendee({ name: `Dana ${i}`, email: variants[i % variants.length] })),
        ),
      );
      const created = answers.filter((a) => a.status === 201);
      const refused = answers.filter((a) => a.status === 409);
      expect(created).toHaveLength(1);
      expect(refused).toHaveLength(9);

      const secrets = [created[0].body.confirmationCode, created[0].body.manageToken, created[0].body.reservationId];
      for (const answer of refused) {
        // It says so plainly, and nothing about the existing reservation.
        expect(answer.body).toEqual({ statusCode: 409, code: 'ALREADY_RESERVED', message: expect.any(String) });
        const text = JSON.stringify(answer.body);
        for (const secret of secrets) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/confirmed|waitlisted|manage|token/i);
      }

      const list = await listReservations(t, admin.auth, event.id);
      expect(list.reservations).toHaveLength(1);
      expect(list.reservations[0]).toMatchObject({ email: 'dana.fox@example.org', status: 'confirmed', partySize: 1 });
      expect(list.counts).toMatchObject({ confirmedSeats: 1, seatsLeft: 49 });
    });

    it('lets the attendee reserve again after cancelling', async () => {
      const event = await published();
      const body = attendee();
      const first = await reserve(t, event.id, body).expect(201);
      await t
        .http()
        .post(manage(first.body.manageToken) + '/cancel')
        .expect(200);
      const again = await reserve(t, event.id, body).expect(201);
      expect(again.body.reservationId).not.toBe(first.body.reservationId);
    });

    it("someone typing the attendee's e-mail again leaves the reservation and its link as they are; the details go to the address", async () => {
      // Issue 10: the "you already have a reservation" e-mail carries the manage link the attendee already
      // has (issue 4 had replaced it, so anyone could break it); within a quiet period a second attempt
      // sends nothing.
      const event = await published({ capacity: 4 });
      const body = attendee({ partySize: 2 });
      const first = await reserve(t, event.id, body).expect(201);
      await reserve(t, event.id, { ...body, name: 'Someone Else', partySize: 1 }).expect(409);
      await t.http().get(manage(first.body.manageToken)).expect(200);

      const [row] = await t.dataSource.query(`SELECT name, party_size, status FROM reservations WHERE id = $1`, [
        first.body.reservationId,
      ]);
      expect(row).toEqual({ name: body.name, party_size: 2, status: 'confirmed' });
      const notices = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM outbox_messages WHERE reservation_id = $1 AND kind = 'already-reserved'`,
        [first.body.reservationId],
      );
      expect(notices[0].count).toBe(1);

      await reserve(t, event.id, { ...body, name: 'Third Try' }).expect(409);
      const again = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM outbox_messages WHERE reservation_id = $1 AND kind = 'already-reserved'`,
        [first.body.reservationId],
      );
      expect(again[0].count).toBe(1);
    });
  });

  describe('Idempotency-Key (rule 2)', () => {
    it('10 retries at once with one key make one reservation and get identical answers', async () => {
      const event = await published({ capacity: 5 });
      const body = attendee({ partySize: 2 });
      const key = `retry-${Date.now()}`;
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => reserve(t, event.id, body, { 'Idempotency-Key': key })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      for (const answer of answers) expect(answer.body).toEqual(answers[0].body);
      expect(answers[0].body).toMatchObject({ status: 'confirmed', partySize: 2 });
      expect(await seatLedger(t, event.id)).toMatchObject({ confirmed_seats: 2, confirmed_count: 1 });

      const later = await reserve(t, event.id, body, { 'Idempotency-Key': key }).expect(201);
      expect(later.body).toEqual(answers[0].body);
    });

    it('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const event = await published();
      const key = `reused-${Date.now()}`;
      await reserve(t, event.id, attendee(), { 'Idempotency-Key': key }).expect(201);
      const reused = await reserve(t, event.id, attendee(), { 'Idempotency-Key': key }).expect(422);
      expect(reused.body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      expect((await seatLedger(t, event.id)).confirmed_count).toBe(1);
    });
  });

  describe('the manage link', () => {
    it('reads the reservation', async () => {
      const event = await published();
      const body = attendee({ phone: '+1 312 555 0142', partySize: 2 });
      const reserved = await reserve(t, event.id, body).expect(201);
      const view = await t.http().get(manage(reserved.body.manageToken)).expect(200);
      expect(view.body).toEqual({
        reservationId: reserved.body.reservationId,
        status: 'confirmed',
        confirmationCode: reserved.body.confirmationCode,
        name: body.name,
        email: body.email,
        phone: '+1 312 555 0142',
        partySize: 2,
        waitlistPosition: null,
        event: expect.objectContaining({ id: event.id }),
        joinUrl: null,
        offerExpiresAt: null,
      });
    });

    it('changes the party size within the limit and the seats left', async () => {
      const event = await published({ capacity: 3, maxPartySize: 3 });
      const reserved = await reserve(t, event.id).expect(201);
      const grown = await t.http().patch(manage(reserved.body.manageToken)).send({ partySize: 3 }).expect(200);
      expect(grown.body).toMatchObject({ status: 'confirmed', partySize: 3, event: { seatsLeft: 0 } });
      expect(await seatLedger(t, event.id)).toMatchObject({ confirmed_seats: 3, confirmed_sum: 3 });

      const tooLarge = await t.http().patch(manage(reserved.body.manageToken)).send({ partySize: 4 }).expect(422);
      expect(tooLarge.body.code).toBe('PARTY_TOO_LARGE');

      const shrunk = await t.http().patch(manage(reserved.body.manageToken)).send({ partySize: 1 }).expect(200);
      expect(shrunk.body).toMatchObject({ partySize: 1, event: { seatsLeft: 2 } });
      expect(await seatLedger(t, event.id)).toMatchObject({ confirmed_seats: 1, confirmed_sum: 1 });
    });

    it('refuses more seats than are left with 409 EVENT_FULL and changes nothing', async () => {
      const event = await published({ capacity: 2, maxPartySize: 2 });
      const mine = await reserve(t, event.id).expect(201);
      await reserve(t, event.id).expect(201);
      const refused = await t.http().patch(manage(mine.body.manageToken)).send({ partySize: 2 }).expect(409);
      expect(refused.body.code).toBe('EVENT_FULL');
      expect((await t.http().get(manage(mine.body.manageToken)).expect(200)).body.partySize).toBe(1);
      expect(await seatLedger(t, event.id)).toMatchObject({ confirmed_seats: 2, confirmed_sum: 2 });
    });

    it('cancels; afterwards the link is used up (404)', async () => {
      const event = await published({ capacity: 2 });
      const reserved = await reserve(t, event.id, attendee({ partySize: 2 })).expect(201);
      const cancelled = await t
        .http()
        .post(manage(reserved.body.manageToken) + '/cancel')
        .expect(200);
      expect(cancelled.body).toMatchObject({
        reservationId: reserved.body.reservationId,
        status: 'cancelled',
        event: { seatsLeft: 2 },
      });
      expect(await seatLedger(t, event.id)).toMatchObject({ confirmed_seats: 0, confirmed_sum: 0 });

      for (const [method, path] of [
        ['get', ''],
        ['post', '/cancel'],
      ] as const) {
        const gone = await t
          .http()
          [method](manage(reserved.body.manageToken) + path)
          .expect(404);
        expect(gone.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      }
      await t.http().patch(manage(reserved.body.manageToken)).send({ partySize: 1 }).expect(404);
    });

    it('answers a wrong token with 404 NOT_FOUND', async () => {
      const event = await published();
      const reserved = await reserve(t, event.id).expect(201);
      const token: string = reserved.body.manageToken;
      const wrong = [token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), 'x'.repeat(43), 'short', '%00'];
      for (const candidate of wrong) {
        const response = await t.http().get(manage(candidate)).expect(404);
        expect(response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      }
      await t
        .http()
        .post(manage(wrong[0]) + '/cancel')
        .expect(404);
      await t.http().patch(manage(wrong[0])).send({ partySize: 1 }).expect(404);
      await t
        .http()
        .post(manage(wrong[0]) + '/switch')
        .send({ eventId: event.id })
        .expect(404);
      expect((await t.http().get(manage(token)).expect(200)).body.status).toBe('confirmed');
    });

    it('stores the manage token nowhere in the database (only its hash)', async () => {
      const event = await published();
      const plain = await reserve(t, event.id).expect(201);
      const replayable = await reserve(t, event.id, attendee(), { 'Idempotency-Key': `dump-${Date.now()}` }).expect(
        201,
      );
      const dump = await dumpDatabaseText(t);
      expect(dump).toContain(plain.body.reservationId); // the dump does hold the reservations
      for (const token of [plain.body.manageToken as string, replayable.body.manageToken as string]) {
        expect(dump).not.toContain(token);
        expect(dump).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
        expect(dump).not.toContain(Buffer.from(token).toString('base64'));
      }
    });
  });

  describe('the waiting list is served first come, first fit (rule 3)', () => {
    it('cancelling a confirmed seat promotes the earliest waitlisted party that fits', async () => {
      const event = await published({ capacity: 2, maxPartySize: 2 });
      const a = await reserve(t, event.id).expect(201);
      await reserve(t, event.id).expect(201);
      const pairFirst = await reserve(t, event.id, attendee({ partySize: 2 })).expect(201); // waitlisted #1
      const singleSecond = await reserve(t, event.id).expect(201); // waitlisted #2
      const singleThird = await reserve(t, event.id).expect(201); // waitlisted #3
      expect([pairFirst, singleSecond, singleThird].map((r) => [r.body.status, r.body.waitlistPosition])).toEqual([
        ['waitlisted', 1],
        ['waitlisted', 2],
        ['waitlisted', 3],
      ]);

      await t
        .http()
        .post(manage(a.body.manageToken) + '/cancel')
        .expect(200);

      // One seat free: the pair does not fit and keeps its place; the next party of one is confirmed.
      const pair = await t.http().get(manage(pairFirst.body.manageToken)).expect(200);
      const second = await t.http().get(manage(singleSecond.body.manageToken)).expect(200);
      const third = await t.http().get(manage(singleThird.body.manageToken)).expect(200);
      expect(pair.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      expect(second.body).toMatchObject({ status: 'confirmed', waitlistPosition: null });
      expect(third.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
      expect(await seatLedger(t, event.id)).toMatchObject({ confirmed_seats: 2, confirmed_sum: 2 });

      const list = await listReservations(t, admin.auth, event.id);
      expect(list.reservations.filter((r) => r.status === 'waitlisted').map((r) => [r.id, r.waitlistPosition])).toEqual(
        [
          [pairFirst.body.reservationId, 1],
          [singleThird.body.reservationId, 2],
        ],
      );
    });

    it('raising the capacity promotes at once, earliest first', async () => {
      const event = await published({ capacity: 1, maxPartySize: 2 });
      await reserve(t, event.id).expect(201);
      const pair = await reserve(t, event.id, attendee({ partySize: 2 })).expect(201);
      const single = await reserve(t, event.id).expect(201);

      const raised = await t
        .http()
        .put(`/api/events/${event.id}/capacity`)
        .set(admin.auth)
        .send({ capacity: 3 })
        .expect(200);
      expect(raised.body).toMatchObject({ capacity: 3, confirmedSeats: 3, seatsLeft: 0, waitlistedSeats: 1 });
      expect((await t.http().get(manage(pair.body.manageToken)).expect(200)).body.status).toBe('confirmed');
      expect((await t.http().get(manage(single.body.manageToken)).expect(200)).body).toMatchObject({
        status: 'waitlisted',
        waitlistPosition: 1,
      });

      await t.http().put(`/api/events/${event.id}/capacity`).set(admin.auth).send({ capacity: 4 }).expect(200);
      expect((await t.http().get(manage(single.body.manageToken)).expect(200)).body.status).toBe('confirmed');
      expect(await seatLedger(t, event.id)).toMatchObject({
        capacity: 4,
        confirmed_seats: 4,
        confirmed_sum: 4,
        waitlisted_count: 0,
      });
    });

    it('a cancellation by staff promotes the waiting list too', async () => {
      const event = await published({ capacity: 1 });
      const seated = await reserve(t, event.id).expect(201);
      const waiting = await reserve(t, event.id).expect(201);
      await t
        .http()
        .post(`/api/events/${event.id}/reservations/${seated.body.reservationId}/cancel`)
        .set(admin.auth)
        .expect(200);
      expect((await t.http().get(manage(waiting.body.manageToken)).expect(200)).body).toMatchObject({
        status: 'confirmed',
        waitlistPosition: null,
      });
      expect(await seatLedger(t, event.id)).toMatchObject({
        confirmed_seats: 1,
        confirmed_sum: 1,
        waitlisted_count: 0,
      });
    });

    it('refuses a capacity below the confirmed seats with 409 CAPACITY_BELOW_CONFIRMED', async () => {
      const event = await published({ capacity: 5 });
      await reserve(t, event.id, attendee({ partySize: 2 })).expect(201);
      await reserve(t, event.id).expect(201);
      const refused = await t
        .http()
        .put(`/api/events/${event.id}/capacity`)
        .set(admin.auth)
        .send({ capacity: 2 })
        .expect(409);
      expect(refused.body).toMatchObject({ statusCode: 409, code: 'CAPACITY_BELOW_CONFIRMED' });
      expect(await seatLedger(t, event.id)).toMatchObject({ capacity: 5, confirmed_seats: 3 });
      await t.http().put(`/api/events/${event.id}/capacity`).set(admin.auth).send({ capacity: 3 }).expect(200);
    });
  });

  describe('switching to another session', () => {
    it('moves the seat atomically and promotes on the old event', async () => {
      const from = await published({ capacity: 2, maxPartySize: 2 });
      const to = await published({ capacity: 5, maxPartySize: 2 });
      const mover = await reserve(t, from.id, attendee({ partySize: 2 })).expect(201);
      const waiting = await reserve(t, from.id).expect(201);
      expect(waiting.body.status).toBe('waitlisted');

      const switched = await t
        .http()
        .post(manage(mover.body.manageToken) + '/switch')
        .send({ eventId: to.id })
        .expect(200);
      expect(switched.body).toMatchObject({
        reservationId: mover.body.reservationId,
        status: 'confirmed',
        partySize: 2,
        event: { id: to.id },
      });

      expect(await seatLedger(t, to.id)).toMatchObject({ confirmed_seats: 2, confirmed_sum: 2 });
      expect(await seatLedger(t, from.id)).toMatchObject({ confirmed_seats: 1, confirmed_sum: 1, waitlisted_count: 0 });
      expect((await t.http().get(manage(waiting.body.manageToken)).expect(200)).body.status).toBe('confirmed');
      // The same link now shows the new session.
      expect((await t.http().get(manage(mover.body.manageToken)).expect(200)).body.event.id).toBe(to.id);
    });

    it('refuses a full session with 409 EVENT_FULL and changes nothing', async () => {
      const from = await published({ capacity: 2, maxPartySize: 2 });
      const full = await published({ capacity: 1, maxPartySize: 2 });
      await reserve(t, full.id).expect(201);
      const mover = await reserve(t, from.id, attendee({ partySize: 2 })).expect(201);
      const waiting = await reserve(t, from.id).expect(201);

      const refused = await t
        .http()
        .post(manage(mover.body.manageToken) + '/switch')
        .send({ eventId: full.id })
        .expect(409);
      expect(refused.body.code).toBe('EVENT_FULL');
      expect(await seatLedger(t, from.id)).toMatchObject({ confirmed_seats: 2, confirmed_sum: 2, waitlisted_count: 1 });
      expect(await seatLedger(t, full.id)).toMatchObject({ confirmed_seats: 1, confirmed_sum: 1, waitlisted_count: 0 });
      expect((await t.http().get(manage(mover.body.manageToken)).expect(200)).body).toMatchObject({
        status: 'confirmed',
        event: { id: from.id },
      });
      expect((await t.http().get(manage(waiting.body.manageToken)).expect(200)).body.status).toBe('waitlisted');
    });

    it("refuses another clinic's session with 409 SWITCH_NOT_ALLOWED", async () => {
      const other = await createClinic(t, admin.auth);
      const elsewhere = await createPublishedEvent(t, admin.auth, other.slug);
      const from = await published();
      const mover = await reserve(t, from.id).expect(201);
      const refused = await t
        .http()
        .post(manage(mover.body.manageToken) + '/switch')
        .send({ eventId: elsewhere.id })
        .expect(409);
      expect(refused.body.code).toBe('SWITCH_NOT_ALLOWED');
      expect(await seatLedger(t, elsewhere.id)).toMatchObject({ confirmed_seats: 0, confirmed_count: 0 });
      expect(await seatLedger(t, from.id)).toMatchObject({ confirmed_seats: 1 });
    });
  });

  describe("a webinar's join URL is for confirmed attendees only (rule 8)", () => {
    it('never appears in public or attendee output; the manage view of a confirmed seat has the personal join link', async () => {
      const joinUrl = `https://meet.example/secret-room-${Date.now()}`;
      const webinar = await published({ kind: 'webinar', joinUrl, venueName: undefined, capacity: 1 });
      expect(webinar.joinUrl).toBe(joinUrl); // staff see it

      const confirmed = await reserve(t, webinar.id).expect(201);
      const waitlisted = await reserve(t, webinar.id).expect(201);
      const again = await reserve(t, webinar.id, attendee({ email: 'x' + Date.now() + '@example.org' })).expect(201);
      const listing = await t
        .http()
        .get('/api/events')
        .query({ clinic: clinic.slug, kind: 'webinar', pageSize: 100 })
        .expect(200);
      const one = await t.http().get(`/api/events/${webinar.id}`).expect(200);
      expect(listing.body.items.map((e: { id: string }) => e.id)).toContain(webinar.id);
      for (const body of [confirmed.body, waitlisted.body, again.body, listing.body, one.body]) {
        expect(JSON.stringify(body)).not.toContain(joinUrl);
        expect(JSON.stringify(body)).not.toContain('secret-room');
      }
      for (const event of [one.body, confirmed.body.event, ...listing.body.items])
        expect(event).not.toHaveProperty('joinUrl');

      const waitingView = await t.http().get(manage(waitlisted.body.manageToken)).expect(200);
      expect(waitingView.body.joinUrl).toBeNull();
      expect(JSON.stringify(waitingView.body)).not.toContain(joinUrl);
      // A confirmed seat gets its personal join link (issue 9), which leads to the meeting; never the raw URL.
      const personalLink = expect.stringMatching(/^http:\/\/booking\.test\/join\/[A-Za-z0-9_-]{65}$/);
      const confirmedView = await t.http().get(manage(confirmed.body.manageToken)).expect(200);
      expect(confirmedView.body).toMatchObject({ status: 'confirmed', joinUrl: personalLink });
      expect(JSON.stringify(confirmedView.body)).not.toContain('secret-room');

      // Promoted from the waiting list: now they see it too.
      await t
        .http()
        .post(manage(confirmed.body.manageToken) + '/cancel')
        .expect(200);
      const promotedView = await t.http().get(manage(waitlisted.body.manageToken)).expect(200);
      expect(promotedView.body).toMatchObject({ status: 'confirmed', joinUrl: personalLink });
      expect(promotedView.body.joinUrl).not.toBe(confirmedView.body.joinUrl);
      expect(JSON.stringify(promotedView.body)).not.toContain('secret-room');
    });
  });
});
