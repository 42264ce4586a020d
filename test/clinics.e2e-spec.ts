import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sampleClinic, signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

describe('clinics', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
  });
  afterAll(() => t.close());

  it('an admin creates, reads, updates and archives a clinic; archived clinics are hidden but kept', async () => {
    const created = await t
      .http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .send(sampleClinic({ slug: 'lakeside' }))
      .expect(201);
    expect(created.body).toMatchObject({ slug: 'lakeside', timeZone: 'America/Chicago', archivedAt: null });

    const read = await t.http().get('/api/clinics/lakeside').expect(200);
    expect(read.body.name).toBe('Lakeside Back Clinic');
    expect(read.body).not.toHaveProperty('archivedAt');

    const updated = await t
      .http()
      .patch('/api/admin/clinics/lakeside')
      .set(admin.auth)
      .send({ phone: '+1 312 555 0199' })
      .expect(200);
    expect(updated.body.phone).toBe('+1 312 555 0199');

    await t.http().post('/api/admin/clinics/lakeside/archive').set(admin.auth).expect(200);
    await t.http().get('/api/clinics/lakeside').expect(404);
    const publicList = await t.http().get('/api/clinics').expect(200);
    expect(publicList.body.map((c: { slug: string }) => c.slug)).not.toContain('lakeside');
    const adminList = await t.http().get('/api/admin/clinics').set(admin.auth).expect(200);
    expect(adminList.body.find((c: { slug: string }) => c.slug === 'lakeside').archivedAt).toEqual(expect.any(String));
  });

  it('refuses a duplicate slug with 409 CLINIC_SLUG_TAKEN', async () => {
    await t
      .http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .send(sampleClinic({ slug: 'twice' }))
      .expect(201);
    const again = await t
      .http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .send(sampleClinic({ slug: 'twice' }))
      .expect(409);
    expect(again.body).toEqual({ statusCode: 409, code: 'CLINIC_SLUG_TAKEN', message: expect.any(String) });
  });

  describe('bad input is a 400 VALIDATION_FAILED naming the field', () => {
    it.each([
      ['an unknown field', { colour: 'blue' }, 'colour'],
      ['a bad time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      ['a bad organizer e-mail', { organizerEmail: 'not-an-email' }, 'organizerEmail'],
      [
        'a nested bad field',
        { address: { line1: 'x', city: 'y', postalCode: '1', country: 'usa' } },
        'address.country',
      ],
    ])('%s', async (_name, override, field) => {
      const response = await t
        .http()
        .post('/api/admin/clinics')
        .set(admin.auth)
        .send(sampleClinic(override))
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(response.body.message).toMatch(field.split('.').pop()!);
    });
  });

  it('answers malformed JSON with 400 MALFORMED_JSON and an oversized body with 413', async () => {
    const malformed = await t
      .http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .send('{"name":')
      .expect(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const huge = await t
      .http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .send(sampleClinic({ name: 'x'.repeat(200_000) }))
      .expect(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reads a JSON label with no body as no body, and answers a body type it does not read with 415', async () => {
    // A client that labels every request JSON: the body is missing, so the usual validation names the fields.
    const empty = await t
      .http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .send('')
      .expect(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');
    const csv = await t
      .http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .set('Content-Type', 'text/csv')
      .send('name,slug')
      .expect(415);
    expect(csv.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    const whitespace = await t
      .http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .send('  ')
      .expect(400);
    expect(whitespace.body.code).toBe('MALFORMED_JSON');
  });

  it('keeps the canonical zone name when an alias is given', async () => {
    const created = await t
      .http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .send(sampleClinic({ timeZone: 'US/Eastern' }))
      .expect(201);
    expect(created.body.timeZone).toBe('America/New_York');
  });

  it('answers an unknown route with a 404 in the common error shape', async () => {
    const response = await t.http().get('/api/no-such-route').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });
});
