import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sampleClinic, signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

describe('erasing an attendee on request', () => {
  let t: TestApp;
  let admin: SignedIn;
  let staff: SignedIn;
  let eventId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    const clinic = (
      await t
        .http()
        .post('/api/admin/clinics')
        .set(admin.auth)
        .send(sampleClinic({ slug: 'erase' }))
        .expect(201)
    ).body;
    staff = await signInNewUser(t, 'staff', [clinic.id]);
    const day = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    eventId = (
      await t
        .http()
        .post('/api/clinics/erase/events')
        .set(staff.auth)
        .send({ kind: 'seminar', title: 'Erasure', startsAt: `${day}T10:00`, endsAt: `${day}T11:00`, capacity: 3 })
        .expect(201)
    ).body.id;
    await t.http().post(`/api/events/${eventId}/publish`).set(staff.auth).expect(200);
    await t
      .http()
      .post(`/api/events/${eventId}/reservations`)
      .send({
        name: 'Private Person',
        email: 'Private.Person@Example.com',
        phone: '+44 20 7946 0000',
        partySize: 2,
        consent: { privacyPolicy: true },
      })
      .expect(201);
    await t
      .http()
      .post(`/api/events/${eventId}/reservations`)
      .send({ name: 'Someone Else', email: 'else@example.com', consent: { privacyPolicy: true } })
      .expect(201);
  });
  afterAll(() => t.close());

  it('anonymises every reservation of the address while the seat counts stay right', async () => {
    const report = await t
      .http()
      .post('/api/admin/attendees/erase')
      .set(admin.auth)
      .send({ email: 'private.person@example.com' })
      .expect(200);
    expect(report.body).toEqual({ reservationsAnonymised: 1 });

    const list = await t.http().get(`/api/events/${eventId}/reservations`).set(staff.auth).expect(200);
    expect(list.body.counts).toMatchObject({ capacity: 3, confirmedSeats: 3, seatsLeft: 0 });
    const text = JSON.stringify(list.body);
    expect(text).not.toMatch(/Private|private\.person|7946/i);
    expect(text).toContain('Someone Else');

    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM reservations WHERE email ILIKE '%private%' OR name ILIKE '%private%'`,
    );
    expect(count).toBe(0);
  });

  it('frees the address: the person may book again as a new attendee', async () => {
    await t.http().put(`/api/events/${eventId}/capacity`).set(staff.auth).send({ capacity: 4 }).expect(200);
    await t
      .http()
      .post(`/api/events/${eventId}/reservations`)
      .send({ name: 'Private Person', email: 'private.person@example.com', consent: { privacyPolicy: true } })
      .expect(201);
  });

  it('is for admins only', async () => {
    await t.http().post('/api/admin/attendees/erase').set(staff.auth).send({ email: 'else@example.com' }).expect(403);
    await t.http().post('/api/admin/attendees/erase').send({ email: 'else@example.com' }).expect(401);
  });
});
