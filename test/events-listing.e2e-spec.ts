import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toPublicEventView } from '../src/events/dto/event-views.js';
import { EventsService } from '../src/events/events.service.js';
import {
  createClinic,
  createPublishedEvent,
  fromNow,
  reserve,
  attendee,
  type ClinicBody,
  type PublicEventBody,
  type StaffEventBody,
} from './support/booking-fixtures.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/**
 * The public catalogue read as plain SQL (GET /api/events, GET /api/events/:id): the same answer as the entity
 * path gave, the catalogue's rule and filters on real PostgreSQL, and HTTP caching (ETag, 304, Cache-Control).
 */
describe('events listing', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicBody;
  let other: ClinicBody;
  let listed: StaffEventBody[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth, { timeZone: 'Asia/Kolkata' });
    other = await createClinic(t, admin.auth);
    listed = [];
    for (const [day, kind] of [
      [9, 'webinar'],
      [3, 'seminar'],
      [6, 'seminar'],
      [4, 'webinar'],
      [8, 'seminar'],
    ] as const) {
      listed.push(
        await createPublishedEvent(t, admin.auth, clinic.slug, {
          kind,
          startsAt: fromNow({ days: day }),
          endsAt: fromNow({ days: day, hours: 1 }),
          ...(kind === 'webinar' ? { joinUrl: 'https://meet.example/listing', venueName: undefined } : {}),
        }),
      );
    }
    listed.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  });
  afterAll(() => t.close());

  const list = async (query: Record<string, string | number>) =>
    (await t.http().get('/api/events').query(query).expect(200)).body;
  const ids = (body: { items: PublicEventBody[] }) => body.items.map((e) => e.id);

  describe('the answer is the public view the entities gave', () => {
    it('every listed item and the event read alone equal toPublicEventView of the loaded entity', async () => {
      const body = await list({ clinic: clinic.slug });
      const service = t.app.get(EventsService);
      for (const item of body.items as PublicEventBody[]) {
        const { event, clinic: owner } = await service.getPublic(item.id);
        const expected = JSON.parse(JSON.stringify(toPublicEventView(event, owner)));
        expect(item).toEqual(expected);
        expect(Object.keys(item)).toEqual(Object.keys(expected)); // the same keys in the same order: the same bytes
        expect((await t.http().get(`/api/events/${item.id}`).expect(200)).body).toEqual(expected);
      }
    });

    it('the pages keep their entities: listPublic returns the same events in the same order, with their clinic', async () => {
      const { items, total } = await t.app.get(EventsService).listPublic({ clinic: clinic.slug, page: 1, pageSize: 3 });
      expect(total).toBe(5);
      expect(items.map((e) => e.id)).toEqual(listed.slice(0, 3).map((e) => e.id));
      expect(items.every((e) => e.clinic.slug === clinic.slug && e.joinUrl !== undefined)).toBe(true);
    });
  });

  describe('the catalogue rule: published, not ended, of an active clinic', () => {
    it('leaves out an event that has ended but is still published, and one whose clinic is archived', async () => {
      const ended = await createPublishedEvent(t, admin.auth, other.slug);
      await t.dataSource.query(
        `UPDATE events SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' WHERE id = $1`,
        [ended.id],
      );
      const archived = await createClinic(t, admin.auth);
      const hidden = await createPublishedEvent(t, admin.auth, archived.slug);
      await t.http().post(`/api/admin/clinics/${archived.slug}/archive`).set(admin.auth).expect(200);

      const everything = ids(await list({ pageSize: 100 }));
      expect(everything).not.toContain(ended.id);
      expect(everything).not.toContain(hidden.id);
      expect(await list({ clinic: archived.slug })).toMatchObject({ items: [], total: 0 });
      await t.http().get(`/api/events/${hidden.id}`).expect(404);
      // An ended event can still be read alone (its page says it is over).
      expect((await t.http().get(`/api/events/${ended.id}`).expect(200)).body.id).toBe(ended.id);
    });
  });

  describe('filters, order and the total', () => {
    it('combines clinic, kind, from and to, in start order, and counts only what matches', async () => {
      const seminars = listed.filter((e) => e.kind === 'seminar');
      const body = await list({
        clinic: clinic.slug,
        kind: 'seminar',
        from: seminars[1].startsAt,
        to: fromNow({ days: 30 }),
      });
      expect(ids(body)).toEqual(seminars.slice(1).map((e) => e.id));
      expect(body.total).toBe(seminars.length - 1);
    });

    it('orders across clinics by start, then id', async () => {
      const all = (await list({ pageSize: 100 })).items as PublicEventBody[];
      const order = all.map((e) => [e.startsAt, e.id].join(' '));
      expect(order).toEqual([...order].sort());
    });

    it('a page past the end is empty but still says how many match', async () => {
      expect(await list({ clinic: clinic.slug, page: 4, pageSize: 2 })).toEqual({
        items: [],
        page: 4,
        pageSize: 2,
        total: 5,
        totalExact: true,
      });
      expect(await list({ clinic: clinic.slug, kind: 'webinar', page: 2, pageSize: 1 })).toMatchObject({
        page: 2,
        pageSize: 1,
        total: 2,
      });
    });
  });

  describe('HTTP caching', () => {
    it('the list and an event carry a short public Cache-Control and an ETag', async () => {
      for (const path of ['/api/events', `/api/events?clinic=${clinic.slug}`, `/api/events/${listed[0].id}`]) {
        const response = await t.http().get(path).expect(200);
        expect(response.headers['cache-control']).toBe('public, max-age=30');
        expect(response.headers.etag).toMatch(/^(W\/)?"[^"]+"$/);
      }
    });

    it('answers 304 without a body when If-None-Match names the current ETag, 200 when it names another', async () => {
      for (const path of [`/api/events?clinic=${clinic.slug}`, `/api/events/${listed[0].id}`]) {
        const first = await t.http().get(path).expect(200);
        const again = await t.http().get(path).set('If-None-Match', first.headers.etag).expect(304);
        expect(again.text ?? '').toBe('');
        expect(again.headers.etag).toBe(first.headers.etag);
        await t.http().get(path).set('If-None-Match', 'W/"something-else"').expect(200);
      }
    });

    it('the ETag changes when what the public sees changes (a seat taken)', async () => {
      const path = `/api/events/${listed[1].id}`;
      const before = await t.http().get(path).expect(200);
      const listBefore = await t.http().get('/api/events').query({ clinic: clinic.slug }).expect(200);
      await reserve(t, listed[1].id, attendee()).expect(201);
      const after = await t.http().get(path).set('If-None-Match', before.headers.etag).expect(200);
      expect(after.body.seatsLeft).toBe(before.body.seatsLeft - 1);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      await t
        .http()
        .get('/api/events')
        .query({ clinic: clinic.slug })
        .set('If-None-Match', listBefore.headers.etag)
        .expect(200);
    });

    it('answers 304 only to a GET or HEAD of a successful answer, gzipped or not', async () => {
      const path = `/api/events/${listed[0].id}`;
      const first = await t.http().get(path).set('Accept-Encoding', 'gzip').expect(200);
      const etag = first.headers.etag as string;
      // The ETag is the body's, whether or not it goes gzipped, and a HEAD is conditional too.
      expect((await t.http().get(path).set('Accept-Encoding', 'identity').expect(200)).headers.etag).toBe(etag);
      await t.http().head(path).set('If-None-Match', etag).expect(304);
      await t.http().get(path).set('If-None-Match', `"other", ${etag}`).expect(304);
      await t.http().get(path).set('If-None-Match', '*').expect(304);
      // An error that happens to carry the same ETag is answered in full, and so is a POST.
      const missing = await t.http().get('/api/events/00000000-0000-4000-8000-000000000000').expect(404);
      await t
        .http()
        .get('/api/events/00000000-0000-4000-8000-000000000000')
        .set('If-None-Match', missing.headers.etag as string)
        .expect(404);
      const refused = await t.http().post(`/api/events/${listed[0].id}/reservations`).send({}).expect(400);
      await t
        .http()
        .post(`/api/events/${listed[0].id}/reservations`)
        .set('If-None-Match', refused.headers.etag as string)
        .send({})
        .expect(400);
    });

    it('errors are not cached as public answers', async () => {
      const missing = await t.http().get('/api/events/00000000-0000-4000-8000-000000000000').expect(404);
      expect(missing.headers['cache-control'] ?? '').not.toContain('public');
      const invalid = await t.http().get('/api/events').query({ pageSize: 1000 }).expect(400);
      expect(invalid.headers['cache-control'] ?? '').not.toContain('public');
    });
  });
});
