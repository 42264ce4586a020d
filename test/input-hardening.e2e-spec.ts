import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request, { type Response } from 'supertest';
import {
  attendee,
  createClinic,
  createEvent,
  createPublishedEvent,
  reserve,
  type ClinicBody,
} from './support/booking-fixtures.js';
import { fieldError, hiddenField, reservationForm } from './support/page-forms.js';
import { sampleClinic, signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/** DESIGN rule 9: bad input is a 4xx, a 500 is a bug (issue 10, "never a 500 from bad input"). */

const NUL = 'a\u0000b';
const LONE_SURROGATE = '\ud800';

function fieldsOf(response: Response): string[] {
  return ((response.body as { details?: { fields?: { field: string }[] } }).details?.fields ?? []).map((f) => f.field);
}

function expectRefused(response: Response, field: string): void {
  expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  expect(fieldsOf(response)).toContain(field);
}

/** Nested arrays as raw JSON text: `[[[…]]]`. */
const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('input hardening', () => {
  let t: TestApp;
  let admin: SignedIn;
  let staff: SignedIn;
  let clinic: ClinicBody;
  let eventId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth);
    staff = await signInNewUser(t, 'staff', [clinic.id]);
    eventId = (await createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 50 })).id;
  });
  afterAll(() => t.close());

  describe('one rule for all text: no control characters but tab (and line breaks where they make sense), no unpaired surrogates', () => {
    it('refuses a NUL in a body field, naming it', async () => {
      expectRefused(await reserve(t, eventId, attendee({ name: NUL })), 'name');
      expectRefused(
        await t.http().post(`/api/clinics/${clinic.slug}/events`).set(admin.auth).send({ title: NUL, kind: 'seminar' }),
        'title',
      );
      expectRefused(
        await t
          .http()
          .post('/api/admin/clinics')
          .set(admin.auth)
          .send(sampleClinic({ address: { line1: NUL, city: 'Chicago', postalCode: '1', country: 'US' } })),
        'address.line1',
      );
    });

    it('refuses a NUL in a query, naming it', async () => {
      expectRefused(await t.http().get('/api/events?clinic=%00'), 'clinic');
      expectRefused(await t.http().get('/api/events?kind=seminar&from=2026-01-01T00:00%00'), 'from');
    });

    it('answers a path that holds what no id, slug or token can hold with 404 NOT_FOUND, before anything looks it up', async () => {
      for (const path of [
        '/api/clinics/%00',
        '/api/clinics/a%0Ab',
        '/api/reservations/manage/a%00b',
        '/api/admin/clinics/%7F/archive',
      ]) {
        const response = await t.http().get(path).set(admin.auth);
        expect({ path, status: response.status, code: response.body.code }).toEqual({
          path,
          status: 404,
          code: 'NOT_FOUND',
        });
      }
      // A staff member's clinic is looked up by the auth guard, before any pipe runs.
      await t.http().get('/api/clinics/%00/events').set(staff.auth).expect(404);
    });

    it('refuses an unpaired surrogate in every e-mail field, without the e-mail check throwing', async () => {
      expectRefused(
        await t.http().post('/api/auth/login').send({ email: LONE_SURROGATE, password: 'whatever it is' }),
        'email',
      );
      expectRefused(await reserve(t, eventId, attendee({ email: `${LONE_SURROGATE}@example.org` })), 'email');
      expectRefused(
        await t
          .http()
          .post(`/api/events/${eventId}/walk-ins`)
          .set(staff.auth)
          .send({ name: 'Wes', email: LONE_SURROGATE }),
        'email',
      );
      expectRefused(
        await t
          .http()
          .post('/api/admin/staff')
          .set(admin.auth)
          .send({ email: LONE_SURROGATE, name: 'Dana', role: 'staff', password: 'a long enough password' }),
        'email',
      );
      expectRefused(
        await t
          .http()
          .post('/api/admin/clinics')
          .set(admin.auth)
          .send(sampleClinic({ organizerEmail: LONE_SURROGATE })),
        'organizerEmail',
      );
      expectRefused(
        await t.http().post('/api/admin/attendees/erase').set(admin.auth).send({ email: LONE_SURROGATE }),
        'email',
      );
    });

    it('refuses an unpaired surrogate in an event title; the change notice is never queued', async () => {
      const event = await createPublishedEvent(t, admin.auth, clinic.slug);
      await reserve(t, event.id).expect(201);
      expectRefused(
        await t
          .http()
          .patch(`/api/events/${event.id}`)
          .set(admin.auth)
          .send({ title: `Back ${LONE_SURROGATE} pain` }),
        'title',
      );
      // A pair is a character like any other.
      const emoji = await t
        .http()
        .patch(`/api/events/${event.id}`)
        .set(admin.auth)
        .send({ title: 'Back pain \ud83d\ude42' })
        .expect(200);
      expect(emoji.body.title).toBe('Back pain \ud83d\ude42');
    });

    it('takes line breaks only where a line break makes sense', async () => {
      expectRefused(await reserve(t, eventId, attendee({ name: 'Ana\nSouza' })), 'name');
      expectRefused(
        await t.http().patch(`/api/events/${eventId}`).set(admin.auth).send({ title: 'Back\r\npain' }),
        'title',
      );
      const described = await t
        .http()
        .patch(`/api/events/${eventId}`)
        .set(admin.auth)
        .send({ description: 'Line one\nLine two\r\n\tindented' })
        .expect(200);
      expect(described.body.description).toBe('Line one\nLine two\r\n\tindented');
      expectRefused(
        await t.http().patch(`/api/events/${eventId}`).set(admin.auth).send({ description: 'bell \u0007' }),
        'description',
      );
      expectRefused(
        await t
          .http()
          .patch(`/api/events/${eventId}`)
          .set(admin.auth)
          .send({ description: 'a lone \r carriage return' }),
        'description',
      );
      await reserve(t, eventId, attendee({ name: 'Ana\tSouza' })).expect(201);
    });

    it('refuses DEL and C1 control characters, and control characters in property names', async () => {
      expectRefused(await reserve(t, eventId, attendee({ name: 'a\u007fb' })), 'name');
      expectRefused(await reserve(t, eventId, attendee({ name: 'a\u0085b' })), 'name');
      const response = await reserve(t, eventId, { ...attendee(), ['x\u0000y']: 1 });
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('answers a page with a NUL in its path with the 404 page, and shows a NUL in a form beside its field', async () => {
      const page = await t.http().get('/clinics/%00');
      expect(page.status).toBe(404);
      expect(page.headers['content-type']).toMatch(/text\/html/);

      const browser = request.agent(t.app.getHttpServer());
      const form = await browser.get(`/events/${eventId}`).expect(200);
      const answer = await browser
        .post(`/events/${eventId}/reserve`)
        .type('form')
        .send({
          ...reservationForm({ name: NUL }),
          _csrf: hiddenField(form.text, '_csrf'),
          formKey: hiddenField(form.text, 'formKey'),
        });
      expect(answer.status).toBeLessThan(500);
      expect(fieldError(answer.text, 'name')).toBeTruthy();
    });
  });

  describe('JSON bodies nest at most 32 levels, checked before anything recursive', () => {
    it.each([33, 5_000, 49_000])('refuses %i levels with 400 INPUT_TOO_DEEP, on public routes too', async (levels) => {
      const response = await t
        .http()
        .post(`/api/events/${eventId}/reservations`)
        .set('Content-Type', 'application/json')
        .send(nestedArrays(levels));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'INPUT_TOO_DEEP', details: { maxDepth: 32 } });
    });

    it('refuses deep objects inside a valid-looking body', async () => {
      let deep: unknown = 'x';
      for (let level = 0; level < 40; level += 1) deep = { a: deep };
      const response = await t.http().post('/api/auth/login').send({ email: 'a@b.example', password: deep });
      expect(response.body.code).toBe('INPUT_TOO_DEEP');
    });

    it('lets 32 levels through to the usual validation', async () => {
      const response = await t
        .http()
        .post(`/api/events/${eventId}/reservations`)
        .set('Content-Type', 'application/json')
        .send(nestedArrays(32));
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });
  });

  describe('null in PATCH is decided per field: refused where the column cannot hold it, "clear" where it can', () => {
    it.each([
      ['title', { title: null }],
      ['description', { description: null }],
      ['startsAt', { startsAt: null }],
      ['timeZone', { timeZone: null }],
      ['maxPartySize', { maxPartySize: null }],
      ['waitlistEnabled', { waitlistEnabled: null }],
      ['reminderOffsetsMinutes', { reminderOffsetsMinutes: null }],
      ['registrationClosesAt', { registrationClosesAt: null }],
    ])('an event refuses %s: null', async (field, body) => {
      expectRefused(await t.http().patch(`/api/events/${eventId}`).set(admin.auth).send(body), field);
    });

    it('an event clears its venue name and join URL with null', async () => {
      const seminar = await createEvent(t, admin.auth, clinic.slug, { venueName: 'Room 2' });
      const cleared = await t
        .http()
        .patch(`/api/events/${seminar.id}`)
        .set(admin.auth)
        .send({ venueName: null, joinUrl: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ venue: { name: null }, joinUrl: null, title: seminar.title });

      const webinar = await createEvent(t, admin.auth, clinic.slug, {
        kind: 'webinar',
        venueName: undefined,
        joinUrl: 'https://meet.example/abc',
      });
      // A webinar needs its join URL: clearing it is the usual 400 naming joinUrl.
      expectRefused(
        await t.http().patch(`/api/events/${webinar.id}`).set(admin.auth).send({ joinUrl: null }),
        'joinUrl',
      );
    });

    it.each([
      ['name', { name: null }],
      ['phone', { phone: null }],
      ['address', { address: null }],
      ['timeZone', { timeZone: null }],
      ['organizerEmail', { organizerEmail: null }],
      ['locale', { locale: null }],
      ['embedOrigins', { embedOrigins: null }],
      ['address.line1', { address: { line1: null, city: 'Chicago', postalCode: '60601', country: 'US' } }],
    ])('a clinic refuses %s: null', async (field, body) => {
      expectRefused(await t.http().patch(`/api/admin/clinics/${clinic.slug}`).set(admin.auth).send(body), field);
    });

    it('a clinic clears its address line2 and region with null', async () => {
      const own = await createClinic(t, admin.auth, {
        address: {
          line1: '1 Main St',
          line2: 'Floor 2',
          city: 'Chicago',
          postalCode: '60601',
          region: 'IL',
          country: 'US',
        },
      });
      const updated = await t
        .http()
        .patch(`/api/admin/clinics/${own.slug}`)
        .set(admin.auth)
        .send({
          address: {
            line1: '1 Main St',
            line2: null,
            city: 'Chicago',
            postalCode: '60601',
            region: null,
            country: 'US',
          },
        })
        .expect(200);
      expect(updated.body.address).toEqual({ line1: '1 Main St', city: 'Chicago', postalCode: '60601', country: 'US' });
    });

    it.each([
      ['name', { name: null }],
      ['role', { role: null }],
      ['password', { password: null }],
      ['clinicIds', { clinicIds: null }],
      ['disabled', { disabled: null }],
    ])('a staff account refuses %s: null', async (field, body) => {
      expectRefused(await t.http().patch(`/api/admin/staff/${staff.id}`).set(admin.auth).send(body), field);
    });

    it('a reservation takes phone: null as no phone and refuses partySize: null', async () => {
      const booked = await reserve(t, eventId, attendee({ phone: null })).expect(201);
      const managed = await t.http().get(`/api/reservations/manage/${booked.body.manageToken}`).expect(200);
      expect(managed.body.phone).toBeNull();
      expectRefused(await reserve(t, eventId, attendee({ partySize: null })), 'partySize');
    });
  });

  describe('a clinic needs its address', () => {
    it.each([
      ['left out', { address: undefined }],
      ['null', { address: null }],
      ['not an object', { address: 'Harbour Street' }],
    ])('refuses an address %s with 400 naming address', async (_name, override) => {
      expectRefused(await t.http().post('/api/admin/clinics').set(admin.auth).send(sampleClinic(override)), 'address');
    });
  });
});
