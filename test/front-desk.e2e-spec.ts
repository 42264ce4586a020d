import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sampleClinic, signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

describe('front desk: check-in and attendee export', () => {
  let t: TestApp;
  let staff: SignedIn;
  let otherStaff: SignedIn;
  let eventId: string;
  const reservationIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await signInNewUser(t, 'admin');
    const clinic = (await t.http().post('/api/admin/clinics').set(admin.auth).send(sampleClinic({ slug: 'desk' })).expect(201)).body;
    const other = (await t.http().post('/api/admin/clinics').set(admin.auth).send(sampleClinic({ slug: 'elsewhere' })).expect(201)).body;
    staff = await signInNewUser(t, 'staff', [clinic.id]);
    otherStaff = await signInNewUser(t, 'staff', [other.id]);
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const event = await t
      .http()
      .post('/api/clinics/desk/events')
      .set(staff.auth)
      .send({ kind: 'seminar', title: 'Desk test', startsAt: `${day}T18:00`, endsAt: `${day}T19:00`, capacity: 2 })
      .expect(201);
    eventId = event.body.id;
    await t.http().post(`/api/events/${eventId}/publish`).set(staff.auth).expect(200);
    for (const [name, email] of [['=cmd|calc', 'a@example.com'], ['Smith, "Jo"', 'b@example.com'], ['Waiting Wanda', 'c@example.com']]) {
      const answer = await t.http().post(`/api/events/${eventId}/reservations`).send({ name, email, consent: { privacyPolicy: true } }).expect(201);
      reservationIds[email] = answer.body.reservationId;
    }
  });
  afterAll(() => t.close());

  describe('check-in', () => {
    it('marks a confirmed attendee as arrived, keeps the first time on a second check-in, and can be undone', async () => {
      const id = reservationIds['a@example.com'];
      const first = await t.http().post(`/api/events/${eventId}/reservations/${id}/check-in`).set(staff.auth).expect(200);
      expect(first.body.checkedInAt).toEqual(expect.any(String));
      const again = await t.http().post(`/api/events/${eventId}/reservations/${id}/check-in`).set(staff.auth).expect(200);
      expect(again.body.checkedInAt).toBe(first.body.checkedInAt);
      const undone = await t.http().delete(`/api/events/${eventId}/reservations/${id}/check-in`).set(staff.auth).expect(200);
      expect(undone.body.checkedInAt).toBeNull();
    });

    it('refuses to check in someone on the waiting list', async () => {
      const response = await t.http().post(`/api/events/${eventId}/reservations/${reservationIds['c@example.com']}/check-in`).set(staff.auth).expect(409);
      expect(response.body.code).toBe('NOT_CONFIRMED');
    });

    it("is closed to another clinic's staff and to anonymous callers", async () => {
      const id = reservationIds['b@example.com'];
      await t.http().post(`/api/events/${eventId}/reservations/${id}/check-in`).set(otherStaff.auth).expect(403);
      await t.http().post(`/api/events/${eventId}/reservations/${id}/check-in`).expect(401);
    });
  });

  describe('attendee export', () => {
    it('downloads a CSV with confirmed attendees, then the waiting list, formulas neutralised', async () => {
      const response = await t.http().get(`/api/events/${eventId}/attendees.csv`).set(staff.auth).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="attendees-/);
      const lines = response.text.trim().split('\r\n');
      expect(lines).toHaveLength(4);
      expect(lines[1]).toContain(`'=cmd|calc`);
      expect(lines[2]).toContain('"Smith, ""Jo"""');
      expect(lines[3]).toMatch(/,waitlisted,1,Waiting Wanda,/);
    });

    it("is closed to another clinic's staff", async () => {
      await t.http().get(`/api/events/${eventId}/attendees.csv`).set(otherStaff.auth).expect(403);
    });
  });
});

describe("the manage link's invite.ics", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('downloads the current invite for a confirmed seat and refuses one on the waiting list', async () => {
    const admin = await signInNewUser(t, 'admin');
    await t.http().post('/api/admin/clinics').set(admin.auth).send(sampleClinic({ slug: 'ics', timeZone: 'Europe/Lisbon' })).expect(201);
    const day = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
    const event = await t.http().post('/api/clinics/ics/events').set(admin.auth)
      .send({ kind: 'seminar', title: 'Invite file', startsAt: `${day}T18:00`, endsAt: `${day}T19:00`, capacity: 1 })
      .expect(201);
    await t.http().post(`/api/events/${event.body.id}/publish`).set(admin.auth).expect(200);
    const seat = await t.http().post(`/api/events/${event.body.id}/reservations`).send({ name: 'Rui', email: 'rui@example.com', consent: { privacyPolicy: true } }).expect(201);
    const waiting = await t.http().post(`/api/events/${event.body.id}/reservations`).send({ name: 'Eva', email: 'eva@example.com', consent: { privacyPolicy: true } }).expect(201);

    const ics = await t.http().get(`/api/reservations/manage/${seat.body.manageToken}/invite.ics`).expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar; method=REQUEST/);
    expect(ics.text).toMatch(/^BEGIN:VCALENDAR/);
    expect(ics.text).toContain('METHOD:REQUEST');
    expect(ics.text).toContain(`DTSTART;TZID=Europe/Lisbon:${day.replace(/-/g, '')}T180000`);
    expect(ics.text).toContain('BEGIN:VTIMEZONE');

    const refused = await t.http().get(`/api/reservations/manage/${waiting.body.manageToken}/invite.ics`).expect(409);
    expect(refused.body.code).toBe('NOT_CONFIRMED');
    await t.http().get('/api/reservations/manage/not-a-real-token-at-all-xxxxxxxx/invite.ics').expect(404);
  });
});

describe('walk-ins at the door', () => {
  let t: TestApp;
  let staff: SignedIn;
  let otherStaff: SignedIn;
  let eventId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await signInNewUser(t, 'admin');
    const clinic = (await t.http().post('/api/admin/clinics').set(admin.auth).send(sampleClinic({ slug: 'door' })).expect(201)).body;
    const other = (await t.http().post('/api/admin/clinics').set(admin.auth).send(sampleClinic({ slug: 'not-door' })).expect(201)).body;
    staff = await signInNewUser(t, 'staff', [clinic.id]);
    otherStaff = await signInNewUser(t, 'staff', [other.id]);
    const starts = new Date(Date.now() + 60 * 60_000);
    const event = await t.http().post('/api/clinics/door/events').set(staff.auth)
      .send({ kind: 'seminar', title: 'Door test', startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 3_600_000).toISOString(), capacity: 3, registrationClosesAt: new Date(Date.now() + 60_000).toISOString() })
      .expect(201);
    eventId = event.body.id;
    await t.http().post(`/api/events/${eventId}/publish`).set(staff.auth).expect(200);
    await t.http().post(`/api/events/${eventId}/reservations`).send({ name: 'Booked Ben', email: 'ben@example.com', consent: { privacyPolicy: true } }).expect(201);
  });
  afterAll(() => t.close());

  it('seats and checks in a walk-in while a seat is free, marked as a walk-in', async () => {
    const walkIn = await t.http().post(`/api/events/${eventId}/walk-ins`).set(staff.auth).send({ name: 'Walk-in Wes', email: 'Wes@Example.com', partySize: 2 }).expect(201);
    expect(walkIn.body).toMatchObject({ status: 'confirmed', source: 'walk-in', partySize: 2, email: 'wes@example.com', checkedInAt: expect.any(String) });
    const list = await t.http().get(`/api/events/${eventId}/reservations`).set(staff.auth).expect(200);
    expect(list.body.counts).toMatchObject({ capacity: 3, confirmedSeats: 3, seatsLeft: 0 });
  });

  it('never seats one past capacity, and refuses someone who already has a reservation', async () => {
    const full = await t.http().post(`/api/events/${eventId}/walk-ins`).set(staff.auth).send({ name: 'Late Lou', email: 'lou@example.com' }).expect(409);
    expect(full.body.code).toBe('EVENT_FULL');
    await t.http().put(`/api/events/${eventId}/capacity`).set(staff.auth).send({ capacity: 4 }).expect(200);
    const again = await t.http().post(`/api/events/${eventId}/walk-ins`).set(staff.auth).send({ name: 'Ben', email: 'ben@example.com' }).expect(409);
    expect(again.body.code).toBe('ALREADY_RESERVED');
  });

  it("is for this clinic's staff only", async () => {
    await t.http().post(`/api/events/${eventId}/walk-ins`).set(otherStaff.auth).send({ name: 'X', email: 'x@example.com' }).expect(403);
    await t.http().post(`/api/events/${eventId}/walk-ins`).send({ name: 'X', email: 'x@example.com' }).expect(401);
  });
});
