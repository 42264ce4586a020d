import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { composeMessage } from '../src/notifications/messages/compose-message.js';
import { attendee, createClinic, createPublishedEvent, reserve, type ClinicBody } from './support/booking-fixtures.js';
import { clinicForm, eventForm, idIn, redirectOf, signInToPages, type PagesUser } from './support/admin-pages.js';
import { fieldError, htmlOf, inputValue } from './support/page-forms.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/*
 * Issue 8, the admin pages over HTTP: who may open them, the forms (errors beside their fields, typed values
 * kept, POST-redirect-GET), and the rules behind them (defaults for new events, cancelling with a reason,
 * series with a preview).
 */
describe('admin pages', () => {
  let t: TestApp;
  let admin: PagesUser;
  let apiAdmin: SignedIn;
  let lisbon: ClinicBody;

  beforeAll(async () => {
    t = await startTestApp();
    apiAdmin = await signInNewUser(t, 'admin');
    lisbon = await createClinic(t, apiAdmin.auth, {
      name: 'Clínica da Baixa',
      timeZone: 'Europe/Lisbon',
      locale: 'pt-PT',
      phone: '+351 21 555 0100',
      address: { line1: 'Rua Augusta 1', city: 'Lisboa', postalCode: '1100-048', country: 'PT' },
    });
    admin = await signInToPages(t, 'admin');
  });
  afterAll(() => t.close());

  const outbox = (eventId: string, kind: string) =>
    t.dataSource.query(`SELECT kind, recipient_email, payload FROM outbox_messages WHERE event_id = $1 AND kind = $2`, [
      eventId,
      kind,
    ]) as Promise<{ kind: string; recipient_email: string; payload: Record<string, unknown> }[]>;

  describe('every admin page is for admins only', () => {
    const pages = [
      '/admin/clinics',
      '/admin/clinics/new',
      '/admin/events',
      '/admin/events/new',
      '/admin/series',
      '/admin/series/new',
      '/admin/staff',
      '/admin/staff/invite',
      '/admin/settings',
    ];

    it('sends someone not signed in to the sign-in page, and back afterwards', async () => {
      for (const path of pages) {
        const response = await t.http().get(path);
        expect({ path, status: response.status }).toEqual({ path, status: 303 });
        expect(response.headers.location).toBe(`/staff/sign-in?next=${encodeURIComponent(path)}`);
      }
    });

    it('refuses clinic staff with the 403 page, for pages and for form posts', async () => {
      const staff = await signInToPages(t, 'staff', [lisbon.id]);
      for (const path of pages) {
        const response = await staff.get(path);
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
        expect(htmlOf(response)).toContain('<html lang="en">');
      }
      const posts = [
        '/admin/clinics',
        '/admin/events',
        '/admin/series/preview',
        '/admin/series',
        '/admin/staff/invite',
        '/admin/settings',
      ];
      for (const path of posts) {
        const response = await staff.post(path, clinicForm());
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
      }
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM clinics`))[0].n).toBe(1);
    });

    it('refuses a form post without the session’s CSRF token', async () => {
      const response = await t
        .http()
        .post('/admin/settings')
        .set('Cookie', admin.session.cookie)
        .type('form')
        .send({ maxPartySize: '3' });
      expect(response.status).toBe(403);
      expect((await t.http().get('/api/admin/settings').set(apiAdmin.auth)).body.maxPartySize).toBeNull();
    });

    it('every admin page opens for an admin, in English and in Portuguese, without caching', async () => {
      for (const path of pages) {
        for (const language of ['en', 'pt-PT']) {
          const response = await admin.get(path, language);
          expect({ path, language, status: response.status }).toEqual({ path, language, status: 200 });
          expect(response.text).toContain(`<html lang="${language}">`);
          expect(response.headers['cache-control']).toBe('no-store');
        }
      }
    });
  });

  describe('clinics', () => {
    it('a form with mistakes comes back with each error beside its field and the typed values kept', async () => {
      const response = await admin.post(
        '/admin/clinics',
        clinicForm({ name: '', slug: 'Not A Slug', timeZone: 'Mars/Olympus', country: 'Portugal', maxPartySize: '99' }),
      );
      expect(response.status).toBe(422);
      const html = htmlOf(response);
      expect(fieldError(html, 'name')).toContain('Please enter a name');
      expect(fieldError(html, 'slug')).toContain('lower-case letters');
      expect(fieldError(html, 'timeZone')).toContain('time zone');
      expect(fieldError(html, 'country')).toContain('two-letter');
      expect(fieldError(html, 'maxPartySize')).toContain('from 1 to 20');
      expect(fieldError(html, 'city')).toBeUndefined();
      expect(html).toMatch(/id="field-slug"[^>]*aria-describedby="hint-slug error-slug"[^>]*aria-invalid="true"/);
      expect(html).toContain('<div class="error-summary" role="alert"');
      expect(html).toContain('href="#field-slug"');
      expect(inputValue(html, 'field-slug')).toBe('Not A Slug');
      expect(inputValue(html, 'field-city')).toBe('Lisboa');
    });

    it("sets the clinic's late-seat offers: from when a freed seat is offered, and for how long (issue 9)", async () => {
      const form = clinicForm({ offerThreshold: '360', offerWindow: '30' });
      const location = redirectOf(await admin.post('/admin/clinics', form));
      const [row] = await t.dataSource.query(
        `SELECT offer_threshold_minutes, offer_window_minutes FROM clinics WHERE slug = $1`,
        [form.slug],
      );
      expect(row).toEqual({ offer_threshold_minutes: 360, offer_window_minutes: 30 });
      const page = htmlOf(await admin.get(location));
      expect(page).toMatch(/<option value="360" selected>/);
      expect(page).toMatch(/<option value="30" selected>/);
      const refused = await admin.post(`/admin/clinics/${form.slug}`, { ...form, offerWindow: '2' });
      expect(refused.status).toBe(422);
      expect(htmlOf(refused)).toContain('id="error-offerWindow"');
    });

    it('creates a clinic (with its locale, zone, organiser and embed origins), shows its embed snippet, edits its defaults, archives and restores it', async () => {
      const form = clinicForm();
      const location = redirectOf(await admin.post('/admin/clinics', form));
      expect(location).toBe(`/admin/clinics/${form.slug}?done=created`);
      const page = htmlOf(await admin.get(location));
      expect(page).toContain('role="status"');
      expect(page).toContain(`/embed/clinics/${form.slug}`);
      const [row] = await t.dataSource.query(
        `SELECT locale, time_zone, organizer_email, embed_origins FROM clinics WHERE slug = $1`,
        [form.slug],
      );
      expect(row).toEqual({
        locale: 'pt-PT',
        time_zone: 'Europe/Lisbon',
        organizer_email: 'seminarios@coluna.example',
        embed_origins: ['https://www.coluna.example'],
      });

      const saved = await admin.post(`/admin/clinics/${form.slug}`, {
        ...form,
        remindersMode: 'custom',
        reminders: ['2880', '60'],
        maxPartySize: '4',
        waitlist: 'off',
      });
      expect(redirectOf(saved)).toBe(`/admin/clinics/${form.slug}?done=saved`);
      const api = (await t.http().get('/api/admin/clinics').set(apiAdmin.auth)).body.find(
        (c: { slug: string }) => c.slug === form.slug,
      );
      expect(api).toMatchObject({
        defaultReminderOffsetsMinutes: [2880, 60],
        defaultMaxPartySize: 4,
        defaultWaitlistEnabled: false,
        eventDefaults: { reminderOffsetsMinutes: [2880, 60], maxPartySize: 4, waitlistEnabled: false },
      });

      expect(redirectOf(await admin.post(`/admin/clinics/${form.slug}/archive`))).toBe(
        `/admin/clinics/${form.slug}?done=archived`,
      );
      expect((await t.http().get(`/api/clinics/${form.slug}`)).status).toBe(404);
      expect(htmlOf(await admin.get('/admin/clinics'))).toContain(`href="/admin/clinics/${form.slug}"`);
      expect(redirectOf(await admin.post(`/admin/clinics/${form.slug}/restore`))).toBe(
        `/admin/clinics/${form.slug}?done=restored`,
      );
      expect((await t.http().get(`/api/clinics/${form.slug}`)).status).toBe(200);
    });

    it('a slug another clinic uses shows beside the slug', async () => {
      const response = await admin.post('/admin/clinics', clinicForm({ slug: lisbon.slug }));
      expect(response.status).toBe(409);
      expect(fieldError(htmlOf(response), 'slug')).toContain('Another clinic already uses');
    });
  });

  describe('defaults for new events: event, then clinic, then chain, then built-in', () => {
    it('resolves each setting at the first level that sets it, for the API, the pages and series alike', async () => {
      const clinic = await createClinic(t, apiAdmin.auth);
      const create = async (overrides: Record<string, unknown> = {}) =>
        (
          await t
            .http()
            .post(`/api/clinics/${clinic.slug}/events`)
            .set(apiAdmin.auth)
            .send({
              kind: 'seminar',
              title: 'Defaults',
              startsAt: '2031-03-04T18:00',
              endsAt: '2031-03-04T19:00',
              capacity: 10,
              ...overrides,
            })
        ).body as { reminderOffsetsMinutes: number[]; maxPartySize: number; waitlistEnabled: boolean };

      expect(await create()).toMatchObject({
        reminderOffsetsMinutes: [1440, 60],
        maxPartySize: 2,
        waitlistEnabled: true,
      });

      await t
        .http()
        .put('/api/admin/settings')
        .set(apiAdmin.auth)
        .send({ reminderOffsetsMinutes: [2880], maxPartySize: 5, waitlistEnabled: false })
        .expect(200);
      expect(await create()).toMatchObject({ reminderOffsetsMinutes: [2880], maxPartySize: 5, waitlistEnabled: false });

      await t
        .http()
        .patch(`/api/admin/clinics/${clinic.slug}`)
        .set(apiAdmin.auth)
        .send({ defaultMaxPartySize: 3, defaultReminderOffsetsMinutes: [] })
        .expect(200);
      expect(await create()).toMatchObject({ reminderOffsetsMinutes: [], maxPartySize: 3, waitlistEnabled: false });
      expect(await create({ maxPartySize: 8, waitlistEnabled: true, reminderOffsetsMinutes: [30] })).toMatchObject({
        reminderOffsetsMinutes: [30],
        maxPartySize: 8,
        waitlistEnabled: true,
      });

      // The page's new-event form leaves the settings to the defaults unless told otherwise.
      const created = redirectOf(await admin.post('/admin/events', eventForm(clinic.slug, clinic.timeZone)));
      const fromPage = (
        await t
          .http()
          .get(`/api/events/${idIn(created, '/admin/events')}/staff-view`)
          .set(apiAdmin.auth)
      ).body;
      expect(fromPage).toMatchObject({ reminderOffsetsMinutes: [], maxPartySize: 3, waitlistEnabled: false });

      const series = await t
        .http()
        .post(`/api/clinics/${clinic.slug}/event-series`)
        .set(apiAdmin.auth)
        .send({
          event: {
            kind: 'seminar',
            title: 'Series defaults',
            startsAt: '2031-03-04T18:00',
            endsAt: '2031-03-04T19:00',
            capacity: 10,
          },
          recurrence: { rule: 'FREQ=WEEKLY;COUNT=2' },
        })
        .expect(201);
      expect(series.body.events.map((e: { maxPartySize: number }) => e.maxPartySize)).toEqual([3, 3]);

      // Back to the built-in values: null everywhere.
      await t
        .http()
        .patch(`/api/admin/clinics/${clinic.slug}`)
        .set(apiAdmin.auth)
        .send({ defaultMaxPartySize: null, defaultReminderOffsetsMinutes: null })
        .expect(200);
      const reset = await t.http().put('/api/admin/settings').set(apiAdmin.auth).send({}).expect(200);
      expect(reset.body).toMatchObject({
        reminderOffsetsMinutes: null,
        maxPartySize: null,
        waitlistEnabled: null,
        effective: { reminderOffsetsMinutes: [1440, 60], maxPartySize: 2, waitlistEnabled: true },
      });
      expect(await create()).toMatchObject({
        reminderOffsetsMinutes: [1440, 60],
        maxPartySize: 2,
        waitlistEnabled: true,
      });
    });

    it('the chain’s defaults page saves, and refuses a bad party size beside its field', async () => {
      const bad = await admin.post('/admin/settings', {
        remindersMode: 'custom',
        reminders: ['1440'],
        maxPartySize: '0',
        waitlist: 'on',
      });
      expect(bad.status).toBe(422);
      expect(fieldError(htmlOf(bad), 'maxPartySize')).toContain('from 1 to 20');
      expect(
        redirectOf(
          await admin.post('/admin/settings', {
            remindersMode: 'custom',
            reminders: ['1440', '180'],
            maxPartySize: '4',
            waitlist: 'on',
          }),
        ),
      ).toBe('/admin/settings?done=saved');
      const settings = (await t.http().get('/api/admin/settings').set(apiAdmin.auth)).body;
      expect(settings).toMatchObject({ reminderOffsetsMinutes: [1440, 180], maxPartySize: 4, waitlistEnabled: true });
      const page = htmlOf(await admin.get('/admin/settings', 'pt-PT'));
      expect(page).toMatch(/id="field-reminders-180"[^>]*checked/);
      expect(page).toContain('3 horas antes');
      await t.http().put('/api/admin/settings').set(apiAdmin.auth).send({}).expect(200);
    });

    it('the settings API is for admins only', async () => {
      const staff = await signInNewUser(t, 'staff', [lisbon.id]);
      expect((await t.http().get('/api/admin/settings').set(staff.auth)).status).toBe(403);
      expect((await t.http().put('/api/admin/settings').set(staff.auth).send({ maxPartySize: 3 })).status).toBe(403);
      expect((await t.http().get('/api/admin/settings')).status).toBe(401);
      expect((await t.http().put('/api/admin/settings').set(apiAdmin.auth).send({ maxPartySize: 21 })).body.code).toBe(
        'VALIDATION_FAILED',
      );
    });
  });

  describe('events', () => {
    it('the new-event form shows each problem beside its field', async () => {
      const response = await admin.post(
        '/admin/events',
        eventForm(lisbon.slug, lisbon.timeZone, {
          kind: 'webinar',
          date: '',
          startTime: '19:00',
          endTime: '18:00',
          capacity: 'many',
        }),
      );
      expect(response.status).toBe(422);
      const html = htmlOf(response);
      expect(fieldError(html, 'date')).toBe('Please enter the date.');
      expect(fieldError(html, 'endTime')).toBe('The end time must be after the start time.');
      expect(fieldError(html, 'joinUrl')).toContain('A webinar needs its join link');
      expect(fieldError(html, 'capacity')).toContain('number of seats');
      expect(inputValue(html, 'field-capacity')).toBe('many');
    });

    it('creates a draft in the clinic’s zone, publishes it, edits it, reschedules it (attendees told), and lists it with filters', async () => {
      const form = eventForm(lisbon.slug, lisbon.timeZone, {
        title: 'Postura no trabalho',
        date: '2031-07-01',
        startTime: '18:00',
        endTime: '19:30',
      });
      const location = redirectOf(await admin.post('/admin/events', form));
      const id = idIn(location, '/admin/events');
      const [row] = await t.dataSource.query(`SELECT starts_at, status FROM events WHERE id = $1`, [id]);
      expect(row).toEqual({ starts_at: new Date('2031-07-01T17:00:00Z'), status: 'draft' });

      expect(redirectOf(await admin.post(`/admin/events/${id}/publish`))).toBe(`/admin/events/${id}?done=published`);
      await reserve(t, id, attendee()).expect(201);

      const edit = htmlOf(await admin.get(`/admin/events/${id}/edit`));
      expect(inputValue(edit, 'field-title')).toBe('Postura no trabalho');
      const edited = await admin.post(`/admin/events/${id}/edit`, {
        title: 'Postura no trabalho (nova edição)',
        description: '',
        venueName: 'Sala 3',
        capacity: '25',
        remindersMode: 'custom',
        reminders: ['1440'],
        maxPartySize: '3',
        waitlist: 'on',
      });
      expect(redirectOf(edited)).toBe(`/admin/events/${id}?done=saved`);
      expect(await outbox(id, 'event-changed')).toHaveLength(1);

      const tooSmall = await admin.post(`/admin/events/${id}/edit`, {
        title: 'x',
        venueName: '',
        capacity: '0',
        remindersMode: 'custom',
        maxPartySize: '3',
        waitlist: 'on',
      });
      expect(fieldError(htmlOf(tooSmall), 'capacity')).toContain('number of seats');

      const moved = await admin.post(`/admin/events/${id}/reschedule`, {
        date: '2031-07-08',
        startTime: '17:30',
        endTime: '19:00',
      });
      expect(redirectOf(moved)).toBe(`/admin/events/${id}?done=rescheduled`);
      const [after] = await t.dataSource.query(
        `SELECT starts_at, ends_at, title, capacity, max_party_size FROM events WHERE id = $1`,
        [id],
      );
      expect(after).toEqual({
        starts_at: new Date('2031-07-08T16:30:00Z'),
        ends_at: new Date('2031-07-08T18:00:00Z'),
        title: 'Postura no trabalho (nova edição)',
        capacity: 25,
        max_party_size: 3,
      });
      expect(await outbox(id, 'event-changed')).toHaveLength(2);

      const list = htmlOf(await admin.get(`/admin/events?clinic=${lisbon.slug}&status=published`));
      expect(list).toContain(`href="/admin/events/${id}"`);
      expect(htmlOf(await admin.get(`/admin/events?clinic=${lisbon.slug}&status=draft`))).not.toContain(
        `href="/admin/events/${id}"`,
      );
      const page = htmlOf(await admin.get(`/admin/events/${id}`, 'pt-PT'));
      expect(page).toContain('terça-feira, 8 de julho de 2031, 17:30');
    });

    it('pages through the list, 20 at a time, keeping the filters', async () => {
      const clinic = await createClinic(t, apiAdmin.auth);
      for (let i = 0; i < 21; i += 1)
        await t
          .http()
          .post(`/api/clinics/${clinic.slug}/events`)
          .set(apiAdmin.auth)
          .send({
            kind: 'seminar',
            title: `Paged ${i}`,
            startsAt: `2032-01-${String(i + 1).padStart(2, '0')}T10:00`,
            endsAt: `2032-01-${String(i + 1).padStart(2, '0')}T11:00`,
            capacity: 5,
          })
          .expect(201);
      const first = htmlOf(await admin.get(`/admin/events?clinic=${clinic.slug}`));
      expect(first).toContain('21 events');
      expect(first).toContain(`href="/admin/events?clinic=${clinic.slug}&amp;page=2"`);
      const second = htmlOf(await admin.get(`/admin/events?clinic=${clinic.slug}&page=2`));
      expect(second).toContain('Paged 20');
      expect(second).not.toContain('Paged 0<');
    });

    it('cancelling with a reason: every attendee’s e-mail gives it and offers the clinic’s other sessions with seats', async () => {
      const doomed = await createPublishedEvent(t, apiAdmin.auth, lisbon.slug, {
        title: 'Sessão cancelada',
        capacity: 5,
      });
      const other = await createPublishedEvent(t, apiAdmin.auth, lisbon.slug, {
        title: 'Outra sessão com lugares',
        capacity: 5,
      });
      const full = await createPublishedEvent(t, apiAdmin.auth, lisbon.slug, { title: 'Sessão esgotada', capacity: 1 });
      await reserve(t, full.id, attendee()).expect(201);
      await reserve(t, doomed.id, attendee()).expect(201);
      await reserve(t, doomed.id, attendee()).expect(201);

      const tooLong = await admin.post(`/admin/events/${doomed.id}/cancel`, { reason: 'x'.repeat(501) });
      expect(tooLong.status).toBe(422);
      expect(fieldError(htmlOf(tooLong), 'reason')).toContain('500 characters');
      expect((await t.dataSource.query(`SELECT status FROM events WHERE id = $1`, [doomed.id]))[0].status).toBe(
        'published',
      );

      expect(
        redirectOf(await admin.post(`/admin/events/${doomed.id}/cancel`, { reason: 'O orador está doente.' })),
      ).toBe(`/admin/events/${doomed.id}?done=cancelled`);
      const mails = await outbox(doomed.id, 'event-cancelled');
      expect(mails).toHaveLength(2);
      const payload = mails[0].payload as {
        reservation: { cancellationReason?: string };
        otherSessions?: { title: string; url: string }[];
      };
      expect(payload.reservation.cancellationReason).toBe('O orador está doente.');
      expect(payload.otherSessions?.map((s) => s.title)).toContain('Outra sessão com lugares');
      expect(payload.otherSessions?.map((s) => s.title)).not.toContain('Sessão esgotada');
      expect(payload.otherSessions?.find((s) => s.title === 'Outra sessão com lugares')?.url).toBe(
        `http://booking.test/events/${other.id}`,
      );

      const composed = composeMessage('event-cancelled', reviveForTest(payload));
      expect(composed.text).toContain('O motivo: O orador está doente.');
      expect(composed.text).toContain('Se quiser, pode reservar outra das nossas sessões:');
      expect(composed.html).toContain(`href="http://booking.test/events/${other.id}"`);

      const again = await admin.post(`/admin/events/${doomed.id}/cancel`, { reason: 'twice' });
      expect(again.status).toBe(409);
      expect(htmlOf(again)).toContain('This event can no longer be changed that way.');
    });

    it('the API’s cancel takes the reason too', async () => {
      const event = await createPublishedEvent(t, apiAdmin.auth, lisbon.slug, { title: 'Cancelada pela API' });
      await reserve(t, event.id, attendee()).expect(201);
      await t
        .http()
        .post(`/api/events/${event.id}/cancel`)
        .set(apiAdmin.auth)
        .send({ reason: 'Obras no edifício.' })
        .expect(200);
      const [mail] = await outbox(event.id, 'event-cancelled');
      expect((mail.payload as { reservation: { cancellationReason?: string } }).reservation.cancellationReason).toBe(
        'Obras no edifício.',
      );
      expect(
        (await t.http().post(`/api/events/${event.id}/cancel`).set(apiAdmin.auth).send({ reason: 'a\nb' })).body.code,
      ).toBe('VALIDATION_FAILED');
    });
  });

  describe('series', () => {
    const seriesForm = (overrides: Record<string, string | string[]> = {}) => ({
      ...eventForm(lisbon.slug, lisbon.timeZone, {
        title: 'Escola da coluna',
        date: '2031-03-10',
        startTime: '18:00',
        endTime: '19:30',
      }),
      repeat: 'monthly',
      interval: '1',
      monthlyOn: 'nth',
      ends: 'count',
      count: '4',
      until: '',
      ...overrides,
    });

    it('previews every occurrence in the clinic’s zone (2nd Monday, across daylight saving) before creating them, then creates exactly those', async () => {
      const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM events`))[0].n;
      const preview = htmlOf(await admin.post('/admin/series/preview', seriesForm(), 'pt-PT'));
      // Intl puts thin and narrow spaces around the dash; compared as plain spaces.
      const items = [...preview.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1].replace(/\s/g, ' '));
      expect(items).toEqual([
        'segunda-feira, 10 de março de 2031, 18:00 – 19:30',
        'segunda-feira, 14 de abril de 2031, 18:00 – 19:30',
        'segunda-feira, 12 de maio de 2031, 18:00 – 19:30',
        'segunda-feira, 9 de junho de 2031, 18:00 – 19:30',
      ]);
      expect(preview).toContain('Criar 4 eventos');
      // "Change" brings the form back as it was filled in, naming the weekday's place in the month.
      const back = htmlOf(await admin.post('/admin/series/new', seriesForm(), 'pt-PT'));
      expect(inputValue(back, 'field-count')).toBe('4');
      expect(back).toContain('Na segunda segunda-feira do mês');
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM events`))[0].n).toBe(before);

      const hidden = Object.fromEntries(
        [...preview.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
      );
      const created = redirectOf(await admin.post('/admin/series', { ...seriesForm(), publish: hidden.publish }));
      const seriesId = idIn(created, '/admin/series');
      const rows = await t.dataSource.query(`SELECT starts_at FROM events WHERE series_id = $1 ORDER BY starts_at`, [
        seriesId,
      ]);
      expect(rows.map((r: { starts_at: Date }) => r.starts_at.toISOString())).toEqual([
        '2031-03-10T18:00:00.000Z',
        '2031-04-14T17:00:00.000Z',
        '2031-05-12T17:00:00.000Z',
        '2031-06-09T17:00:00.000Z',
      ]);
      expect(htmlOf(await admin.get(`/admin/series/${seriesId}`))).toContain('4 of 4 still to come');
    });

    it('the API preview matches what creation makes', async () => {
      const body = {
        event: {
          kind: 'seminar',
          title: 'Preview API',
          startsAt: '2031-01-06T10:00',
          endsAt: '2031-01-06T11:00',
          capacity: 8,
        },
        recurrence: { rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=3' },
      };
      const preview = await t
        .http()
        .post(`/api/clinics/${lisbon.slug}/event-series/preview`)
        .set(apiAdmin.auth)
        .send(body)
        .expect(200);
      const created = await t
        .http()
        .post(`/api/clinics/${lisbon.slug}/event-series`)
        .set(apiAdmin.auth)
        .send(body)
        .expect(201);
      expect(preview.body.occurrences.map((o: { startsAt: string }) => o.startsAt)).toEqual(
        created.body.events.map((e: { startsAt: string }) => e.startsAt),
      );
      expect(preview.body.occurrences[1].localStartsAt).toBe('2031-01-20T10:00:00+00:00');
    });

    it('form problems of a series show beside their fields', async () => {
      const response = await admin.post(
        '/admin/series/preview',
        seriesForm({ count: '60', interval: '0', monthlyOn: 'last' }),
      );
      expect(response.status).toBe(422);
      const html = htmlOf(response);
      expect(fieldError(html, 'count')).toContain('from 1 to 52');
      expect(fieldError(html, 'interval')).toContain('1 to 12');
      expect(fieldError(html, 'monthlyOn')).toContain('last week of its month');
      const tooFar = await admin.post(
        '/admin/series/preview',
        seriesForm({ repeat: 'weekly', ends: 'until', until: '2033-12-31' }),
      );
      expect(fieldError(htmlOf(tooFar), 'until')).toContain('within the next 52 sessions');
    });

    it('edits the future events of a series (time of day, seats) and cancels them with a reason', async () => {
      const created = await t
        .http()
        .post(`/api/clinics/${lisbon.slug}/event-series`)
        .set(apiAdmin.auth)
        .send({
          event: {
            kind: 'seminar',
            title: 'Pilates',
            startsAt: '2031-03-25T18:00',
            endsAt: '2031-03-25T19:00',
            capacity: 8,
          },
          recurrence: { rule: 'FREQ=WEEKLY;COUNT=3' },
          publish: true,
        })
        .expect(201);
      const seriesId = created.body.seriesId as string;
      await reserve(t, created.body.events[0].id, attendee()).expect(201);

      const nothing = await admin.post(`/admin/series/${seriesId}/edit`, { remindersMode: 'inherit' });
      expect(nothing.status).toBe(422);
      expect(htmlOf(nothing)).toContain('Nothing to change');

      const edited = await admin.post(`/admin/series/${seriesId}/edit`, {
        title: 'Pilates terapêutico',
        startTime: '17:15',
        capacity: '12',
        remindersMode: 'inherit',
        maxPartySize: '',
        waitlist: '',
      });
      expect(redirectOf(edited)).toBe(`/admin/series/${seriesId}?done=seriesUpdated`);
      const rows = await t.dataSource.query(
        `SELECT title, starts_at, ends_at, capacity FROM events WHERE series_id = $1 ORDER BY starts_at`,
        [seriesId],
      );
      expect(rows).toEqual([
        {
          title: 'Pilates terapêutico',
          starts_at: new Date('2031-03-25T17:15:00Z'),
          ends_at: new Date('2031-03-25T18:15:00Z'),
          capacity: 12,
        },
        {
          title: 'Pilates terapêutico',
          starts_at: new Date('2031-04-01T16:15:00Z'),
          ends_at: new Date('2031-04-01T17:15:00Z'),
          capacity: 12,
        },
        {
          title: 'Pilates terapêutico',
          starts_at: new Date('2031-04-08T16:15:00Z'),
          ends_at: new Date('2031-04-08T17:15:00Z'),
          capacity: 12,
        },
      ]);
      expect(await outbox(created.body.events[0].id, 'event-changed')).toHaveLength(1);

      expect(
        redirectOf(await admin.post(`/admin/series/${seriesId}/cancel`, { reason: 'A professora mudou-se.' })),
      ).toBe(`/admin/series/${seriesId}?done=seriesCancelled`);
      const statuses = await t.dataSource.query(`SELECT DISTINCT status FROM events WHERE series_id = $1`, [seriesId]);
      expect(statuses).toEqual([{ status: 'cancelled' }]);
      const [mail] = await outbox(created.body.events[0].id, 'event-cancelled');
      const payload = mail.payload as {
        reservation: { cancellationReason?: string };
        otherSessions?: { url: string }[];
      };
      expect(payload.reservation.cancellationReason).toBe('A professora mudou-se.');
      const seriesUrls = created.body.events.map((e: { id: string }) => `http://booking.test/events/${e.id}`);
      expect((payload.otherSessions ?? []).filter((s) => seriesUrls.includes(s.url))).toEqual([]);
    });
  });

  describe('staff accounts', () => {
    it('invites someone by e-mail: an account without a password, and the invitation in the outbox', async () => {
      const bad = await admin.post('/admin/staff/invite', {
        email: 'not an address',
        name: '',
        role: 'staff',
        clinicIds: [lisbon.id],
      });
      expect(bad.status).toBe(422);
      expect(fieldError(htmlOf(bad), 'email')).toContain('valid e-mail');
      expect(fieldError(htmlOf(bad), 'name')).toContain('Please enter a name');

      const email = `invitee-${Date.now()}@clinic.test`;
      const location = redirectOf(
        await admin.post('/admin/staff/invite', { email, name: 'Dana Reyes', role: 'staff', clinicIds: [lisbon.id] }),
      );
      const id = idIn(location, '/admin/staff');
      const [user] = await t.dataSource.query(
        `SELECT role, invited_at IS NOT NULL AS invited, password_hash IS NULL AS no_password FROM staff_users WHERE id = $1`,
        [id],
      );
      expect(user).toEqual({ role: 'staff', invited: true, no_password: true });
      const mails = await t.dataSource.query(`SELECT kind FROM outbox_messages WHERE recipient_email = $1`, [email]);
      expect(mails.map((m: { kind: string }) => m.kind)).toEqual(['staff-invitation']);
      expect(htmlOf(await admin.get('/admin/staff'))).toContain('Invitation sent');

      const taken = await admin.post('/admin/staff/invite', { email, name: 'Dana again', role: 'staff' });
      expect(taken.status).toBe(409);
      expect(fieldError(htmlOf(taken), 'email')).toContain('already exists');
    });

    it('edits a role, clinics and access; an admin cannot disable their own account', async () => {
      const other = await signInToPages(t, 'staff', []);
      const saved = await admin.post(`/admin/staff/${other.id}`, {
        name: 'Renamed',
        role: 'staff',
        clinicIds: [lisbon.id],
        active: 'no',
      });
      expect(redirectOf(saved)).toBe(`/admin/staff/${other.id}?done=saved`);
      const [row] = await t.dataSource.query(
        `SELECT name, disabled_at IS NOT NULL AS disabled FROM staff_users WHERE id = $1`,
        [other.id],
      );
      expect(row).toEqual({ name: 'Renamed', disabled: true });
      expect((await other.get('/staff/account')).status).toBe(303);

      const self = await admin.post(`/admin/staff/${admin.id}`, { name: 'Me', role: 'admin', active: 'no' });
      expect(self.status).toBe(409);
      expect(htmlOf(self)).toContain('You cannot take away your own admin role');
    });
  });
});

/** The outbox payload as the dispatcher revives it (dates back from ISO strings; no manage token in these tests). */
function reviveForTest(payload: Record<string, unknown>) {
  const stored = payload as { event: { startsAt: string; endsAt: string }; manageUrl: string };
  return {
    ...(payload as object),
    manageUrl: stored.manageUrl || 'http://booking.test/manage/test',
    event: { ...stored.event, startsAt: new Date(stored.event.startsAt), endsAt: new Date(stored.event.endsAt) },
  } as Parameters<typeof composeMessage>[1];
}
