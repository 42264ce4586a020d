import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  attendee,
  createClinic,
  createEvent,
  createPublishedEvent,
  eventInput,
  fromNow,
  listReservations,
  publishEvent,
  reserve,
  sleep,
  type ClinicBody,
  type PublicEventBody,
  type StaffEventBody,
} from './support/booking-fixtures.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/** The events catalogue (docs/api-contract.md, "Events"): life cycle, public listing, time zones. */
describe('events', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicBody;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth); // America/Chicago
  });
  afterAll(() => t.close());

  const listIds = async (query: Record<string, string | number>) => {
    const response = await t.http().get('/api/events').query(query).expect(200);
    return (response.body.items as PublicEventBody[]).map((e) => e.id);
  };

  describe('life cycle: draft → published → completed, or cancelled', () => {
    it('a new event is a draft with the documented defaults, hidden from the public until published', async () => {
      const before = Date.now();
      const draft = await createEvent(t, admin.auth, clinic.slug, { capacity: 12 });
      expect(draft).toMatchObject({
        status: 'draft',
        kind: 'seminar',
        capacity: 12,
        seatsLeft: 12,
        confirmedSeats: 0,
        waitlistedSeats: 0,
        maxPartySize: 2,
        waitlistEnabled: true,
        reminderOffsetsMinutes: [1440, 60],
        timeZone: 'America/Chicago',
        joinUrl: null,
        sequence: 0,
        registrationClosesAt: draft.startsAt,
        venue: { name: 'Seminar room 2', address: expect.objectContaining({ city: 'Chicago' }) },
      });
      expect(Date.parse(draft.registrationOpensAt as string)).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(draft.registrationOpensAt as string)).toBeGreaterThanOrEqual(before - 5_000);

      await t.http().get(`/api/events/${draft.id}`).expect(404);
      expect(await listIds({ clinic: clinic.slug, pageSize: 100 })).not.toContain(draft.id);

      const published = await publishEvent(t, admin.auth, draft.id);
      expect(published.status).toBe('published');
      expect((await t.http().get(`/api/events/${draft.id}`).expect(200)).body).toMatchObject({
        id: draft.id,
        status: 'published',
        registrationOpen: true,
      });
      expect(await listIds({ clinic: clinic.slug, pageSize: 100 })).toContain(draft.id);

      const again = await t.http().post(`/api/events/${draft.id}/publish`).set(admin.auth).expect(409);
      expect(again.body).toMatchObject({ statusCode: 409, code: 'INVALID_STATUS_TRANSITION' });
    });

    it('completes only after the start; a draft whose start has passed cannot be published', async () => {
      const startsAt = fromNow({ ms: 2_500 });
      const endsAt = fromNow({ hours: 1 });
      const running = await createPublishedEvent(t, admin.auth, clinic.slug, { startsAt, endsAt });
      const lateDraft = await createEvent(t, admin.auth, clinic.slug, { startsAt, endsAt });

      const early = await t.http().post(`/api/events/${running.id}/complete`).set(admin.auth).expect(409);
      expect(early.body).toMatchObject({ statusCode: 409, code: expect.stringMatching(/^[A-Z_]+$/) });

      await sleep(Math.max(0, Date.parse(startsAt) - Date.now()) + 300);

      // Started but not over: still listed, no longer taking reservations.
      expect(await listIds({ clinic: clinic.slug, pageSize: 100 })).toContain(running.id);
      expect((await t.http().get(`/api/events/${running.id}`).expect(200)).body).toMatchObject({
        registrationOpen: false,
        waitlistOpen: false,
      });
      expect((await reserve(t, running.id).expect(409)).body.code).toBe('EVENT_NOT_OPEN');

      const tooLate = await t.http().post(`/api/events/${lateDraft.id}/publish`).set(admin.auth).expect(409);
      expect(tooLate.body).toMatchObject({ statusCode: 409, code: 'EVENT_ALREADY_STARTED' });
      const draftComplete = await t.http().post(`/api/events/${lateDraft.id}/complete`).set(admin.auth).expect(409);
      expect(draftComplete.body.code).toBe('INVALID_STATUS_TRANSITION');

      const completed = await t.http().post(`/api/events/${running.id}/complete`).set(admin.auth).expect(200);
      expect(completed.body.status).toBe('completed');
      expect((await t.http().get(`/api/events/${running.id}`).expect(200)).body.status).toBe('completed');
      expect(await listIds({ clinic: clinic.slug, pageSize: 100 })).not.toContain(running.id);
      expect((await reserve(t, running.id).expect(409)).body.code).toBe('EVENT_NOT_OPEN');
      for (const action of ['complete', 'cancel', 'publish']) {
        const refused = await t.http().post(`/api/events/${running.id}/${action}`).set(admin.auth).expect(409);
        expect(refused.body.code).toBe('INVALID_STATUS_TRANSITION');
      }
    });

    it('cancelling cancels every active reservation; a cancelled event stays visible as cancelled and cannot change', async () => {
      const event = await createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 1 });
      await reserve(t, event.id).expect(201);
      await reserve(t, event.id).expect(201); // waitlisted

      const cancelled = await t.http().post(`/api/events/${event.id}/cancel`).set(admin.auth).expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', confirmedSeats: 0, waitlistedSeats: 0 });
      const list = await listReservations(t, admin.auth, event.id);
      expect(list.reservations.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);

      expect((await t.http().get(`/api/events/${event.id}`).expect(200)).body).toMatchObject({
        status: 'cancelled',
        registrationOpen: false,
      });
      expect(await listIds({ clinic: clinic.slug, pageSize: 100 })).not.toContain(event.id);

      const edit = await t
        .http()
        .patch(`/api/events/${event.id}`)
        .set(admin.auth)
        .send({ title: 'Back on' })
        .expect(409);
      expect(edit.body).toMatchObject({ statusCode: 409, code: 'EVENT_CANCELLED' });
      await t.http().put(`/api/events/${event.id}/capacity`).set(admin.auth).send({ capacity: 5 }).expect(409);
      for (const action of ['publish', 'cancel', 'complete']) {
        const refused = await t.http().post(`/api/events/${event.id}/${action}`).set(admin.auth).expect(409);
        expect(refused.body.code).toBe('INVALID_STATUS_TRANSITION');
      }
    });

    it('a draft can be cancelled', async () => {
      const draft = await createEvent(t, admin.auth, clinic.slug);
      const cancelled = await t.http().post(`/api/events/${draft.id}/cancel`).set(admin.auth).expect(200);
      expect(cancelled.body.status).toBe('cancelled');
    });
  });

  describe('the schedule and the event must make sense', () => {
    const refusedSchedule = (body: { statusCode: number; code: string }) =>
      expect([`${body.statusCode} ${body.code}`]).toEqual([
        expect.stringMatching(/^(400 VALIDATION_FAILED|409 INVALID_SCHEDULE)$/),
      ]);

    it.each([
      ['ends before it starts', -30],
      ['ends when it starts', 0],
    ])('creating an event that %s is refused', async (_name, minutes) => {
      const startsAt = fromNow({ days: 9 });
      const endsAt = new Date(Date.parse(startsAt) + minutes * 60_000).toISOString();
      const response = await t
        .http()
        .post(`/api/clinics/${clinic.slug}/events`)
        .set(admin.auth)
        .send(eventInput({ startsAt, endsAt }));
      expect(response.status === 400 || response.status === 409).toBe(true);
      refusedSchedule(response.body);
    });

    it('moving the end before the start is refused and changes nothing', async () => {
      const event = await createPublishedEvent(t, admin.auth, clinic.slug);
      const endsAt = new Date(Date.parse(event.startsAt) - 60_000).toISOString();
      const response = await t.http().patch(`/api/events/${event.id}`).set(admin.auth).send({ endsAt });
      expect(response.status === 400 || response.status === 409).toBe(true);
      refusedSchedule(response.body);
      expect((await t.http().get(`/api/events/${event.id}`).expect(200)).body.endsAt).toBe(event.endsAt);
    });

    it('registration may not close after the start', async () => {
      const startsAt = fromNow({ days: 9 });
      const response = await t
        .http()
        .post(`/api/clinics/${clinic.slug}/events`)
        .set(admin.auth)
        .send(
          eventInput({
            startsAt,
            endsAt: fromNow({ days: 9, hours: 2 }),
            registrationClosesAt: fromNow({ days: 9, hours: 1 }),
          }),
        );
      expect(response.status === 400 || response.status === 409).toBe(true);
    });

    it.each([
      ['a webinar without a joinUrl', { kind: 'webinar', venueName: undefined }, 'joinUrl'],
      ['a seminar with a joinUrl', { joinUrl: 'https://meet.example/x' }, 'joinUrl'],
      ['a capacity of 0', { capacity: 0 }, 'capacity'],
      ['a capacity over 10000', { capacity: 10001 }, 'capacity'],
      ['an unknown kind', { kind: 'party' }, 'kind'],
      ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      ['a start that is not a date', { startsAt: 'next tuesday' }, 'startsAt'],
      ['a start that does not exist', { startsAt: '2027-02-30T10:00' }, 'startsAt'],
      ['an unknown field', { colour: 'blue' }, 'colour'],
    ])('%s is 400 VALIDATION_FAILED naming the field', async (_name, override, field) => {
      const response = await t
        .http()
        .post(`/api/clinics/${clinic.slug}/events`)
        .set(admin.auth)
        .send(eventInput(override))
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    });

    it('the kind cannot be changed', async () => {
      const event = await createEvent(t, admin.auth, clinic.slug);
      const response = await t
        .http()
        .patch(`/api/events/${event.id}`)
        .set(admin.auth)
        .send({ kind: 'webinar' })
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('editing', () => {
    it('a change attendees see raises the sequence of a published event', async () => {
      const event = await createPublishedEvent(t, admin.auth, clinic.slug);
      const edited = await t
        .http()
        .patch(`/api/events/${event.id}`)
        .set(admin.auth)
        .send({ title: 'Healthy backs at work' })
        .expect(200);
      expect(edited.body).toMatchObject({ title: 'Healthy backs at work', sequence: event.sequence + 1 });
    });

    it('PATCH changes the capacity too, with the same rules as PUT /capacity', async () => {
      const event = await createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 2 });
      await reserve(t, event.id, attendee({ partySize: 2 })).expect(201);
      const waiting = await reserve(t, event.id).expect(201);
      expect(waiting.body.status).toBe('waitlisted');

      const raised = await t.http().patch(`/api/events/${event.id}`).set(admin.auth).send({ capacity: 3 }).expect(200);
      expect(raised.body).toMatchObject({ capacity: 3, confirmedSeats: 3, seatsLeft: 0 });
      const below = await t.http().patch(`/api/events/${event.id}`).set(admin.auth).send({ capacity: 1 }).expect(409);
      expect(below.body.code).toBe('CAPACITY_BELOW_CONFIRMED');
    });
  });

  describe('public listing', () => {
    let catalogue: ClinicBody;
    let other: ClinicBody;
    let listed: StaffEventBody[];

    beforeAll(async () => {
      catalogue = await createClinic(t, admin.auth, { timeZone: 'Europe/Lisbon' });
      other = await createClinic(t, admin.auth);
      listed = [];
      // Created out of order on purpose; starts 10..14 days ahead, alternating kinds.
      for (const day of [12, 10, 14, 11, 13]) {
        const kind = day % 2 === 0 ? 'seminar' : 'webinar';
        listed.push(
          await createPublishedEvent(t, admin.auth, catalogue.slug, {
            kind,
            startsAt: fromNow({ days: day }),
            endsAt: fromNow({ days: day, hours: 2 }),
            ...(kind === 'webinar' ? { joinUrl: 'https://meet.example/listing', venueName: undefined } : {}),
          }),
        );
      }
      listed.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      await createEvent(t, admin.auth, catalogue.slug, {
        startsAt: fromNow({ days: 10, hours: 5 }),
        endsAt: fromNow({ days: 10, hours: 6 }),
      });
      const cancelled = await createPublishedEvent(t, admin.auth, catalogue.slug, {
        startsAt: fromNow({ days: 11, hours: 5 }),
        endsAt: fromNow({ days: 11, hours: 6 }),
      });
      await t.http().post(`/api/events/${cancelled.id}/cancel`).set(admin.auth).expect(200);
      await createPublishedEvent(t, admin.auth, other.slug);
    });

    it('lists the published upcoming events of a clinic in start order, without drafts and cancelled ones', async () => {
      const response = await t.http().get('/api/events').query({ clinic: catalogue.slug }).expect(200);
      expect(response.body).toMatchObject({ page: 1, pageSize: 20, total: 5 });
      expect(response.body.items.map((e: PublicEventBody) => e.id)).toEqual(listed.map((e) => e.id));
    });

    it('shows the public view only: clinic, venue for seminars, seats; no join URL or staff counts', async () => {
      const response = await t.http().get('/api/events').query({ clinic: catalogue.slug }).expect(200);
      for (const item of response.body.items as PublicEventBody[]) {
        expect(item).toMatchObject({
          clinic: { slug: catalogue.slug, name: catalogue.name, timeZone: 'Europe/Lisbon' },
          timeZone: 'Europe/Lisbon',
        });
        for (const hidden of [
          'joinUrl',
          'confirmedSeats',
          'waitlistedSeats',
          'sequence',
          'reminderOffsetsMinutes',
          'clinicId',
        ]) {
          expect(item).not.toHaveProperty(hidden);
        }
        if (item.kind === 'seminar')
          expect(item.venue).toMatchObject({
            name: 'Seminar room 2',
            address: expect.objectContaining({ line1: expect.any(String) }),
          });
        else expect(item.venue).toBeNull();
      }
      expect(JSON.stringify(response.body)).not.toContain('meet.example');
    });

    it('filters by clinic and kind', async () => {
      expect(await listIds({ clinic: catalogue.slug, kind: 'webinar' })).toEqual(
        listed.filter((e) => e.kind === 'webinar').map((e) => e.id),
      );
      expect(await listIds({ clinic: catalogue.slug, kind: 'seminar' })).toEqual(
        listed.filter((e) => e.kind === 'seminar').map((e) => e.id),
      );
      expect(await listIds({ clinic: other.slug })).toHaveLength(1);
      expect(await listIds({ clinic: 'no-such-clinic' })).toEqual([]);
    });

    it('filters on the start with from and to', async () => {
      const minuteBefore = (iso: string) => new Date(Date.parse(iso) - 60_000).toISOString();
      const ids = await listIds({
        clinic: catalogue.slug,
        from: minuteBefore(listed[1].startsAt),
        to: minuteBefore(listed[3].startsAt),
      });
      expect(ids).toEqual([listed[1].id, listed[2].id]);
      expect(await listIds({ clinic: catalogue.slug, from: listed[4].startsAt })).toEqual([listed[4].id]);
    });

    it('pages through the results', async () => {
      const page = async (n: number) =>
        (await t.http().get('/api/events').query({ clinic: catalogue.slug, page: n, pageSize: 2 }).expect(200)).body;
      const pages = [await page(1), await page(2), await page(3), await page(4)];
      expect(pages.map((p) => p.items.map((e: PublicEventBody) => e.id))).toEqual([
        [listed[0].id, listed[1].id],
        [listed[2].id, listed[3].id],
        [listed[4].id],
        [],
      ]);
      for (const [i, p] of pages.entries()) expect(p).toMatchObject({ page: i + 1, pageSize: 2, total: 5 });
    });

    it('orders events that start at the same instant by id', async () => {
      const tied = await createClinic(t, admin.auth);
      const startsAt = fromNow({ days: 20 });
      const endsAt = fromNow({ days: 20, hours: 1 });
      const ids: string[] = [];
      for (let i = 0; i < 4; i += 1)
        ids.push((await createPublishedEvent(t, admin.auth, tied.slug, { startsAt, endsAt })).id);
      expect(await listIds({ clinic: tied.slug })).toEqual([...ids].sort());
    });

    it.each([
      ['pageSize above 100', { pageSize: 101 }],
      ['page 0', { page: 0 }],
      ['an unknown kind', { kind: 'party' }],
      ['a from that is not a date', { from: 'yesterday' }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_name, query) => {
      const response = await t.http().get('/api/events').query(query).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('seats left and the waiting list flag', () => {
    it('shows the seats left, and waitlistOpen once full with the waiting list on', async () => {
      const event = await createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 2 });
      expect((await t.http().get(`/api/events/${event.id}`).expect(200)).body).toMatchObject({
        seatsLeft: 2,
        registrationOpen: true,
        waitlistOpen: false,
      });
      await reserve(t, event.id).expect(201);
      expect((await t.http().get(`/api/events/${event.id}`).expect(200)).body).toMatchObject({
        seatsLeft: 1,
        waitlistOpen: false,
      });
      await reserve(t, event.id).expect(201);
      expect((await t.http().get(`/api/events/${event.id}`).expect(200)).body).toMatchObject({
        seatsLeft: 0,
        waitlistOpen: true,
      });
      const listedItem = (
        await t.http().get('/api/events').query({ clinic: clinic.slug, pageSize: 100 }).expect(200)
      ).body.items.find((e: PublicEventBody) => e.id === event.id);
      expect(listedItem).toMatchObject({ seatsLeft: 0, waitlistOpen: true });
    });

    it('is not waitlistOpen when full with the waiting list off, nor while registration is closed', async () => {
      const noList = await createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 1, waitlistEnabled: false });
      await reserve(t, noList.id).expect(201);
      expect((await t.http().get(`/api/events/${noList.id}`).expect(200)).body).toMatchObject({
        seatsLeft: 0,
        waitlistOpen: false,
        registrationOpen: true,
      });

      const notYet = await createPublishedEvent(t, admin.auth, clinic.slug, {
        registrationOpensAt: fromNow({ days: 1 }),
      });
      expect((await t.http().get(`/api/events/${notYet.id}`).expect(200)).body).toMatchObject({
        registrationOpen: false,
        waitlistOpen: false,
      });
    });
  });

  describe('time zones', () => {
    const now = new Date();
    // The next 1 December still ahead (2026-12-01 when this was written).
    const year =
      now < new Date(Date.UTC(now.getUTCFullYear(), 10, 29)) ? now.getUTCFullYear() : now.getUTCFullYear() + 1;
    let tz: ClinicBody;

    beforeAll(async () => {
      tz = await createClinic(t, admin.auth, { timeZone: 'America/Chicago' });
    });

    const create = (timeZone: string | undefined, startsAt: string, endsAt: string) =>
      createPublishedEvent(t, admin.auth, tz.slug, { timeZone, startsAt, endsAt });

    it('reads local times in the event zone: 18:00 in New York comes an hour before 18:00 in Chicago', async () => {
      const chicago = await create('America/Chicago', `${year}-12-01T18:00`, `${year}-12-01T19:30`);
      const newYork = await create('America/New_York', `${year}-12-01T18:00:00`, `${year}-12-01T19:30:00`);
      expect(chicago).toMatchObject({
        timeZone: 'America/Chicago',
        startsAt: `${year}-12-02T00:00:00.000Z`,
        endsAt: `${year}-12-02T01:30:00.000Z`,
        localStartsAt: `${year}-12-01T18:00:00-06:00`,
        localEndsAt: `${year}-12-01T19:30:00-06:00`,
      });
      expect(newYork).toMatchObject({
        timeZone: 'America/New_York',
        startsAt: `${year}-12-01T23:00:00.000Z`,
        localStartsAt: `${year}-12-01T18:00:00-05:00`,
      });

      const window = { clinic: tz.slug, from: `${year}-12-01T00:00:00Z`, to: `${year}-12-03T00:00:00Z` };
      const items = (await t.http().get('/api/events').query(window).expect(200)).body.items as PublicEventBody[];
      expect(items.map((e) => [e.id, e.startsAt, e.localStartsAt])).toEqual([
        [newYork.id, `${year}-12-01T23:00:00.000Z`, `${year}-12-01T18:00:00-05:00`],
        [chicago.id, `${year}-12-02T00:00:00.000Z`, `${year}-12-01T18:00:00-06:00`],
      ]);
      // The filter is on instants: from 23:30Z leaves New York out.
      expect(
        await listIds({ clinic: tz.slug, from: `${year}-12-01T23:30:00Z`, to: `${year}-12-03T00:00:00Z` }),
      ).toEqual([chicago.id]);
    });

    it("defaults to the clinic's zone, and keeps an explicit offset as that instant", async () => {
      const local = await create(undefined, `${year}-12-08T09:00`, `${year}-12-08T10:00`);
      expect(local).toMatchObject({
        timeZone: 'America/Chicago',
        startsAt: `${year}-12-08T15:00:00.000Z`,
        localStartsAt: `${year}-12-08T09:00:00-06:00`,
      });
      const offset = await create('America/Chicago', `${year}-12-08T18:00:00+01:00`, `${year}-12-08T19:00:00+01:00`);
      expect(offset).toMatchObject({
        startsAt: `${year}-12-08T17:00:00.000Z`,
        localStartsAt: `${year}-12-08T11:00:00-06:00`,
      });
    });

    it('gets the offsets right across the spring and autumn DST changes', async () => {
      const dstYear = year + 1;
      const nthSunday = (month: number, n: number) => {
        let day = 1;
        while (new Date(Date.UTC(dstYear, month, day)).getUTCDay() !== 0) day += 1;
        return day + 7 * (n - 1);
      };
      const pad = (n: number) => String(n).padStart(2, '0');
      const spring = nthSunday(2, 2); // US clocks go forward at 02:00 on the second Sunday of March
      const autumn = nthSunday(10, 1); // and back at 02:00 on the first Sunday of November
      const march = (day: number, time: string) => `${dstYear}-03-${pad(day)}T${time}`;
      const november = (day: number, time: string) => `${dstYear}-11-${pad(day)}T${time}`;

      const saturday = await create('America/Chicago', march(spring - 1, '18:00'), march(spring - 1, '19:00'));
      const sunday = await create('America/Chicago', march(spring, '18:00'), march(spring, '19:00'));
      const overnight = await create('America/Chicago', march(spring, '01:00'), march(spring, '03:30'));
      const newYorkSunday = await create('America/New_York', march(spring, '18:00'), march(spring, '19:00'));
      expect(saturday).toMatchObject({
        startsAt: `${march(spring, '00:00')}:00.000Z`,
        localStartsAt: `${march(spring - 1, '18:00')}:00-06:00`,
      });
      expect(sunday).toMatchObject({
        startsAt: `${march(spring, '23:00')}:00.000Z`,
        localStartsAt: `${march(spring, '18:00')}:00-05:00`,
      });
      // 01:00 CST to 03:30 CDT is 1.5 hours, not 2.5.
      expect(overnight).toMatchObject({
        startsAt: `${march(spring, '07:00')}:00.000Z`,
        endsAt: `${march(spring, '08:30')}:00.000Z`,
        localEndsAt: `${march(spring, '03:30')}:00-05:00`,
      });
      expect(newYorkSunday).toMatchObject({ startsAt: `${march(spring, '22:00')}:00.000Z` });
      expect(
        await listIds({
          clinic: tz.slug,
          from: `${march(spring - 1, '00:00')}:00Z`,
          to: `${march(spring + 1, '12:00')}:00Z`,
        }),
      ).toEqual([saturday.id, overnight.id, newYorkSunday.id, sunday.id]);

      const beforeBack = await create('America/Chicago', november(autumn - 1, '18:00'), november(autumn - 1, '19:00'));
      const afterBack = await create('America/Chicago', november(autumn, '18:00'), november(autumn, '19:00'));
      expect(beforeBack).toMatchObject({
        startsAt: `${november(autumn - 1, '23:00')}:00.000Z`,
        localStartsAt: `${november(autumn - 1, '18:00')}:00-05:00`,
      });
      expect(afterBack).toMatchObject({
        startsAt: `${november(autumn + 1, '00:00')}:00.000Z`,
        localStartsAt: `${november(autumn, '18:00')}:00-06:00`,
      });
    });
  });
});
