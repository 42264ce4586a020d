import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import {
  attendee,
  createClinic,
  createEvent,
  createPublishedEvent,
  JsonClient,
  listen,
  publishEvent,
  reserve,
  seatLedger,
  sleep,
  type ClinicBody,
} from './support/booking-fixtures.js';
import { SessionAlternatives } from '../src/reservations/session-alternatives.js';
import { hiddenField, manageTokenOf, reservationForm } from './support/page-forms.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';
import {
  deadlocksSoFar,
  fullSession,
  groupOf,
  joinSeveral,
  messagesOf,
  renderedText,
  soon,
  times,
  webinar,
} from './support/waitlist-fixtures.js';

/** Issue 9 §4: a waiting list that finds another session. Real HTTP and PostgreSQL. */
describe('a waiting list that finds another session', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicBody;
  let otherClinic: ClinicBody;
  let titleCounter = 0;
  /** A title of its own per test, so sessions of other tests never count as the same seminar. */
  const newTitle = () => `Back pain basics ${++titleCounter}-${Math.random().toString(36).slice(2, 6)}`;
  const manage = (token: string) => `/api/reservations/manage/${token}`;
  const cancel = (token: string) =>
    t
      .http()
      .post(`${manage(token)}/cancel`)
      .expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth);
    otherClinic = await createClinic(t, admin.auth);
  });
  afterAll(() => t.close());

  describe('a full event offers the same seminar’s other sessions with free seats', () => {
    it('same title, same series, the webinar twin; not full ones, other clinics, other titles or started ones', async () => {
      const title = newTitle();
      const series = await t
        .http()
        .post(`/api/clinics/${clinic.slug}/event-series`)
        .set(admin.auth)
        .send({
          event: { kind: 'seminar', title, venueName: 'Room 1', capacity: 1, ...times(7) },
          recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' },
        })
        .expect(201);
      const [first, second] = series.body.events as { id: string }[];
      await publishEvent(t, admin.auth, first.id);
      await publishEvent(t, admin.auth, second.id);
      await t.http().patch(`/api/events/${second.id}`).set(admin.auth).send({ title: 'Renamed' }).expect(200);
      await reserve(t, first.id).expect(201); // the origin is full

      const sameTitle = await createPublishedEvent(t, admin.auth, clinic.slug, {
        title: title.toUpperCase(),
        ...times(0),
      });
      const twin = await createPublishedEvent(t, admin.auth, clinic.slug, webinar({ title }));
      await fullSession(t, admin.auth, clinic.slug, { title }); // full: not offered
      await createPublishedEvent(t, admin.auth, otherClinic.slug, { title }); // another clinic
      await createPublishedEvent(t, admin.auth, clinic.slug, { title: `${title} for runners` }); // another title
      const startsSoon = await createPublishedEvent(t, admin.auth, clinic.slug, { title, ...soon(4_000) });
      await sleep(Date.parse(startsSoon.startsAt) - Date.now() + 200); // it has started

      const answer = await reserve(t, first.id).expect(201);
      expect(answer.body.status).toBe('waitlisted');
      const offered = answer.body.alternatives as { id: string; relation: string; url: string; seatsLeft: number }[];
      // Same format first, soonest first (the renamed occurrence is a week after the origin), then the twin.
      expect(offered.map((session) => [session.id, session.relation])).toEqual([
        [sameTitle.id, 'title'],
        [second.id, 'series'],
        [twin.id, 'webinar-twin'],
      ]);
      expect(offered[0].url).toBe(`http://booking.test/events/${offered[0].id}`);

      // Waiting list off: the EVENT_FULL refusal offers the same sessions in its details.
      const noList = await fullSession(t, admin.auth, clinic.slug, { title, waitlistEnabled: false });
      const refused = await reserve(t, noList.event.id).expect(409);
      expect(refused.body.code).toBe('EVENT_FULL');
      expect((refused.body.details.alternatives as { id: string }[]).map((s) => s.id)).toContain(sameTitle.id);

      // The event page and the waiting-list page show them, each with a link to its page.
      const page = await t.http().get(`/events/${first.id}`).expect(200);
      expect(page.text).toContain('id="alternatives"');
      expect(page.text).toContain(`href="/events/${sameTitle.id}"`);
      const waiting = await t.http().get(`/manage/${answer.body.manageToken}?welcome=1`).expect(200);
      expect(waiting.text).toContain(`href="/events/${twin.id}"`);
    });
  });

  describe('the other sessions are read after the commit: that read failing fails no reservation', () => {
    const failures: [string, Error][] = [
      ['a bug in the read', new Error('column "x" does not exist')],
      // An outage right after the commit: the seats are held, so the answers are not 503.
      ['the database gone', new Error('Connection terminated unexpectedly')],
    ];
    it.each(failures)(
      '%s: every request keeps its own place, without alternatives, applied once',
      async (_, failure) => {
        const title = newTitle();
        const { event } = await fullSession(t, admin.auth, clinic.slug, { title });
        await createPublishedEvent(t, admin.auth, clinic.slug, { title, ...times(2) }); // would be offered
        const ranked = jest.spyOn(t.app.get(SessionAlternatives), 'ranked').mockRejectedValue(failure);
        const client = new JsonClient(await listen(t));
        try {
          const people = Array.from({ length: 12 }, () => attendee());
          const answers = await Promise.all(
            people.map((body) => client.request('POST', `/api/events/${event.id}/reservations`, body)),
          );
          expect(ranked).toHaveBeenCalled();
          expect(answers.map((answer) => [answer.status, answer.body.status])).toEqual(
            people.map(() => [201, 'waitlisted']),
          );
          expect(answers.every((answer) => answer.body.alternatives === undefined)).toBe(true);
          const positions = answers.map((answer) => answer.body.waitlistPosition as number);
          expect([...positions].sort((a, b) => a - b)).toEqual(people.map((_person, i) => i + 1));

          const rows = (await t.dataSource.query(
            `SELECT email, count(*)::int AS n FROM reservations WHERE event_id = $1 AND status = 'waitlisted' GROUP BY email`,
            [event.id],
          )) as { email: string; n: number }[];
          expect(rows.map((row) => row.n)).toEqual(people.map(() => 1));
          const ids = answers.map((answer) => answer.body.reservationId as string);
          const kinds = (await messagesOf(t, ids)).map((message) => message.kind);
          expect(kinds.filter((kind) => kind === 'waitlisted')).toHaveLength(people.length);
          expect(kinds).not.toContain('already-reserved');
          expect(await seatLedger(t, event.id)).toMatchObject({ confirmed_seats: 1, waitlisted_count: people.length });
        } finally {
          ranked.mockRestore();
          client.close();
        }
        // Once the read works again, so do the alternatives.
        const later = await reserve(t, event.id).expect(201);
        expect((later.body.alternatives as unknown[]).length).toBe(1);
      },
    );
  });

  describe('"any of these sessions": one place per session, one group', () => {
    it('joins two waiting lists in one group; one e-mail names both; a seat in one confirms it and withdraws the other', async () => {
      const title = newTitle();
      const a = await fullSession(t, admin.auth, clinic.slug, { title });
      const b = await fullSession(t, admin.auth, clinic.slug, { title });
      const joined = await joinSeveral(t, a.event.id, [b.event.id]).expect(201);
      expect(joined.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      const [place] = joined.body.alsoWaitingFor as {
        reservationId: string;
        manageToken: string;
        event: { id: string };
      }[];
      expect(joined.body.alsoWaitingFor).toHaveLength(1);
      expect(place).toMatchObject({ status: 'waitlisted', waitlistPosition: 1, event: { id: b.event.id } });
      expect(place.manageToken).not.toBe(joined.body.manageToken);

      const group = await groupOf(t, joined.body.reservationId);
      expect(group).toHaveLength(2);
      expect(new Set(group.map((row) => row.waitlist_group_id)).size).toBe(1);
      expect(group[0].waitlist_group_id).not.toBeNull();
      const ids = group.map((row) => row.id);
      expect(await messagesOf(t, ids)).toEqual([{ kind: 'waitlisted', status: 'pending' }]);
      expect(await renderedText(t, joined.body.reservationId, 'waitlisted')).toContain(
        `http://booking.test/events/${b.event.id}`,
      );

      // Each place's manage view lists the other one; the manage page links to it.
      const view = await t.http().get(manage(joined.body.manageToken)).expect(200);
      expect(view.body.alsoWaitingFor).toEqual([
        expect.objectContaining({
          reservationId: place.reservationId,
          event: expect.objectContaining({ id: b.event.id }),
        }),
      ]);
      const page = await t.http().get(`/manage/${joined.body.manageToken}`).expect(200);
      expect(page.text).toContain(`href="http://booking.test/manage/${place.manageToken}"`);

      await cancel(b.holderToken); // a seat frees up in B
      const after = await groupOf(t, joined.body.reservationId);
      expect(after.map((row) => [row.event_id, row.status]).sort()).toEqual(
        [
          [a.event.id, 'withdrawn'],
          [b.event.id, 'confirmed'],
        ].sort(),
      );
      expect((await messagesOf(t, ids)).filter((m) => m.kind === 'promotion')).toHaveLength(1);
      // The promotion e-mail says which waiting list the person has left.
      expect(await renderedText(t, place.reservationId, 'promotion')).toContain(
        `http://booking.test/events/${a.event.id}`,
      );
      expect(await messagesOf(t, [joined.body.reservationId])).toEqual([{ kind: 'waitlisted', status: 'cancelled' }]);
      expect(await seatLedger(t, a.event.id)).toMatchObject({
        confirmed_seats: 1,
        confirmed_sum: 1,
        waitlisted_count: 0,
      });
      expect(await seatLedger(t, b.event.id)).toMatchObject({
        confirmed_seats: 1,
        confirmed_sum: 1,
        waitlisted_count: 0,
      });
      await t.http().get(manage(joined.body.manageToken)).expect(404); // withdrawn: the link no longer works
      // The withdrawn place freed the address: the person may join A's list again.
      await reserve(t, a.event.id, attendee({ email: view.body.email })).expect(201);
    });

    it('cancelling one grouped place cancels only that place', async () => {
      const title = newTitle();
      const a = await fullSession(t, admin.auth, clinic.slug, { title });
      const b = await fullSession(t, admin.auth, clinic.slug, { title });
      const joined = await joinSeveral(t, a.event.id, [b.event.id]).expect(201);
      await cancel(joined.body.manageToken);
      const rows = await groupOf(t, joined.body.reservationId);
      expect(rows.map((row) => [row.event_id, row.status]).sort()).toEqual(
        [
          [a.event.id, 'cancelled'],
          [b.event.id, 'waitlisted'],
        ].sort(),
      );
      const other = await t.http().get(manage(joined.body.alsoWaitingFor[0].manageToken)).expect(200);
      expect(other.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      expect(other.body.alsoWaitingFor).toBeUndefined();
    });

    it('the event page lets a person tick other full sessions, and the waiting-list page lists them', async () => {
      const title = newTitle();
      const a = await fullSession(t, admin.auth, clinic.slug, { title });
      const b = await fullSession(t, admin.auth, clinic.slug, { title });
      const agent = request.agent(t.app.getHttpServer());
      const form = await agent.get(`/events/${a.event.id}`).expect(200);
      expect(form.text).toContain(`name="alsoWaitFor" value="${b.event.id}"`);
      const answer = await agent
        .post(`/events/${a.event.id}/reserve`)
        .type('form')
        .send({
          ...reservationForm(),
          alsoWaitFor: b.event.id,
          _csrf: hiddenField(form.text, '_csrf'),
          formKey: hiddenField(form.text, 'formKey'),
        })
        .expect(303);
      const token = manageTokenOf(answer.headers.location);
      const page = await agent.get(`/manage/${token}?welcome=1`).expect(200);
      expect(page.text).toContain('id="also-waiting-for"');
      expect(page.text).toContain(b.event.title as string);
      expect(await seatLedger(t, b.event.id)).toMatchObject({ waitlisted_count: 1 });
    });
  });

  describe('alsoWaitFor is checked', () => {
    it('another clinic, another seminar, an unknown id: 422 ALSO_WAIT_FOR_INVALID; a session with a seat: 409 ALSO_WAIT_FOR_NOT_FULL; nothing written', async () => {
      const title = newTitle();
      const a = await fullSession(t, admin.auth, clinic.slug, { title });
      const elsewhere = await fullSession(t, admin.auth, otherClinic.slug, { title });
      const otherSeminar = await fullSession(t, admin.auth, clinic.slug, { title: `${title} II` });
      const withSeat = await createPublishedEvent(t, admin.auth, clinic.slug, { title });
      const draft = await createEvent(t, admin.auth, clinic.slug, { title });
      const cases: [string, number, string, string | undefined][] = [
        [elsewhere.event.id, 422, 'ALSO_WAIT_FOR_INVALID', 'other-clinic'],
        [otherSeminar.event.id, 422, 'ALSO_WAIT_FOR_INVALID', 'other-seminar'],
        ['00000000-0000-4000-8000-000000000000', 422, 'ALSO_WAIT_FOR_INVALID', 'unknown'],
        [draft.id, 422, 'ALSO_WAIT_FOR_INVALID', 'unknown'],
        [a.event.id, 422, 'ALSO_WAIT_FOR_INVALID', 'unknown'],
        [withSeat.id, 409, 'ALSO_WAIT_FOR_NOT_FULL', undefined],
      ];
      for (const [id, status, code, reason] of cases) {
        const answer = await joinSeveral(t, a.event.id, [id]);
        expect([id, answer.status, answer.body.code, answer.body.details?.reason]).toEqual([id, status, code, reason]);
        expect(answer.body.details.eventId).toBe(id);
      }
      const tooMany = await joinSeveral(
        t,
        a.event.id,
        Array.from({ length: 6 }, () => crypto.randomUUID()),
      );
      expect([tooMany.status, tooMany.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(await seatLedger(t, a.event.id)).toMatchObject({ confirmed_count: 1, waitlisted_count: 0 });
      expect(await seatLedger(t, withSeat.id)).toMatchObject({ confirmed_count: 0, waitlisted_count: 0 });
    });
  });

  describe('concurrent frees in two sessions', () => {
    it('multi-session waiting list with concurrent frees in two sessions confirms one seat only', async () => {
      const client = new JsonClient(await listen(t), { timeoutMs: 20_000 });
      try {
        for (let round = 0; round < 10; round += 1) {
          const title = newTitle();
          const a = await fullSession(t, admin.auth, clinic.slug, { title });
          const b = await fullSession(t, admin.auth, clinic.slug, { title });
          const joined = await joinSeveral(t, a.event.id, [b.event.id]).expect(201);
          const nextInA = await reserve(t, a.event.id).expect(201);
          const nextInB = await reserve(t, b.event.id).expect(201);

          const answers = await Promise.all(
            [a.holderToken, b.holderToken].map((token) => client.request('POST', `${manage(token)}/cancel`)),
          );
          expect(answers.map((answer) => answer.status)).toEqual([200, 200]);

          const group = await groupOf(t, joined.body.reservationId);
          const statuses = group.map((row) => row.status).sort();
          expect([round, statuses]).toEqual([round, ['confirmed', 'withdrawn']]);
          // The other session's seat went to the next in line there.
          const groupSeatIn = group.find((row) => row.status === 'confirmed')!.event_id;
          const next = groupSeatIn === a.event.id ? nextInB : nextInA;
          const view = await t.http().get(manage(next.body.manageToken)).expect(200);
          expect([round, view.body.status]).toEqual([round, 'confirmed']);
          for (const event of [a.event, b.event]) {
            expect(await seatLedger(t, event.id)).toMatchObject({
              confirmed_seats: 1,
              confirmed_sum: 1,
              confirmed_count: 1,
            });
          }
          const promotions = (
            await messagesOf(
              t,
              group.map((row) => row.id),
            )
          ).filter((m) => m.kind === 'promotion');
          expect([round, promotions.length]).toEqual([round, 1]);
        }
      } finally {
        client.close();
      }
    });

    it('a smaller party through one place’s link races a seat in the other session: one place, no deadlock', async () => {
      const client = new JsonClient(await listen(t), { timeoutMs: 20_000 });
      const deadlocksBefore = await deadlocksSoFar(t);
      try {
        for (let round = 0; round < 20; round += 1) {
          const title = newTitle();
          // A: both seats held by one party. B: one seat of two free, too few for a party of two.
          const a = await createPublishedEvent(t, admin.auth, clinic.slug, { title, capacity: 2, maxPartySize: 2 });
          const holder = await reserve(t, a.id, attendee({ partySize: 2 })).expect(201);
          const b = await createPublishedEvent(t, admin.auth, clinic.slug, { title, capacity: 2, maxPartySize: 2 });
          await reserve(t, b.id).expect(201);
          const joined = await joinSeveral(t, a.id, [b.id], { partySize: 2 }).expect(201);
          const placeInB = joined.body.alsoWaitingFor[0].manageToken as string;

          // Sent together, the resize tends to win (it has less to do before it serves a waiting list): in every
          // other round the cancellation gets a random head start, so the two meet at varied points.
          const cancelFirst = round % 2 === 0;
          const stagger = (isCancel: boolean) => sleep(isCancel === cancelFirst ? 0 : Math.random() * 40);
          const [freed, resized] = await Promise.all([
            stagger(true).then(() => client.request('POST', `${manage(holder.body.manageToken)}/cancel`)),
            stagger(false).then(() => client.request('PATCH', manage(placeInB), { partySize: 1 })),
          ]);
          expect([round, freed.status]).toEqual([round, 200]);
          // Either the resize came first (B's place fits now and is confirmed) or the seats in A did (B's place
          // is withdrawn and its link answers 404).
          expect([round, [200, 404]]).toEqual([round, expect.arrayContaining([resized.status])]);
          const statuses = (await groupOf(t, joined.body.reservationId)).map((row) => row.status).sort();
          expect([round, statuses]).toEqual([round, ['confirmed', 'withdrawn']]);
          for (const event of [a, b]) {
            const ledger = await seatLedger(t, event.id);
            expect([round, ledger.confirmed_seats]).toEqual([round, ledger.confirmed_sum]);
          }
        }
      } finally {
        client.close();
      }
      await sleep(1_500); // PostgreSQL's statistics are flushed about once a second
      expect(await deadlocksSoFar(t)).toBe(deadlocksBefore);
    });
  });
});
