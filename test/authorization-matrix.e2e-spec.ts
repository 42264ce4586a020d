import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response, Test } from 'supertest';
import { attendee, createClinic, createPublishedEvent, eventInput, reserve, type ClinicBody } from './support/booking-fixtures.js';
import { listRoutes } from './support/route-table.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/*
 * DESIGN rule 8 as one table: every route the application answers has an entry saying who may call it.
 * A new route without an entry fails the first test, so nobody adds a route without deciding its access.
 * Each non-public route is then called as nobody, as staff of another clinic, as staff of the clinic and
 * as an admin, on fresh fixtures (a call that is allowed really runs).
 */

type Access =
  /** Anyone; no sign-in. */
  | 'public'
  /** Any signed-in staff member or admin (the answer is scoped to their own clinics inside). */
  | 'signed-in'
  /** Staff of the clinic the route names (by slug, event, reservation or message), and admins. */
  | 'clinic-staff'
  /** Admins only. */
  | 'admin';

/** What one call needs: a clinic A (the caller's for staff A), a published event in it with one reservation. */
interface Fixture {
  clinic: ClinicBody;
  eventId: string;
  reservationId: string;
  seriesId: string;
  messageId: string;
  staffId: string;
  /** A clinic of its own for the admin clinic routes (archiving clinic A would end every later fixture). */
  spareClinicSlug: string;
}

interface Entry {
  access: Access;
  /** A body that would be accepted, so that validation never answers before authorisation does. */
  body?: (fx: Fixture) => object;
}

const API_ROUTES: Record<string, Entry> = {
  'POST /api/auth/login': { access: 'public' },
  'GET /api/auth/me': { access: 'signed-in' },

  'GET /api/clinics': { access: 'public' },
  'GET /api/clinics/:slug': { access: 'public' },
  'GET /api/admin/clinics': { access: 'admin' },
  'POST /api/admin/clinics': { access: 'admin', body: () => ({ ...sampleClinicBody(), slug: `matrix-${Math.random().toString(36).slice(2, 8)}` }) },
  'PATCH /api/admin/clinics/:slug': { access: 'admin', body: () => ({ phone: '+1 312 555 0199' }) },
  'POST /api/admin/clinics/:slug/archive': { access: 'admin' },
  'POST /api/admin/clinics/:slug/restore': { access: 'admin' },

  'GET /api/admin/staff': { access: 'admin' },
  'POST /api/admin/staff': {
    access: 'admin',
    body: (fx) => ({ email: `matrix-${Math.random().toString(36).slice(2, 8)}@staff.test`, name: 'New Person', role: 'staff', password: 'correct horse battery staple', clinicIds: [fx.clinic.id] }),
  },
  'GET /api/admin/staff/:id': { access: 'admin' },
  'PATCH /api/admin/staff/:id': { access: 'admin', body: () => ({ name: 'Renamed Person' }) },
  'GET /api/clinics/:slug/staff': { access: 'clinic-staff' },
  'POST /api/admin/attendees/erase': { access: 'admin', body: () => ({ email: 'nobody-at-all@example.org' }) },

  'GET /api/events': { access: 'public' },
  'GET /api/events/:id': { access: 'public' },
  'GET /api/clinics/:slug/events': { access: 'clinic-staff' },
  'POST /api/clinics/:slug/events': { access: 'clinic-staff', body: () => eventInput() },
  'GET /api/events/:id/staff-view': { access: 'clinic-staff' },
  'PATCH /api/events/:id': { access: 'clinic-staff', body: () => ({ title: 'Renamed seminar' }) },
  'PUT /api/events/:id/capacity': { access: 'clinic-staff', body: () => ({ capacity: 12 }) },
  'POST /api/events/:id/publish': { access: 'clinic-staff' },
  'POST /api/events/:id/complete': { access: 'clinic-staff' },
  'POST /api/events/:id/cancel': { access: 'clinic-staff', body: () => ({ reason: 'The speaker is ill.' }) },
  'GET /api/events/:id/reservations': { access: 'clinic-staff' },
  'GET /api/events/:id/attendees.csv': { access: 'clinic-staff' },
  'POST /api/events/:id/walk-ins': { access: 'clinic-staff', body: () => ({ name: 'Walk In', email: `walk-in-${Math.random().toString(36).slice(2, 8)}@example.org`, partySize: 1 }) },
  'POST /api/events/:id/reservations/:reservationId/check-in': { access: 'clinic-staff' },
  'DELETE /api/events/:id/reservations/:reservationId/check-in': { access: 'clinic-staff' },
  'POST /api/events/:id/reservations/:reservationId/cancel': { access: 'clinic-staff', body: () => ({ reason: 'Asked by phone.' }) },

  'POST /api/clinics/:slug/event-series': {
    access: 'clinic-staff',
    body: () => ({ event: eventInput(), recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' } }),
  },
  'GET /api/clinics/:slug/event-series/:seriesId': { access: 'clinic-staff' },
  'POST /api/event-series/:seriesId/cancel': { access: 'clinic-staff', body: () => ({ reason: 'The room is being renovated.' }) },

  'GET /api/clinics/:slug/messages': { access: 'clinic-staff' },
  'POST /api/clinics/:slug/messages/:messageId/retry': { access: 'clinic-staff' },

  'GET /api/admin/audit': { access: 'admin' },

  'POST /api/events/:id/reservations': { access: 'public' },
  'GET /api/reservations/manage/:token': { access: 'public' },
  'GET /api/reservations/manage/:token/invite.ics': { access: 'public' },
  'PATCH /api/reservations/manage/:token': { access: 'public' },
  'POST /api/reservations/manage/:token/cancel': { access: 'public' },
  'POST /api/reservations/manage/:token/switch': { access: 'public' },
};

/** Attendee pages, assets, health and the API description: all public (manage pages are guarded by their token). */
const PUBLIC_ROUTES = [
  'GET /',
  'GET /assets/:file',
  'GET /bot-check/challenge',
  'GET /clinics/:slug',
  'GET /clinics/:slug/events.ics',
  'GET /embed/clinics/:slug',
  'GET /events/:id',
  'POST /events/:id/reserve',
  'GET /manage/:token',
  'GET /manage/:token/cancel',
  'POST /manage/:token/cancel',
  'POST /manage/:token/party',
  'POST /manage/:token/switch',
  'GET /manage/:token/invite.ics',
  'GET /health',
  'GET /docs',
  'GET /docs/',
  'GET /docs-yaml',
  'GET /docs/LICENSE',
  'GET /docs/docs/swagger-ui-init.js',
  'GET /docs/index.html',
  'GET /docs/openapi.json',
  'GET /docs/swagger-ui-init.js',
];

const TABLE: Record<string, Entry> = {
  ...API_ROUTES,
  ...Object.fromEntries(PUBLIC_ROUTES.map((route) => [route, { access: 'public' } satisfies Entry])),
};

function sampleClinicBody() {
  return {
    name: 'Matrix Clinic',
    address: { line1: '1 Main Street', city: 'Chicago', postalCode: '60601', region: 'IL', country: 'US' },
    timeZone: 'America/Chicago',
    phone: '+1 312 555 0100',
    organizerEmail: 'seminars@matrix.example',
  };
}

describe('authorisation matrix: every route has an entry, and each entry holds', () => {
  let t: TestApp;
  let admin: SignedIn;
  let staffA: SignedIn;
  let staffB: SignedIn;
  let clinicA: ClinicBody;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinicA = await createClinic(t, admin.auth);
    const clinicB = await createClinic(t, admin.auth);
    staffA = await signInNewUser(t, 'staff', [clinicA.id]);
    staffB = await signInNewUser(t, 'staff', [clinicB.id]);
  });
  afterAll(() => t.close());

  it('lists every route the application answers, and nothing it does not', () => {
    const routes = listRoutes(t.app);
    expect(routes.filter((route) => !(route in TABLE))).toEqual([]);
    expect(Object.keys(TABLE).filter((route) => !routes.includes(route))).toEqual([]);
  });

  /** A fresh event with a reservation (and its confirmation message), a series and a staff account, all in clinic A. */
  async function freshFixture(): Promise<Fixture> {
    const event = await createPublishedEvent(t, admin.auth, clinicA.slug, { capacity: 10 });
    const reserved = await reserve(t, event.id, attendee()).expect(201);
    const [message] = await t.dataSource.query(`SELECT id FROM outbox_messages WHERE reservation_id = $1 LIMIT 1`, [reserved.body.reservationId]);
    const series = await t.http()
      .post(`/api/clinics/${clinicA.slug}/event-series`)
      .set(admin.auth)
      .send({ event: eventInput(), recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' } })
      .expect(201);
    const spare = await createClinic(t, admin.auth);
    return {
      clinic: clinicA,
      eventId: event.id,
      reservationId: reserved.body.reservationId,
      seriesId: series.body.seriesId,
      messageId: message.id,
      staffId: staffA.id,
      spareClinicSlug: spare.slug,
    };
  }

  function pathFor(route: string, fx: Fixture): string {
    const path = route.split(' ')[1];
    const id = path.startsWith('/api/admin/staff/') ? fx.staffId : fx.eventId;
    const slug = path.startsWith('/api/admin/clinics/') ? fx.spareClinicSlug : fx.clinic.slug;
    return path
      .replace(':slug', slug)
      .replace(':reservationId', fx.reservationId)
      .replace(':seriesId', fx.seriesId)
      .replace(':messageId', fx.messageId)
      .replace(':id', id);
  }

  function call(route: string, fx: Fixture, auth: Record<string, string>): Test {
    const [method] = route.split(' ');
    const request = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](pathFor(route, fx)).set(auth);
    const body = TABLE[route].body?.(fx);
    return body ? request.send(body) : request;
  }

  const allowed = (response: Response) => ({ status: response.status, allowed: ![401, 403].includes(response.status) && response.status < 500 });

  const guarded = Object.entries(API_ROUTES).filter(([, entry]) => entry.access !== 'public');

  describe.each(guarded)('%s', (route, entry) => {
    it('is 401 for nobody', async () => {
      const response = await call(route, await freshFixture(), {});
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    });

    if (entry.access === 'admin') {
      it('is 403 for staff', async () => {
        expect((await call(route, await freshFixture(), staffA.auth)).status).toBe(403);
      });
    }

    if (entry.access === 'clinic-staff') {
      it('is 403 for staff of another clinic', async () => {
        expect((await call(route, await freshFixture(), staffB.auth)).status).toBe(403);
      });
      it('is allowed for staff of the clinic', async () => {
        expect(allowed(await call(route, await freshFixture(), staffA.auth))).toMatchObject({ allowed: true });
      });
    }

    if (entry.access === 'signed-in') {
      it('is allowed for any staff member', async () => {
        expect(allowed(await call(route, await freshFixture(), staffB.auth))).toMatchObject({ allowed: true });
      });
    }

    it('is allowed for an admin', async () => {
      expect(allowed(await call(route, await freshFixture(), admin.auth))).toMatchObject({ allowed: true });
    });
  });
});
