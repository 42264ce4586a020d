import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  attendee,
  createClinic,
  createPublishedEvent,
  listReservations,
  reserve,
  type ClinicBody,
} from './support/booking-fixtures.js';
import { fieldError, hiddenField, htmlOf, inputValue, manageTokenOf, reservationForm } from './support/page-forms.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/** Issue 7 over HTTP: the pages people use, their headers, forms (CSRF, errors, PRG) and the manage link. */
describe('pages for attendees', () => {
  let t: TestApp;
  let admin: SignedIn;
  let chicago: ClinicBody;
  let lisbon: ClinicBody;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    chicago = await createClinic(t, admin.auth, { name: 'Lakeside Back Clinic' });
    lisbon = await createClinic(t, admin.auth, {
      name: 'Clínica da Coluna Baixa',
      timeZone: 'Europe/Lisbon',
      locale: 'pt-PT',
      phone: '+351 21 555 0199',
      address: { line1: 'Rua Augusta 120', city: 'Lisboa', postalCode: '1100-053', country: 'PT' },
      embedOrigins: ['https://www.clinica-coluna.example'],
    });
  });
  afterAll(() => t.close());

  /** A browser: keeps the CSRF cookie between the page and its form post. */
  const browser = () => request.agent(t.app.getHttpServer());

  async function openForm(agent: ReturnType<typeof browser>, eventId: string) {
    const page = await agent.get(`/events/${eventId}`).expect(200);
    return { csrf: hiddenField(page.text, '_csrf'), formKey: hiddenField(page.text, 'formKey'), html: page.text };
  }

  async function reserveThroughPage(eventId: string, fields: Record<string, string> = reservationForm()) {
    const agent = browser();
    const { csrf, formKey } = await openForm(agent, eventId);
    const answer = await agent
      .post(`/events/${eventId}/reserve`)
      .type('form')
      .send({ ...fields, _csrf: csrf, formKey });
    return { agent, answer };
  }

  describe('the catalogue: /, /clinics/:slug', () => {
    it('lists upcoming published events with the local time, the place and the seats left', async () => {
      // A fixed local evening: a random start can straddle noon ("11:52 AM – 1:22 PM").
      const event = await createPublishedEvent(t, admin.auth, chicago.slug, {
        title: 'Desk posture for beginners',
        capacity: 12,
        startsAt: '2027-03-11T18:00',
        endsAt: '2027-03-11T19:30',
      });
      const html = htmlOf(await t.http().get('/').set('Accept-Language', 'en-US').expect(200));
      expect(html).toContain('<html lang="en">');
      expect(html).toContain(`href="/events/${event.id}"`);
      expect(html).toContain('Desk posture for beginners');
      expect(html).toContain('12 seats left');
      expect(html).toMatch(/6:00\s–\s7:30\sPM/); // Intl puts thin and narrow no-break spaces here
      expect(html).toContain('Central Time');
    });

    it('filters by kind, ignores filters it does not know, and says what to do when nothing matches', async () => {
      const webinars = htmlOf(await t.http().get(`/clinics/${chicago.slug}?kind=webinar`).expect(200));
      expect(webinars).toContain('Nothing matches these filters');
      expect(webinars).toContain(`href="/clinics/${chicago.slug}"`);
      await t.http().get('/?kind=%00&page=-4&clinic=<script>').expect(200);
    });

    it("speaks the clinic's language: Portuguese words, a 24-hour clock and the zone's name for Lisbon", async () => {
      await createPublishedEvent(t, admin.auth, lisbon.slug, {
        title: 'Viver bem com dor lombar',
        startsAt: '2027-03-10T18:00',
        endsAt: '2027-03-10T19:30',
      });
      const html = htmlOf(await t.http().get(`/clinics/${lisbon.slug}`).expect(200));
      expect(html).toContain('<html lang="pt-PT">');
      expect(html).toContain('Próximos eventos em Clínica da Coluna Baixa');
      expect(html).toMatch(/18:00\s–\s19:30/);
      expect(html).toContain('Hora da Europa Ocidental');
      expect(html).toContain('Restam 20 lugares');
      expect(html).not.toMatch(/seats left|Upcoming/);
    });

    it('answers an unknown clinic with a 404 page, not JSON', async () => {
      const response = await t.http().get('/clinics/no-such-clinic').expect(404);
      expect(htmlOf(response)).toContain('Page not found');
    });
  });

  describe('page headers', () => {
    it('a public page has a strict CSP with no inline script, refuses framing and gets a CSRF cookie', async () => {
      const event = await createPublishedEvent(t, admin.auth, chicago.slug);
      const response = await t.http().get(`/events/${event.id}`).expect(200);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(String(response.headers['set-cookie'])).toMatch(/csrf=[^;]+;.*HttpOnly;.*SameSite=Lax/i);
      expect(response.text).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|style="/);
    });

    it('assets have hashed names, a year of caching and gzip', async () => {
      const html = (await t.http().get('/').expect(200)).text;
      const css = /href="(\/assets\/site\.[0-9a-f]{10}\.css)"/.exec(html)![1];
      const response = await t.http().get(css).set('Accept-Encoding', 'gzip').expect(200);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers['content-encoding']).toBe('gzip');
      // A browser that revalidates anyway gets 304 without the body.
      await t
        .http()
        .get(css)
        .set('If-None-Match', response.headers.etag as string)
        .expect(304);
      await t.http().get('/assets/site.0000000000.css').expect(404);
    });
  });

  describe('reserving through the event page', () => {
    it('reserves, redirects (303) to the private manage page with the code and what happens next', async () => {
      const event = await createPublishedEvent(t, admin.auth, chicago.slug, { capacity: 5 });
      const fields = reservationForm({ partySize: '2' });
      const { agent, answer } = await reserveThroughPage(event.id, fields);
      expect(answer.status).toBe(303);
      const token = manageTokenOf(answer.headers.location);
      const page = await agent.get(answer.headers.location).expect(200);
      expect(page.text).toContain('Your seat is reserved');
      expect(page.text).toContain(`We have sent a confirmation e-mail with a calendar invite to ${fields.email}.`);
      expect(page.text).toContain(`href="/manage/${token}/invite.ics"`);
      expect(page.text).toContain('https://calendar.google.com/calendar/render?');
      const { reservations } = await listReservations(t, admin.auth, event.id);
      expect(reservations).toEqual([
        expect.objectContaining({ email: fields.email, partySize: 2, status: 'confirmed', source: 'web' }),
      ]);
      expect(page.text).toContain(reservations[0].confirmationCode);
    });

    it('refuses a post without the CSRF token (403) or from another site, and reserves nothing', async () => {
      const event = await createPublishedEvent(t, admin.auth, chicago.slug);
      const noToken = await t
        .http()
        .post(`/events/${event.id}/reserve`)
        .type('form')
        .send(reservationForm())
        .expect(403);
      expect(noToken.text).toContain('This form has expired');
      const agent = browser();
      const { csrf, formKey } = await openForm(agent, event.id);
      await agent
        .post(`/events/${event.id}/reserve`)
        .set('Origin', 'https://evil.example')
        .type('form')
        .send({ ...reservationForm(), _csrf: csrf, formKey })
        .expect(403);
      await agent
        .post(`/events/${event.id}/reserve`)
        .type('form')
        .send({ ...reservationForm(), _csrf: `${csrf.slice(0, -2)}xx`, formKey })
        .expect(403);
      expect((await listReservations(t, admin.auth, event.id)).reservations).toHaveLength(0);
    });

    it('shows each problem beside its field, in the page language, and keeps what was typed', async () => {
      const event = await createPublishedEvent(t, admin.auth, lisbon.slug);
      const { answer } = await reserveThroughPage(
        event.id,
        reservationForm({ name: 'Ana <b>Sousa</b>', email: 'not-an-address', privacyPolicy: '' }),
      );
      expect(answer.status).toBe(422);
      expect(fieldError(answer.text, 'email')).toBe(
        'Indique um endereço de e-mail válido, por exemplo ana@exemplo.pt.',
      );
      expect(fieldError(answer.text, 'privacyPolicy')).toBe('Aceite o aviso de privacidade para reservar um lugar.');
      expect(fieldError(answer.text, 'name')).toBeUndefined();
      expect(inputValue(answer.text, 'field-name')).toBe('Ana &lt;b&gt;Sousa&lt;/b&gt;');
      expect(inputValue(answer.text, 'field-email')).toBe('not-an-address');
      expect(answer.text).toContain('aria-invalid="true" aria-describedby="error-privacyPolicy"');
      expect((await listReservations(t, admin.auth, event.id)).reservations).toHaveLength(0);
    });

    it('a double tap on Reserve (the same form sent twice) books once and lands on the same page', async () => {
      const event = await createPublishedEvent(t, admin.auth, chicago.slug);
      const agent = browser();
      const { csrf, formKey } = await openForm(agent, event.id);
      const fields = { ...reservationForm(), _csrf: csrf, formKey };
      const [first, second] = await Promise.all([
        agent.post(`/events/${event.id}/reserve`).type('form').send(fields),
        agent.post(`/events/${event.id}/reserve`).type('form').send(fields),
      ]);
      expect([first.status, second.status]).toEqual([303, 303]);
      expect(second.headers.location).toBe(first.headers.location);
      expect((await listReservations(t, admin.auth, event.id)).reservations).toHaveLength(1);
    });

    it('a full event with a waiting list puts the person on it and says where they stand', async () => {
      const event = await createPublishedEvent(t, admin.auth, chicago.slug, { capacity: 1 });
      await reserve(t, event.id).expect(201);
      const before = await t.http().get(`/events/${event.id}`).expect(200);
      expect(before.text).toContain('Join the waiting list');
      const { agent, answer } = await reserveThroughPage(event.id);
      expect(answer.status).toBe(303);
      const page = await agent.get(answer.headers.location).expect(200);
      expect(page.text).toContain('You are on the waiting list');
      expect(page.text).toContain('Your place on the waiting list: 1.');
      expect(page.text).not.toContain('invite.ics');
    });

    it('a full event without a waiting list has no form; a stale form gets EVENT_FULL above it', async () => {
      const event = await createPublishedEvent(t, admin.auth, chicago.slug, { capacity: 1, waitlistEnabled: false });
      const agent = browser();
      const { csrf, formKey } = await openForm(agent, event.id);
      await reserve(t, event.id).expect(201);
      const page = await agent.get(`/events/${event.id}`).expect(200);
      expect(page.text).toContain('Fully booked, and this event has no waiting list.');
      expect(page.text).not.toContain('id="reserve-form"');
      const stale = await agent
        .post(`/events/${event.id}/reserve`)
        .type('form')
        .send({ ...reservationForm(), _csrf: csrf, formKey })
        .expect(409);
      expect(stale.text).toContain('Sorry, there are not enough free seats for your party.');
    });

    it('an address that already has a reservation gets the neutral answer, never the details', async () => {
      const event = await createPublishedEvent(t, admin.auth, chicago.slug);
      const email = `already-${Date.now()}@example.org`;
      const first = await reserve(t, event.id, attendee({ email })).expect(201);
      const { answer } = await reserveThroughPage(event.id, reservationForm({ email }));
      expect(answer.status).toBe(409);
      expect(answer.text).toContain('Check your e-mail');
      expect(answer.text).not.toContain(first.body.confirmationCode);
      expect(answer.text).not.toContain('/manage/');
    });

    it('a filled honeypot (a form-filling bot) is refused and books nothing', async () => {
      const event = await createPublishedEvent(t, admin.auth, chicago.slug);
      const { answer } = await reserveThroughPage(event.id, reservationForm({ website: 'https://spam.example' }));
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('We could not accept this form.');
      expect((await listReservations(t, admin.auth, event.id)).reservations).toHaveLength(0);
    });

    it('the form carries the self-hosted proof-of-work widget, loaded from our own origin', async () => {
      const event = await createPublishedEvent(t, admin.auth, chicago.slug);
      const html = (await t.http().get(`/events/${event.id}`).expect(200)).text;
      expect(html).toContain('<altcha-widget challenge="/bot-check/challenge" name="altcha" language="en"');
      expect(html).toMatch(/<script src="\/assets\/bot-check\.[0-9a-f]{10}\.js" defer><\/script>/);
      expect(html).not.toMatch(/<script src="https?:/);
    });

    it('a party larger than the event allows is refused beside the seats field', async () => {
      const event = await createPublishedEvent(t, admin.auth, chicago.slug, { maxPartySize: 2 });
      const { answer } = await reserveThroughPage(event.id, reservationForm({ partySize: '5' }));
      expect(answer.status).toBe(422);
      expect(fieldError(answer.text, 'partySize')).toBe('At most 2 seats can be reserved together for this event.');
    });
  });

  describe('the manage link: /manage/:token', () => {
    async function booked(slug = chicago.slug, overrides: Record<string, unknown> = {}) {
      const event = await createPublishedEvent(t, admin.auth, slug, overrides);
      const { agent, answer } = await reserveThroughPage(event.id);
      return { event, agent, token: manageTokenOf(answer.headers.location) };
    }

    it('is private: never cached, indexed or referred', async () => {
      const { agent, token } = await booked();
      const response = await agent.get(`/manage/${token}`).expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
      expect(response.text).toContain('<meta name="robots" content="noindex, nofollow">');
    });

    it('changes the number of seats (POST-redirect-GET)', async () => {
      const { event, agent, token } = await booked();
      const page = await agent.get(`/manage/${token}`).expect(200);
      const changed = await agent
        .post(`/manage/${token}/party`)
        .type('form')
        .send({ partySize: '2', _csrf: hiddenField(page.text, '_csrf') })
        .expect(303);
      expect(changed.headers.location).toBe(`/manage/${token}?notice=party-changed`);
      expect((await agent.get(changed.headers.location).expect(200)).text).toContain(
        'Your number of seats has been changed.',
      );
      expect((await listReservations(t, admin.auth, event.id)).counts.confirmedSeats).toBe(2);
    });

    it('moves to another session of the clinic with room for the party', async () => {
      const { event, agent, token } = await booked();
      const other = await createPublishedEvent(t, admin.auth, chicago.slug, {
        title: 'The same talk, another evening',
      });
      const page = await agent.get(`/manage/${token}`).expect(200);
      expect(page.text).toContain(`value="${other.id}"`);
      expect(page.text).not.toContain(`id="switch-${event.id}"`);
      await agent
        .post(`/manage/${token}/switch`)
        .type('form')
        .send({ eventId: other.id, _csrf: hiddenField(page.text, '_csrf') })
        .expect(303);
      expect((await listReservations(t, admin.auth, other.id)).counts.confirmedSeats).toBe(1);
      expect((await listReservations(t, admin.auth, event.id)).counts.confirmedSeats).toBe(0);
    });

    it('cancels only after the confirmation step, then the link is used up and says whom to call', async () => {
      const { event, agent, token } = await booked(lisbon.slug);
      const confirm = await agent.get(`/manage/${token}/cancel`).expect(200);
      expect(confirm.text).toContain('Cancelar esta reserva?');
      expect((await listReservations(t, admin.auth, event.id)).counts.confirmedSeats).toBe(1);
      const done = await agent
        .post(`/manage/${token}/cancel`)
        .type('form')
        .send({ _csrf: hiddenField(confirm.text, '_csrf') })
        .expect(303);
      expect(done.headers.location).toBe(`/clinics/${lisbon.slug}?notice=cancelled`);
      expect((await agent.get(done.headers.location).expect(200)).text).toContain('A sua reserva foi cancelada.');
      expect((await listReservations(t, admin.auth, event.id)).counts.confirmedSeats).toBe(0);
      const used = await agent.get(`/manage/${token}`).expect(404);
      expect(used.text).toContain('Esta ligação já não funciona');
      expect(used.text).toContain('+351 21 555 0199');
    });

    it('an unknown link gets a friendly 404 with every clinic to call', async () => {
      const response = await t.http().get('/manage/this-is-not-a-real-token-at-all-0123').expect(404);
      expect(response.text).toContain('This link no longer works');
      expect(response.text).toContain('Lakeside Back Clinic');
      expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
    });

    it('downloads the current invite of a confirmed seat', async () => {
      const { agent, token } = await booked();
      const invite = await agent.get(`/manage/${token}/invite.ics`).expect(200);
      expect(invite.headers['content-type']).toMatch(/^text\/calendar/);
      expect(invite.text).toContain('BEGIN:VCALENDAR');
    });

    it("shows a webinar's personal join link (never the raw join URL) to a confirmed attendee only", async () => {
      const joinUrl = 'https://meet.example.com/room-42';
      const { agent, token, event } = await booked(chicago.slug, {
        kind: 'webinar',
        venueName: undefined,
        joinUrl,
        capacity: 1,
      });
      const manage = (await agent.get(`/manage/${token}`).expect(200)).text;
      expect(manage).toMatch(/href="http:\/\/booking\.test\/join\/[A-Za-z0-9_-]{65}"/);
      expect(manage).not.toContain(joinUrl);
      expect((await t.http().get(`/events/${event.id}`).expect(200)).text).not.toContain(joinUrl);
      const { answer } = await reserveThroughPage(event.id);
      const waitlisted = await t.http().get(answer.headers.location).expect(200);
      expect(waitlisted.text).toContain('You are on the waiting list');
      expect(waitlisted.text).not.toContain(joinUrl);
      expect(waitlisted.text).not.toContain('/join/');
    });
  });

  describe('the embed: /embed/clinics/:slug', () => {
    it("may be framed only by the clinic's own origins, and its links open our pages at the public address", async () => {
      await createPublishedEvent(t, admin.auth, lisbon.slug, { title: 'Postura no trabalho' });
      const response = await t.http().get(`/embed/clinics/${lisbon.slug}`).expect(200);
      expect(response.headers['content-security-policy']).toContain(
        'frame-ancestors https://www.clinica-coluna.example',
      );
      expect(response.headers['x-frame-options']).toBeUndefined();
      expect(response.text).toContain('href="http://booking.test/events/');
      expect(response.text).toContain('target="_blank"');
      const other = await t.http().get(`/embed/clinics/${chicago.slug}`).expect(200);
      expect(other.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    });

    it('gives admins the snippet to paste', async () => {
      const clinics = await t.http().get('/api/admin/clinics').set(admin.auth).expect(200);
      const mine = clinics.body.find((c: { slug: string }) => c.slug === lisbon.slug);
      expect(mine.embedSnippet).toBe(
        `<iframe src="http://booking.test/embed/clinics/${lisbon.slug}" title="Clínica da Coluna Baixa" width="100%" height="480" style="border:0" loading="lazy"></iframe>`,
      );
      expect(mine.embedOrigins).toEqual(['https://www.clinica-coluna.example']);
    });
  });

  describe('the JSON API stays under /api', () => {
    it('answers JSON there, including its 404s', async () => {
      await t.http().get('/api/events').expect(200).expect('Content-Type', /json/);
      const missing = await t.http().get('/api/no-such-route').expect(404);
      expect(missing.body.code).toBe('NOT_FOUND');
    });
  });
});
