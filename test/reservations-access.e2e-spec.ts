import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Test } from 'supertest';
import {
  attendee,
  createClinic,
  createEvent,
  createPublishedEvent,
  reserve,
  seatLedger,
  type ClinicBody,
  type StaffEventBody,
} from './support/booking-fixtures.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/** DESIGN rule 8: staff see and change only their own clinics' events and attendees; admins all. */
describe('access to events and reservations', () => {
  let t: TestApp;
  let admin: SignedIn;
  let staffA: SignedIn;
  let staffB: SignedIn;
  let clinicA: ClinicBody;
  let clinicB: ClinicBody;
  let eventA: StaffEventBody;
  const attendeeEmail = `private-person-${Date.now()}@example.org`;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinicA = await createClinic(t, admin.auth);
    clinicB = await createClinic(t, admin.auth);
    staffA = await signInNewUser(t, 'staff', [clinicA.id]);
    staffB = await signInNewUser(t, 'staff', [clinicB.id]);
    eventA = await createPublishedEvent(t, admin.auth, clinicA.slug, { capacity: 10 });
    await reserve(t, eventA.id, attendee({ email: attendeeEmail, name: 'Private Person' })).expect(201);
  });
  afterAll(() => t.close());

  type Call = (auth: Record<string, string>) => Test;
  const calls: [string, () => Call][] = [
    ['list the reservations', () => (auth) => t.http().get(`/api/events/${eventA.id}/reservations`).set(auth)],
    [
      'change the capacity',
      () => (auth) => t.http().put(`/api/events/${eventA.id}/capacity`).set(auth).send({ capacity: 12 }),
    ],
    ['edit the event', () => (auth) => t.http().patch(`/api/events/${eventA.id}`).set(auth).send({ title: 'Renamed' })],
    ['list the clinic’s events', () => (auth) => t.http().get(`/api/clinics/${clinicA.slug}/events`).set(auth)],
    [
      'create an event',
      () => (auth) =>
        t
          .http()
          .post(`/api/clinics/${clinicA.slug}/events`)
          .set(auth)
          .send({ kind: 'seminar', title: 'x', startsAt: eventA.startsAt, endsAt: eventA.endsAt, capacity: 5 }),
    ],
  ];

  describe.each(calls)('%s', (_name, call) => {
    it('is 401 for an anonymous caller', async () => {
      const response = await call()({}).expect(401);
      expect(response.body).toMatchObject({ statusCode: 401, code: expect.any(String) });
    });

    it("is 403 for staff of another clinic, and says nothing of the clinic's attendees", async () => {
      const response = await call()(staffB.auth).expect(403);
      expect(response.body).toMatchObject({ statusCode: 403, code: expect.any(String) });
      expect(JSON.stringify(response.body)).not.toContain(attendeeEmail);
    });

    it('is allowed for staff of the clinic and for admins', async () => {
      for (const auth of [staffA.auth, admin.auth]) {
        const response = await call()(auth);
        expect({ status: response.status, body: response.status < 300 ? 'ok' : response.body }).toEqual({
          status: expect.any(Number),
          body: 'ok',
        });
      }
    });
  });

  it("staff of another clinic cannot cancel the clinic's reservations (403); anonymous 401; staff of the clinic can", async () => {
    const event = await createPublishedEvent(t, admin.auth, clinicA.slug, { capacity: 2 });
    const reserved = await reserve(t, event.id).expect(201);
    const path = `/api/events/${event.id}/reservations/${reserved.body.reservationId}/cancel`;
    await t.http().post(path).expect(401);
    await t.http().post(path).set(staffB.auth).expect(403);
    expect(await seatLedger(t, event.id)).toMatchObject({ confirmed_seats: 1, confirmed_count: 1 });
    const cancelled = await t.http().post(path).set(staffA.auth).expect(200);
    expect(cancelled.body).toMatchObject({ id: reserved.body.reservationId, status: 'cancelled' });
    expect(await seatLedger(t, event.id)).toMatchObject({ confirmed_seats: 0, confirmed_count: 0 });
  });

  it("staff of another clinic cannot publish, cancel or complete the clinic's events", async () => {
    const draft = await createEvent(t, admin.auth, clinicA.slug);
    for (const action of ['publish', 'cancel', 'complete']) {
      await t.http().post(`/api/events/${draft.id}/${action}`).set(staffB.auth).expect(403);
      await t.http().post(`/api/events/${draft.id}/${action}`).expect(401);
    }
    const list = await t.http().get(`/api/clinics/${clinicA.slug}/events`).set(staffA.auth).expect(200);
    expect(list.body.find((e: { id: string }) => e.id === draft.id).status).toBe('draft');
  });

  it('staff see their own clinic’s attendees; admins see every clinic’s', async () => {
    const own = await t.http().get(`/api/events/${eventA.id}/reservations`).set(staffA.auth).expect(200);
    expect(own.body.reservations.map((r: { email: string }) => r.email)).toContain(attendeeEmail);
    const eventB = await createPublishedEvent(t, admin.auth, clinicB.slug);
    await reserve(t, eventB.id).expect(201);
    await t.http().get(`/api/events/${eventB.id}/reservations`).set(staffA.auth).expect(403);
    const asAdmin = await t.http().get(`/api/events/${eventB.id}/reservations`).set(admin.auth).expect(200);
    expect(asAdmin.body.reservations).toHaveLength(1);
  });

  it('a signed-in staff member of another clinic cannot see a draft of this clinic through the public API either', async () => {
    const draft = await createEvent(t, admin.auth, clinicA.slug);
    await t.http().get(`/api/events/${draft.id}`).set(staffB.auth).expect(404);
  });
});
