import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response, Test } from 'supertest';
import {
  attendee,
  createClinic,
  createPublishedEvent,
  eventInput,
  reserve,
  type ClinicBody,
} from './support/booking-fixtures.js';
import { StaffService } from '../src/staff/staff.service.js';
import { listRoutes } from './support/route-table.js';
import { signInPages, type PageSession } from './support/staff-session.js';
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
  confirmationCode: string;
  seriesId: string;
  messageId: string;
  /** A staff account of clinic A that the admin staff routes may change or disable. */
  staffId: string;
  /** A clinic of its own for the admin clinic routes (archiving clinic A would end every later fixture). */
  spareClinicSlug: string;
}

interface Entry {
  access: Access;
  /** A body that would be accepted, so that validation never answers before authorisation does. */
  body?: (fx: Fixture) => object;
  /** A query string that would be accepted, likewise. */
  query?: (fx: Fixture) => Record<string, string>;
}

const API_ROUTES: Record<string, Entry> = {
  'POST /api/auth/login': { access: 'public' },
  'GET /api/auth/me': { access: 'signed-in' },

  'GET /api/clinics': { access: 'public' },
  'GET /api/clinics/:slug': { access: 'public' },
  'GET /api/admin/clinics': { access: 'admin' },
  'POST /api/admin/clinics': {
    access: 'admin',
    body: () => ({ ...sampleClinicBody(), slug: `matrix-${Math.random().toString(36).slice(2, 8)}` }),
  },
  'PATCH /api/admin/clinics/:slug': { access: 'admin', body: () => ({ phone: '+1 312 555 0199' }) },
  'POST /api/admin/clinics/:slug/archive': { access: 'admin' },
  'POST /api/admin/clinics/:slug/restore': { access: 'admin' },

  'GET /api/admin/staff': { access: 'admin' },
  'POST /api/admin/staff': {
    access: 'admin',
    body: (fx) => ({
      email: `matrix-${Math.random().toString(36).slice(2, 8)}@staff.test`,
      name: 'New Person',
      role: 'staff',
      password: 'correct horse battery staple',
      clinicIds: [fx.clinic.id],
    }),
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
  'GET /api/events/:id/overbooking': { access: 'clinic-staff' },
  'PUT /api/events/:id/overbooking': {
    access: 'clinic-staff',
    body: () => ({ enabled: true, maxExtra: 2, riskPercent: 5 }),
  },
  'POST /api/events/:id/publish': { access: 'clinic-staff' },
  'POST /api/events/:id/complete': { access: 'clinic-staff' },
  'POST /api/events/:id/cancel': { access: 'clinic-staff', body: () => ({ reason: 'The speaker is ill.' }) },
  'GET /api/events/:id/reservations': { access: 'clinic-staff' },
  'GET /api/events/:id/attendees.csv': { access: 'clinic-staff' },
  'POST /api/events/:id/walk-ins': {
    access: 'clinic-staff',
    body: () => ({
      name: 'Walk In',
      email: `walk-in-${Math.random().toString(36).slice(2, 8)}@example.org`,
      partySize: 1,
    }),
  },
  'POST /api/events/:id/reservations/:reservationId/check-in': { access: 'clinic-staff' },
  'DELETE /api/events/:id/reservations/:reservationId/check-in': { access: 'clinic-staff' },
  'POST /api/events/:id/reservations/:reservationId/cancel': {
    access: 'clinic-staff',
    body: () => ({ reason: 'Asked by phone.' }),
  },

  'POST /api/clinics/:slug/event-series': {
    access: 'clinic-staff',
    body: () => ({ event: eventInput(), recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' } }),
  },
  'GET /api/clinics/:slug/event-series/:seriesId': { access: 'clinic-staff' },
  'POST /api/event-series/:seriesId/cancel': {
    access: 'clinic-staff',
    body: () => ({ reason: 'The room is being renovated.' }),
  },

  'GET /api/clinics/:slug/messages': { access: 'clinic-staff' },
  'POST /api/clinics/:slug/messages/:messageId/retry': { access: 'clinic-staff' },

  'GET /api/admin/audit': { access: 'admin' },
  'GET /api/admin/settings': { access: 'admin' },
  'PUT /api/admin/settings': { access: 'admin', body: () => ({ maxPartySize: 2 }) },
  'POST /api/admin/staff/invitations': {
    access: 'admin',
    body: (fx) => ({
      email: `invitee-${Math.random().toString(36).slice(2, 8)}@staff.test`,
      name: 'Invited Person',
      role: 'staff',
      clinicIds: [fx.clinic.id],
    }),
  },
  'GET /api/events/:id/attendees': { access: 'clinic-staff', query: () => ({ q: 'Attendee' }) },
  'POST /api/events/:id/check-ins': { access: 'clinic-staff', body: (fx) => ({ code: fx.confirmationCode }) },
  'POST /api/events/:id/reservations/:reservationId/promote': { access: 'clinic-staff' },
  'POST /api/clinics/:slug/event-series/preview': {
    access: 'clinic-staff',
    body: () => ({ event: eventInput(), recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' } }),
  },
  'PATCH /api/event-series/:seriesId': { access: 'clinic-staff', body: () => ({ title: 'Renamed series' }) },

  'POST /api/events/:id/reservations': { access: 'public' },
  'GET /api/reservations/manage/:token': { access: 'public' },
  'GET /api/reservations/manage/:token/invite.ics': { access: 'public' },
  'PATCH /api/reservations/manage/:token': { access: 'public' },
  'POST /api/reservations/manage/:token/cancel': { access: 'public' },
  'POST /api/reservations/manage/:token/switch': { access: 'public' },
  'POST /api/reservations/offers/:token/accept': { access: 'public' },
  'POST /api/reservations/offers/:token/decline': { access: 'public' },
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
  'GET /join/:token',
  'GET /reconfirm/:token',
  'POST /reconfirm/:token/yes',
  'POST /reconfirm/:token/no',
  'GET /offer/:token',
  'POST /offer/:token/accept',
  'POST /offer/:token/decline',
  'GET /health',
  'GET /docs',
  'GET /docs/',
  'GET /docs-yaml',
  'GET /docs/LICENSE',
  'GET /docs/docs/swagger-ui-init.js',
  'GET /docs/index.html',
  'GET /docs/openapi.json',
  'GET /docs/swagger-ui-init.js',
  // Swagger UI's own files (@fastify/static).
  'GET /docs/*',
];

/**
 * Back-office pages: the session cookie authenticates (no session: 303 to the sign-in page), the same
 * access rules as the API hold, and every form post must carry the session's `_csrf`.
 */
const PAGE_ROUTES: Record<string, Entry> = {
  'GET /staff/sign-in': { access: 'public' },
  'POST /staff/sign-in': { access: 'public' },
  'GET /staff/forgot-password': { access: 'public' },
  'POST /staff/forgot-password': { access: 'public' },
  'GET /staff/reset-password/:token': { access: 'public' },
  'POST /staff/reset-password/:token': { access: 'public' },
  'GET /staff/invitation/:token': { access: 'public' },
  'POST /staff/invitation/:token': { access: 'public' },
  'GET /clinics/:slug/events.ics': { access: 'public' },

  'POST /staff/sign-out': { access: 'signed-in' },
  'GET /staff/account': { access: 'signed-in' },
  'GET /staff': { access: 'signed-in' },

  'GET /staff/events/:id': { access: 'clinic-staff' },
  'POST /staff/events/:id/find': { access: 'clinic-staff', body: () => ({ q: 'nobody' }) },
  'GET /staff/events/:id/attendees.csv': { access: 'clinic-staff' },
  'POST /staff/events/:id/capacity': { access: 'clinic-staff', body: () => ({ capacity: '12' }) },
  'POST /staff/events/:id/overbooking': {
    access: 'clinic-staff',
    body: () => ({ enabled: '1', maxExtra: '2', riskPercent: '5' }),
  },
  'POST /staff/events/:id/walk-ins': { access: 'clinic-staff', body: () => ({ name: 'Walk In', partySize: '1' }) },
  'POST /staff/events/:id/reservations/:reservationId/check-in': { access: 'clinic-staff' },
  'POST /staff/events/:id/reservations/:reservationId/undo-check-in': { access: 'clinic-staff' },
  'POST /staff/events/:id/reservations/:reservationId/promote': { access: 'clinic-staff' },
  'GET /staff/events/:id/reservations/:reservationId/cancel': { access: 'clinic-staff' },
  'POST /staff/events/:id/reservations/:reservationId/cancel': {
    access: 'clinic-staff',
    body: () => ({ reason: 'Asked by phone.' }),
  },
  'POST /staff/events/:id/messages/:messageId/retry': { access: 'clinic-staff' },

  'GET /admin/clinics': { access: 'admin' },
  'GET /admin/clinics/new': { access: 'admin' },
  'POST /admin/clinics': { access: 'admin' },
  'GET /admin/clinics/:slug': { access: 'admin' },
  'POST /admin/clinics/:slug': { access: 'admin' },
  'POST /admin/clinics/:slug/archive': { access: 'admin' },
  'POST /admin/clinics/:slug/restore': { access: 'admin' },
  'GET /admin/staff': { access: 'admin' },
  'GET /admin/staff/invite': { access: 'admin' },
  'POST /admin/staff/invite': { access: 'admin' },
  'GET /admin/staff/:id': { access: 'admin' },
  'POST /admin/staff/:id': { access: 'admin' },
  'POST /admin/staff/:id/reinvite': { access: 'admin' },
  'GET /admin/events': { access: 'admin' },
  'GET /admin/events/new': { access: 'admin' },
  'POST /admin/events': { access: 'admin' },
  'GET /admin/events/:id': { access: 'admin' },
  'GET /admin/events/:id/edit': { access: 'admin' },
  'POST /admin/events/:id/edit': { access: 'admin' },
  'POST /admin/events/:id/publish': { access: 'admin' },
  'GET /admin/events/:id/reschedule': { access: 'admin' },
  'POST /admin/events/:id/reschedule': { access: 'admin' },
  'GET /admin/events/:id/cancel': { access: 'admin' },
  'POST /admin/events/:id/cancel': { access: 'admin' },
  'GET /admin/series': { access: 'admin' },
  'GET /admin/series/new': { access: 'admin' },
  'POST /admin/series/new': { access: 'admin' },
  'POST /admin/series/preview': { access: 'admin' },
  'POST /admin/series': { access: 'admin' },
  'GET /admin/series/:id': { access: 'admin' },
  'GET /admin/series/:id/edit': { access: 'admin' },
  'POST /admin/series/:id/edit': { access: 'admin' },
  'GET /admin/series/:id/cancel': { access: 'admin' },
  'POST /admin/series/:id/cancel': { access: 'admin' },
  'GET /admin/settings': { access: 'admin' },
  'POST /admin/settings': { access: 'admin' },
  'GET /admin/dashboard': { access: 'admin' },
  'GET /admin/dashboard.csv': { access: 'admin' },
  'GET /admin/audit': { access: 'admin' },
};

const TABLE: Record<string, Entry> = {
  ...API_ROUTES,
  ...PAGE_ROUTES,
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
  let clinicB: ClinicBody;
  const pages: Partial<Record<'admin' | 'staffA' | 'staffB', PageSession>> = {};
  const PASSWORD = 'correct horse battery staple';
  let accounts = 0;

  /** A new account, signed in to the pages (a session cookie and its CSRF token). */
  async function pageSession(role: 'admin' | 'staff', clinicIds: string[]): Promise<PageSession> {
    accounts += 1;
    const email = `matrix-${role}-${accounts}-${Date.now()}@staff.test`;
    await t.app
      .get(StaffService)
      .create({ email, name: `Matrix ${role} ${accounts}`, role, password: PASSWORD, clinicIds });
    return signInPages(t.app.getHttpServer(), email, PASSWORD);
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinicA = await createClinic(t, admin.auth);
    clinicB = await createClinic(t, admin.auth);
    staffA = await signInNewUser(t, 'staff', [clinicA.id]);
    staffB = await signInNewUser(t, 'staff', [clinicB.id]);
    pages.admin = await pageSession('admin', []);
    pages.staffA = await pageSession('staff', [clinicA.id]);
    pages.staffB = await pageSession('staff', [clinicB.id]);
  });
  afterAll(() => t.close());

  it('lists every route the application answers, and nothing it does not', () => {
    const routes = listRoutes(t.app);
    expect(routes.filter((route) => !(route in TABLE))).toEqual([]);
    expect(Object.keys(TABLE).filter((route) => !routes.includes(route))).toEqual([]);
  });

  /** A fresh event with a reservation (and its confirmation message), a series and a staff account, all in clinic A. */
  async function freshFixture(route: string): Promise<Fixture> {
    const path = route.split(' ')[1];
    const event = await createPublishedEvent(t, admin.auth, clinicA.slug, { capacity: 10 });
    const reserved = await reserve(t, event.id, attendee()).expect(201);
    const [message] = await t.dataSource.query(`SELECT id FROM outbox_messages WHERE reservation_id = $1 LIMIT 1`, [
      reserved.body.reservationId,
    ]);
    // The rest only where the route names it: a series, a spare clinic or a spare account each cost a few calls.
    const series = /:seriesId|^\/admin\/series\/:id/.test(path)
      ? await t
          .http()
          .post(`/api/clinics/${clinicA.slug}/event-series`)
          .set(admin.auth)
          .send({ event: eventInput(), recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' } })
          .expect(201)
      : undefined;
    const spare = /^(\/api)?\/admin\/clinics\/:slug/.test(path) ? await createClinic(t, admin.auth) : undefined;
    const spareStaff = /^(\/api)?\/admin\/staff\/:id/.test(path)
      ? await t.app.get(StaffService).create({
          email: `matrix-spare-${Math.random().toString(36).slice(2, 10)}@staff.test`,
          name: 'Spare Person',
          role: 'staff',
          password: PASSWORD,
          clinicIds: [clinicA.id],
        })
      : undefined;
    return {
      clinic: clinicA,
      eventId: event.id,
      reservationId: reserved.body.reservationId,
      confirmationCode: reserved.body.confirmationCode,
      seriesId: series?.body.seriesId ?? 'no-series',
      messageId: message.id,
      staffId: spareStaff?.id ?? 'no-staff',
      spareClinicSlug: spare?.slug ?? 'no-clinic',
    };
  }

  function pathFor(route: string, fx: Fixture): string {
    const path = route.split(' ')[1];
    const id = /^(\/api)?\/admin\/staff\//.test(path)
      ? fx.staffId
      : path.startsWith('/admin/series/')
        ? fx.seriesId
        : fx.eventId;
    const slug = /^(\/api)?\/admin\/clinics\//.test(path) ? fx.spareClinicSlug : fx.clinic.slug;
    return path
      .replace(':slug', slug)
      .replace(':reservationId', fx.reservationId)
      .replace(':seriesId', fx.seriesId)
      .replace(':messageId', fx.messageId)
      .replace(':id', id);
  }

  function call(route: string, fx: Fixture, auth: Record<string, string>): Test {
    const [method] = route.split(' ');
    const request = t
      .http()
      [method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](pathFor(route, fx))
      .set(auth);
    const query = TABLE[route].query?.(fx);
    if (query) request.query(query);
    const body = TABLE[route].body?.(fx);
    return body ? request.send(body) : request;
  }

  const allowed = (response: Response) => ({
    status: response.status,
    allowed: ![401, 403].includes(response.status) && response.status < 500,
  });

  const guarded = Object.entries(API_ROUTES).filter(([, entry]) => entry.access !== 'public');

  describe.each(guarded)('%s', (route, entry) => {
    it('is 401 for nobody', async () => {
      const response = await call(route, await freshFixture(route), {});
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    });

    if (entry.access === 'admin') {
      it('is 403 for staff', async () => {
        expect((await call(route, await freshFixture(route), staffA.auth)).status).toBe(403);
      });
    }

    if (entry.access === 'clinic-staff') {
      it('is 403 for staff of another clinic', async () => {
        expect((await call(route, await freshFixture(route), staffB.auth)).status).toBe(403);
      });
      it('is allowed for staff of the clinic', async () => {
        expect(allowed(await call(route, await freshFixture(route), staffA.auth))).toMatchObject({ allowed: true });
      });
    }

    if (entry.access === 'signed-in') {
      it('is allowed for any staff member', async () => {
        expect(allowed(await call(route, await freshFixture(route), staffB.auth))).toMatchObject({ allowed: true });
      });
    }

    it('is allowed for an admin', async () => {
      expect(allowed(await call(route, await freshFixture(route), admin.auth))).toMatchObject({ allowed: true });
    });
  });
  // ——————————————————————————————————————————————————————————————— pages

  /** A page request as a browser sends it: the session cookie, and for a post the form with its `_csrf`. */
  async function pageCall(
    route: string,
    fx: Fixture,
    session: PageSession | undefined,
    options: { csrf?: boolean } = {},
  ): Promise<Response> {
    const [method] = route.split(' ');
    const path = pathFor(route, fx);
    if (method === 'GET') {
      const request = t.http().get(path);
      return session ? request.set('Cookie', session.cookie) : request;
    }
    const form: Record<string, string> = Object.fromEntries(
      Object.entries(TABLE[route].body?.(fx) ?? {}).map(([k, v]) => [k, String(v)]),
    );
    if (session && options.csrf !== false) form._csrf = session.csrfToken;
    const request = t.http().post(path).type('form');
    return (session ? request.set('Cookie', session.cookie) : request).send(form);
  }

  const toSignIn = (response: Response) =>
    response.status === 303 && String(response.headers.location).startsWith('/staff/sign-in');
  const pageAllowed = (response: Response) => ({
    status: response.status,
    allowed: ![401, 403].includes(response.status) && response.status < 500 && !toSignIn(response),
  });

  const guardedPages = Object.entries(PAGE_ROUTES).filter(
    ([, entry]) => entry.access !== 'public' && entry !== PAGE_ROUTES['POST /staff/sign-out'],
  );

  it('page POST /staff/sign-out: ends the session of whoever signs out, staff or admin, and nobody else’s', async () => {
    for (const role of ['staff', 'admin'] as const) {
      const session = await pageSession(role, role === 'staff' ? [clinicB.id] : []);
      const out = await pageCall('POST /staff/sign-out', await freshFixture('POST /staff/sign-out'), session);
      expect({ status: out.status, toSignIn: toSignIn(out) }).toEqual({ status: 303, toSignIn: true });
      expect(toSignIn(await t.http().get('/staff/account').set('Cookie', session.cookie))).toBe(true);
    }
    expect((await t.http().get('/staff/account').set('Cookie', pages.admin!.cookie)).status).toBe(200);
    // Without the session's token, sign-out is refused like every other form post.
    expect(
      (await pageCall('POST /staff/sign-out', await freshFixture('POST /staff/sign-out'), pages.admin, { csrf: false }))
        .status,
    ).toBe(403);
    expect((await t.http().get('/staff/account').set('Cookie', pages.admin!.cookie)).status).toBe(200);
  });

  describe.each(guardedPages)('page %s', (route, entry) => {
    const isPost = route.startsWith('POST ');

    it('sends nobody to the sign-in page (a post changes nothing: it is refused or redirected)', async () => {
      const response = await pageCall(route, await freshFixture(route), undefined);
      if (isPost)
        expect({ status: response.status, ok: toSignIn(response) || response.status === 403 }).toMatchObject({
          ok: true,
        });
      else
        expect({ status: response.status, location: response.headers.location }).toEqual({
          status: 303,
          location: expect.stringMatching(/^\/staff\/sign-in(\?|$)/),
        });
    });

    if (entry.access === 'admin') {
      it('is 403 for staff', async () => {
        expect((await pageCall(route, await freshFixture(route), pages.staffA)).status).toBe(403);
      });
    }

    if (entry.access === 'clinic-staff') {
      it('is 403 for staff of another clinic', async () => {
        expect((await pageCall(route, await freshFixture(route), pages.staffB)).status).toBe(403);
      });
      it('is allowed for staff of the clinic', async () => {
        expect(pageAllowed(await pageCall(route, await freshFixture(route), pages.staffA))).toMatchObject({
          allowed: true,
        });
      });
    }

    if (entry.access === 'signed-in') {
      it('is allowed for any staff member', async () => {
        expect(pageAllowed(await pageCall(route, await freshFixture(route), pages.staffB))).toMatchObject({
          allowed: true,
        });
      });
    }

    it('is allowed for an admin', async () => {
      expect(pageAllowed(await pageCall(route, await freshFixture(route), pages.admin))).toMatchObject({
        allowed: true,
      });
    });

    if (isPost) {
      it('refuses a post without the session’s CSRF token (403), even from an admin', async () => {
        expect((await pageCall(route, await freshFixture(route), pages.admin, { csrf: false })).status).toBe(403);
      });
    }
  });
});
