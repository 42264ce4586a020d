import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChainDashboardService } from '../src/reports/chain-dashboard.service.js';
import { StaffService } from '../src/staff/staff.service.js';
import { createClinic, type ClinicBody } from './support/booking-fixtures.js';
import { fieldError } from './support/page-forms.js';
import { seedDashboardMonth, type DashboardMonth } from './support/records-fixtures.js';
import { signInPages, type PageSession } from './support/staff-session.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

const PASSWORD = 'correct horse battery staple';

/** Issue 8, records: the chain dashboard (figures, CSV) and the audit log page, as admins use them. */
describe('records pages', () => {
  let t: TestApp;
  let admin: SignedIn;
  let adminPages: PageSession;
  let staffPages: PageSession;
  let clinic: ClinicBody;
  let seeded: DashboardMonth;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth, { name: 'Lakeside Back Clinic' });
    const staff = t.app.get(StaffService);
    await staff.create({ email: 'records-admin@staff.test', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    await staff.create({
      email: 'records-staff@staff.test',
      name: 'Sam Staff',
      role: 'staff',
      password: PASSWORD,
      clinicIds: [clinic.id],
    });
    adminPages = await signInPages(t.app.getHttpServer(), 'records-admin@staff.test', PASSWORD);
    staffPages = await signInPages(t.app.getHttpServer(), 'records-staff@staff.test', PASSWORD);
    seeded = await seedDashboardMonth(t, admin.auth, clinic.slug, 'America/Chicago');
  });
  afterAll(() => t.close());

  describe('chain dashboard: per clinic and month, from the attendance records', () => {
    it('counts events, seats, reservations, fill and show rates and waiting-list conversions in the clinic’s months', async () => {
      const dashboard = await t.app.get(ChainDashboardService).dashboard({ from: seeded.month, to: seeded.month });
      expect(dashboard.clinics).toHaveLength(1);
      expect(dashboard.clinics[0]).toMatchObject({ name: 'Lakeside Back Clinic', slug: clinic.slug });
      expect(dashboard.clinics[0].rows).toEqual([
        {
          month: seeded.month,
          events: 2,
          seatsOffered: 15,
          seatsBooked: 6,
          reservations: 4,
          checkedIn: 2,
          noShows: 2,
          waitlistConversions: 1,
          fillRate: 0.4,
          showRate: 0.5,
        },
      ]);
      expect(dashboard.chain).toEqual([
        expect.objectContaining({ month: seeded.month, events: 2, fillRate: 0.4, showRate: 0.5 }),
      ]);
    });

    it('draws the page: charts as SVG with attributes only, the same figures in tables', async () => {
      const page = await t
        .http()
        .get(`/admin/dashboard?from=${seeded.month}&to=${seeded.month}`)
        .set('Cookie', adminPages.cookie)
        .expect(200);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain('<svg');
      expect(page.text).toMatch(/role="img" aria-labelledby="fill-rate-chart-title fill-rate-chart-desc"/);
      expect(page.text).not.toMatch(/\sstyle=/);
      expect(page.text).not.toMatch(/<script(?![^>]*src=)/);
      expect(page.text).toContain('<caption>Lakeside Back Clinic</caption>');
      expect(page.text).toContain('40%');
      expect(page.text).toContain('50%');
      expect(page.text).toContain('aria-current="page">Dashboard');
    });

    it('downloads the same figures as CSV', async () => {
      const csv = await t
        .http()
        .get(`/admin/dashboard.csv?from=${seeded.month}&to=${seeded.month}`)
        .set('Cookie', adminPages.cookie)
        .expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(
        `attachment; filename="dashboard-${seeded.month}-to-${seeded.month}.csv"`,
      );
      const [header, ...rows] = csv.text.trim().split('\r\n');
      expect(header).toBe(
        'clinic,clinic_slug,month,events,seats_offered,seats_booked,reservations,fill_rate,checked_in,no_shows,show_rate,waitlist_conversions',
      );
      expect(rows).toEqual([
        `Lakeside Back Clinic,${clinic.slug},${seeded.month},2,15,6,4,0.4000,2,2,0.5000,1`,
        `*,*,${seeded.month},2,15,6,4,0.4000,2,2,0.5000,1`,
      ]);
    });

    it('shows a month range it cannot read beside its field, as 400', async () => {
      const page = await t
        .http()
        .get('/admin/dashboard?from=2026-13&to=2026-01')
        .set('Cookie', adminPages.cookie)
        .expect(400);
      expect(fieldError(page.text, 'from')).toBe('Enter a month as YYYY-MM, for example 2026-03.');
      const reversed = await t
        .http()
        .get('/admin/dashboard?from=2026-05&to=2026-01')
        .set('Cookie', adminPages.cookie)
        .expect(400);
      expect(fieldError(reversed.text, 'to')).toBe('The last month cannot come before the first.');
      await t.http().get('/admin/dashboard.csv?from=nonsense').set('Cookie', adminPages.cookie).expect(303);
    });

    it('is for admins: staff get the 403 page, nobody is sent to sign in', async () => {
      await t.http().get('/admin/dashboard').set('Cookie', staffPages.cookie).expect(403);
      await t.http().get('/admin/dashboard.csv').set('Cookie', staffPages.cookie).expect(403);
      const anonymous = await t.http().get('/admin/dashboard').expect(303);
      expect(anonymous.headers.location).toMatch(/^\/staff\/sign-in\?next=/);
    });

    it('speaks the browser’s language', async () => {
      const page = await t
        .http()
        .get(`/admin/dashboard?from=${seeded.month}&to=${seeded.month}`)
        .set('Cookie', adminPages.cookie)
        .set('Accept-Language', 'pt-PT')
        .expect(200);
      expect(page.text).toContain('Painel da rede');
      expect(page.text).toContain('Taxa de ocupação');
    });
  });

  describe('audit log page', () => {
    it('lists the changes, filtered by clinic, event and person', async () => {
      const all = await t.http().get(`/admin/audit?clinic=${clinic.slug}`).set('Cookie', adminPages.cookie).expect(200);
      expect(all.text).toContain('Capacity changed');
      expect(all.text).toContain('Event completed (no-shows recorded)');
      expect(all.text).toContain('The system (automatic)');
      const [eventId] = seeded.eventIds;
      const one = await t.http().get(`/admin/audit?event=${eventId}`).set('Cookie', adminPages.cookie).expect(200);
      expect(one.text).toContain('Capacity changed');
      expect(one.text).not.toContain('Clinic created');
      const byAdmin = await t.http().get(`/admin/audit?actor=${admin.id}`).set('Cookie', adminPages.cookie).expect(200);
      expect(byAdmin.text).toContain('Clinic created');
      expect(byAdmin.text).not.toContain('The system (automatic)');
    });

    it('shows a filter it cannot use beside its field, as 400', async () => {
      const page = await t.http().get('/admin/audit?event=not-an-id').set('Cookie', adminPages.cookie).expect(400);
      expect(fieldError(page.text, 'event')).toContain('Enter an event ID');
      const unknown = await t
        .http()
        .get('/admin/audit?clinic=no-such-clinic')
        .set('Cookie', adminPages.cookie)
        .expect(400);
      expect(fieldError(unknown.text, 'clinic')).toBe('Choose a clinic from the list.');
    });

    it('is for admins', async () => {
      await t.http().get('/admin/audit').set('Cookie', staffPages.cookie).expect(403);
      await t.http().get('/admin/audit').expect(303);
    });
  });
});
