import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  attendee,
  createClinic,
  createPublishedEvent,
  listReservations,
  reserve,
  type ClinicBody,
} from './support/booking-fixtures.js';
import {
  expectNoAxeViolations,
  horizontalOverflow,
  launchBrowser,
  saveScreenshot,
  type Device,
  type TestBrowser,
} from './support/browser.js';
import { latestMailTo, startListeningApp, type ListeningApp } from './support/listening-app.js';
import { joinPathOf } from './support/join-link-fixtures.js';
import { reconfirmPathOf } from './support/reconfirm-helpers.js';
import { signInNewUser, type SignedIn } from './support/test-app.js';

/**
 * Issue 7 in a real browser (Debian's Chromium through playwright-core): the journeys an attendee makes,
 * with JavaScript on and off, on a desktop and a phone, in English and Portuguese; axe on every page;
 * a screenshot of every page in test-results/screenshots/page-*.png.
 */
describe('attendee journeys in a real browser', () => {
  let app: ListeningApp;
  let browser: TestBrowser;
  let admin: SignedIn;
  let chicago: ClinicBody;
  let lisbon: ClinicBody;
  let otherSite: http.Server;
  let otherOrigin: string;

  beforeAll(async () => {
    // A page on another origin that frames our embed list and posts a forged form to us.
    otherSite = http.createServer((request, response) => {
      const [, slug, eventId] = /^\/host\/([^/]+)\/([^/]+)$/.exec(request.url ?? '') ?? [];
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end(`<!doctype html><html lang="en"><title>A clinic's own site</title><body>
        <h1>Our seminars</h1>
        <iframe id="embed" title="Seminars" src="${app.baseUrl}/embed/clinics/${slug}" width="600" height="400"></iframe>
        <form method="post" action="${app.baseUrl}/events/${eventId}/reserve">
          <input name="name" value="Forged"><input name="email" value="forged@example.org">
          <input name="privacyPolicy" value="yes"><button type="submit">Forge</button>
        </form></body></html>`);
    });
    await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
    // Another port on "localhost" is another origin than our 127.0.0.1 one.
    otherOrigin = `http://localhost:${(otherSite.address() as AddressInfo).port}`;

    app = await startListeningApp({ mail: true });
    admin = await signInNewUser(app, 'admin');
    chicago = await createClinic(app, admin.auth, { name: 'Lakeside Back Clinic', embedOrigins: [otherOrigin] });
    lisbon = await createClinic(app, admin.auth, {
      name: 'Clínica da Coluna Baixa',
      timeZone: 'Europe/Lisbon',
      locale: 'pt-PT',
      phone: '+351 21 555 0199',
      address: { line1: 'Rua Augusta 120', city: 'Lisboa', postalCode: '1100-053', country: 'PT' },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((resolve) => otherSite.close(resolve));
  });

  /** Every page a test visits is checked the same way: axe, no sideways scrolling on a phone, a screenshot. */
  async function inspect(page: Page, name: string, device: Device = 'desktop', javaScript = true): Promise<void> {
    await expectNoAxeViolations(page, name);
    if (device === 'phone') expect({ name, overflow: await horizontalOverflow(page) }).toEqual({ name, overflow: 0 });
    await saveScreenshot(page, `page-${name}-${device}${javaScript ? '' : '-nojs'}`);
  }

  async function fillReservation(page: Page, fields: { name: string; email: string; seats?: number }): Promise<void> {
    await page.getByLabel(/Your name|O seu nome/).fill(fields.name);
    await page.getByLabel(/E-mail address|Endereço de e-mail/).fill(fields.email);
    if (fields.seats) await page.locator('#field-partySize').selectOption(String(fields.seats));
    await page.locator('#field-privacyPolicy').check();
  }

  it('find an event, reserve, open the link from the real e-mail, resize, switch, cancel', async () => {
    const event = await createPublishedEvent(app, admin.auth, chicago.slug, {
      title: 'Living well with lower back pain',
      capacity: 10,
    });
    const later = await createPublishedEvent(app, admin.auth, chicago.slug, {
      title: 'Living well with lower back pain (repeat)',
      capacity: 10,
    });
    const email = `journey-${Date.now()}@example.org`;
    await browser.withPage({ device: 'desktop', locale: 'en-US' }, async (page) => {
      await page.goto(`${app.baseUrl}/`);
      await inspect(page, 'catalogue-en');
      await page.getByRole('link', { name: 'Living well with lower back pain', exact: true }).click();
      expect(await page.locator('h1').textContent()).toBe('Living well with lower back pain');
      await inspect(page, 'event-en');

      await page.getByRole('button', { name: 'Reserve' }).click();
      expect(await page.locator('#error-name').textContent()).toContain('Please enter your name');
      await inspect(page, 'event-errors-en');

      await fillReservation(page, { name: 'Jordan Avery-Smith', email, seats: 2 });
      await page.getByRole('button', { name: 'Reserve' }).click();
      await page.waitForURL(/\/manage\/[A-Za-z0-9_-]+\?welcome=1$/);
      expect(await page.locator('h1').textContent()).toBe('Your seat is reserved');
      await inspect(page, 'reserved-en');
    });

    const confirmation = await latestMailTo(app.sink!, email);
    const manageUrl = /href="(http:\/\/127\.0\.0\.1:\d+\/manage\/[A-Za-z0-9_-]+)"/.exec(confirmation.html)?.[1];
    expect(manageUrl).toBeDefined();
    await browser.withPage({ device: 'phone', locale: 'en-US' }, async (page) => {
      await page.goto(manageUrl!);
      expect(await page.locator('h1').textContent()).toBe('Your reservation');
      expect(await page.locator('#party-size').textContent()).toBe('2 seats');
      await inspect(page, 'manage-en', 'phone');

      await page.locator('#field-partySize').selectOption('1');
      await page.getByRole('button', { name: 'Save seats' }).click();
      expect(await page.locator('[role="status"]').textContent()).toContain('Your number of seats has been changed.');
      expect(await page.locator('#party-size').textContent()).toBe('1 seat');

      await page.locator(`#switch-${later.id}`).check();
      await page.getByRole('button', { name: 'Move to this session' }).click();
      expect(await page.locator('[role="status"]').textContent()).toContain('moved to this session');
      expect(await page.locator('.event-title').textContent()).toBe('Living well with lower back pain (repeat)');

      await page.getByRole('button', { name: 'Cancel reservation…' }).click();
      await inspect(page, 'cancel-confirm-en', 'phone');
      await page.getByRole('button', { name: 'Yes, cancel my reservation' }).click();
      await page.waitForURL(/notice=cancelled/);
      expect(await page.locator('[role="status"]').textContent()).toContain('Your reservation is cancelled.');

      await page.goto(manageUrl!);
      expect(await page.locator('h1').textContent()).toBe('This link no longer works');
      await inspect(page, 'link-used-up-en', 'phone');
    });
    expect((await listReservations(app, admin.auth, event.id)).counts.confirmedSeats).toBe(0);
    expect((await listReservations(app, admin.auth, later.id)).counts.confirmedSeats).toBe(0);
  });

  it('a full event: the waiting list, with the place in line', async () => {
    const event = await createPublishedEvent(app, admin.auth, chicago.slug, { title: 'Full house', capacity: 1 });
    await reserve(app, event.id).expect(201);
    await browser.withPage({ device: 'phone', locale: 'en-US' }, async (page) => {
      await page.goto(`${app.baseUrl}/events/${event.id}`);
      await inspect(page, 'event-full-en', 'phone');
      await fillReservation(page, { name: 'Kim Lee', email: `waiting-${Date.now()}@example.org` });
      await page.getByRole('button', { name: 'Join the waiting list' }).click();
      expect(await page.locator('h1').textContent()).toBe('You are on the waiting list');
      expect(await page.locator('#waitlist-position').textContent()).toContain('Your place on the waiting list: 1.');
      await inspect(page, 'waitlisted-en', 'phone');
    });
  });

  it('an address that already has a seat gets the neutral page', async () => {
    const event = await createPublishedEvent(app, admin.auth, chicago.slug, { title: 'Already booked' });
    const email = `twice-${Date.now()}@example.org`;
    await reserve(app, event.id, attendee({ email })).expect(201);
    await browser.withPage({ device: 'desktop', locale: 'en-US' }, async (page) => {
      await page.goto(`${app.baseUrl}/events/${event.id}`);
      await fillReservation(page, { name: 'Someone Else', email });
      await page.getByRole('button', { name: 'Reserve' }).click();
      expect(await page.locator('h1').textContent()).toBe('Check your e-mail');
      expect(await page.content()).not.toContain('/manage/');
      await inspect(page, 'already-reserved-en');
    });
  });

  it('works with JavaScript off, in Portuguese, on a phone', async () => {
    // Fixed local times, so the page shows the same hours whenever the suite runs.
    const event = await createPublishedEvent(app, admin.auth, lisbon.slug, {
      title: 'Viver bem com dor lombar',
      startsAt: '2027-03-10T18:00',
      endsAt: '2027-03-10T19:30',
      description: 'Exercícios e hábitos para uma coluna saudável.\n\nTraga roupa confortável.',
      venueName: 'Sala de formação',
    });
    await createPublishedEvent(app, admin.auth, lisbon.slug, {
      kind: 'webinar',
      title: 'Exercícios para a coluna (online)',
      venueName: undefined,
      joinUrl: 'https://meet.example.com/coluna',
    });
    const email = `sem-js-${Date.now()}@example.pt`;
    await browser.withPage({ device: 'phone', javaScript: false, locale: 'pt-PT' }, async (page) => {
      await page.goto(`${app.baseUrl}/clinics/${lisbon.slug}`);
      expect(await page.locator('html').getAttribute('lang')).toBe('pt-PT');
      await inspect(page, 'clinic-pt', 'phone', false);
      await page.getByRole('link', { name: 'Viver bem com dor lombar' }).click();
      await inspect(page, 'event-pt', 'phone', false);
      await page.getByRole('button', { name: 'Reservar' }).click();
      expect(await page.locator('#error-privacyPolicy').textContent()).toBe(
        'Aceite o aviso de privacidade para reservar um lugar.',
      );
      await inspect(page, 'event-errors-pt', 'phone', false);
      await fillReservation(page, { name: 'Maria João Gonçalves de Albuquerque e Vasconcelos', email });
      await page.getByRole('button', { name: 'Reservar' }).click();
      expect(await page.locator('h1').textContent()).toBe('O seu lugar está reservado');
      expect(await page.locator('time').first().textContent()).toMatch(
        /^quarta-feira, 10 de março de 2027, 18:00\s–\s19:30 \(Hora da Europa Ocidental\)$/,
      );
      await inspect(page, 'reserved-pt', 'phone', false);
      await page.getByRole('button', { name: 'Cancelar reserva…' }).click();
      await inspect(page, 'cancel-confirm-pt', 'phone', false);
      await page.getByRole('button', { name: 'Sim, cancelar a minha reserva' }).click();
      expect(await page.locator('[role="status"]').textContent()).toContain('A sua reserva foi cancelada.');
    });
    expect((await listReservations(app, admin.auth, event.id)).counts.confirmedSeats).toBe(0);
  }, 120_000);

  it('every page, at desktop and phone width, in both languages, passes axe', async () => {
    // 28 page loads, each with an axe run and a full-page screenshot.
    const pages: [string, string][] = [];
    for (const clinic of [chicago, lisbon]) {
      const lang = clinic.slug === lisbon.slug ? 'pt' : 'en';
      const event = await createPublishedEvent(app, admin.auth, clinic.slug, {
        title: lang === 'pt' ? 'Postura no trabalho' : 'Posture at work',
      });
      const webinar = await createPublishedEvent(app, admin.auth, clinic.slug, {
        kind: 'webinar',
        title: 'Online',
        venueName: undefined,
        joinUrl: 'https://meet.example.com/x',
      });
      const seat = await reserve(app, webinar.id).expect(201);
      pages.push(
        [`clinic-${lang}`, `/clinics/${clinic.slug}`],
        [`event-${lang}`, `/events/${event.id}`],
        [`manage-webinar-${lang}`, `/manage/${seat.body.manageToken}`],
        // The personal join link a week before (issue 9): "not open yet", saying when it opens.
        [`join-not-yet-${lang}`, await joinPathOf(app, seat.body.reservationId)],
        // "Still coming?" (issue 9): the answer page as the e-mail's "I can't come" link opens it.
        [`reconfirm-${lang}`, `${await reconfirmPathOf(app, seat.body.reservationId)}?answer=no`],
        [`embed-${lang}`, `/embed/clinics/${clinic.slug}`],
      );
    }
    pages.push(['not-found-en', '/no-such-page'], ['unknown-link-en', '/manage/not-a-real-token-at-all-0123456789']);
    for (const device of ['desktop', 'phone'] as const) {
      for (const [name, path] of pages) {
        await browser.withPage({ device, locale: name.endsWith('-pt') ? 'pt-PT' : 'en-US' }, async (page) => {
          await page.goto(`${app.baseUrl}${path}`);
          await inspect(page, `all-${name}`, device);
        });
      }
    }
  }, 240_000);

  it('the embed shows inside an iframe on the origins the clinic lists, and nowhere else', async () => {
    await createPublishedEvent(app, admin.auth, chicago.slug, { title: 'Embedded seminar' });
    await browser.withPage({ device: 'desktop' }, async (page) => {
      await page.goto(`${otherOrigin}/host/${chicago.slug}/x`);
      const frame = page.frameLocator('#embed');
      await expect(frame.getByRole('link', { name: /Embedded seminar/ }).count()).resolves.toBe(1);
      await saveScreenshot(page, 'page-embed-in-iframe-desktop');
      await page.goto(`${otherOrigin}/host/${lisbon.slug}/x`);
      // Lisbon lists no origin: Chromium refuses to render it in the frame.
      await page.waitForTimeout(500);
      const blocked = page.frames().find((f) => f.url().includes('/embed/'));
      const links = blocked
        ? await blocked
            .locator('a')
            .count()
            .catch(() => 0)
        : 0;
      expect(links).toBe(0);
    });
  });

  it('a form posted from another site is refused and books nothing', async () => {
    const event = await createPublishedEvent(app, admin.auth, chicago.slug, { title: 'Forgery target' });
    await browser.withPage({ device: 'desktop' }, async (page) => {
      await page.goto(`${app.baseUrl}/events/${event.id}`); // the browser now holds our CSRF cookie
      await page.goto(`${otherOrigin}/host/${chicago.slug}/${event.id}`);
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Forge' }).click(),
      ]);
      expect(response?.status()).toBe(403);
      expect(await page.locator('h1').textContent()).toBe('This form could not be sent');
    });
    expect((await listReservations(app, admin.auth, event.id)).reservations).toHaveLength(0);
  });
});
