import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { StaffService } from '../src/staff/staff.service.js';
import { attendee, createClinic, createPublishedEvent, reserve, type ClinicBody } from './support/booking-fixtures.js';
import {
  expectNoAxeViolations,
  horizontalOverflow,
  launchBrowser,
  saveScreenshot,
  type TestBrowser,
} from './support/browser.js';
import { latestMailTo, startListeningApp, type ListeningApp } from './support/listening-app.js';
import { signInBrowser, staffLinkIn } from './support/staff-session.js';
import { signInNewUser, type SignedIn } from './support/test-app.js';

/**
 * Issue 8's admin pages in a real browser (Debian's Chromium): an admin creates a clinic, invites a staff
 * member (who sets a password from the link in the real e-mail and is signed in), and schedules a series
 * after checking its preview; then every admin page in English and Portuguese, each checked by axe and
 * saved as test-results/screenshots/admin-<page>-<locale>.png.
 */

const PASSWORD = 'correct horse battery staple';
const LOCALES = [
  ['en', 'en-GB'],
  ['pt-PT', 'pt-PT'],
] as const;

describe('admin journeys in a real browser', () => {
  let app: ListeningApp;
  let browser: TestBrowser;
  let apiAdmin: SignedIn;
  let adminEmail: string;
  let lisbon: ClinicBody;

  beforeAll(async () => {
    app = await startListeningApp({ mail: true });
    apiAdmin = await signInNewUser(app, 'admin');
    adminEmail = `admin-browser-${Date.now()}@staff.test`;
    await app.app.get(StaffService).create({ email: adminEmail, name: 'Ana Admin', role: 'admin', password: PASSWORD });
    lisbon = await createClinic(app, apiAdmin.auth, {
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
  });

  async function inspect(page: Page, name: string, locale: string): Promise<void> {
    await expectNoAxeViolations(page, `${name} (${locale})`);
    await saveScreenshot(page, `admin-${name}-${locale}`);
  }

  async function signedIn<T>(
    locale: string,
    use: (page: Page) => Promise<T>,
    device: 'desktop' | 'phone' = 'desktop',
  ): Promise<T> {
    return browser.withPage({ locale, device }, async (page) => {
      await signInBrowser(page, app.baseUrl, adminEmail, PASSWORD);
      return use(page);
    });
  }

  it('creates a clinic: mistakes shown beside their fields first, then the clinic with its embed snippet', async () => {
    const slug = `browser-${Date.now()}`;
    await signedIn('en-GB', async (page) => {
      await page.goto(`${app.baseUrl}/admin/clinics`);
      await page.getByRole('button', { name: 'New clinic' }).click();
      await page.getByRole('button', { name: 'Create the clinic' }).click();
      expect(await page.locator('#error-name').textContent()).toContain('Please enter a name');
      expect(await page.locator('#field-slug').getAttribute('aria-invalid')).toBe('true');
      await page.getByRole('link', { name: /Please enter a short web name/ }).click();
      expect(await page.evaluate('document.activeElement.id')).toBe('field-slug');

      await page.locator('#field-name').fill('Clínica do Porto');
      await page.locator('#field-slug').fill(slug);
      await page.locator('#field-timeZone').selectOption('Europe/Lisbon');
      await page.locator('#field-locale').selectOption('pt-PT');
      await page.locator('#field-phone').fill('+351 22 555 0100');
      await page.locator('#field-organizerEmail').fill('seminarios@porto.example');
      await page.locator('#field-addressLine1').fill('Rua de Santa Catarina 10');
      await page.locator('#field-postalCode').fill('4000-447');
      await page.locator('#field-city').fill('Porto');
      await page.locator('#field-country').fill('PT');
      await page.locator('#field-embedOrigins').fill('https://www.porto.example');
      await page.locator('#field-maxPartySize').fill('4');
      await page.getByRole('button', { name: 'Create the clinic' }).click();
      await page.waitForURL(`**/admin/clinics/${slug}?done=created`);
      expect(await page.locator('h1').textContent()).toBe('Clínica do Porto');
      expect(await page.locator('[role="status"]').first().textContent()).toContain('Created.');
      expect(await page.locator('#embed-snippet').inputValue()).toContain(`/embed/clinics/${slug}`);
      expect(await page.locator('#effective-defaults').textContent()).toContain('up to 4 seats a booking');
    });
    const api = (await app.http().get('/api/admin/clinics').set(apiAdmin.auth)).body.find(
      (c: { slug: string }) => c.slug === slug,
    );
    expect(api).toMatchObject({
      timeZone: 'Europe/Lisbon',
      locale: 'pt-PT',
      embedOrigins: ['https://www.porto.example'],
      defaultMaxPartySize: 4,
    });
  });

  it('invites a staff member, who sets a password from the e-mailed link and is signed in', async () => {
    const email = `invitee-${Date.now()}@clinic.test`;
    await signedIn('en-GB', async (page) => {
      await page.goto(`${app.baseUrl}/admin/staff`);
      await page.getByRole('button', { name: 'Invite someone' }).click();
      await page.locator('#field-email').fill(email);
      await page.locator('#field-name').fill('Inês Ferreira');
      await page.getByLabel('Clínica da Coluna Baixa').check();
      await page.getByRole('button', { name: 'Send the invitation' }).click();
      await page.waitForURL(/\/admin\/staff\/[0-9a-f-]{36}\?done=invited$/);
      expect(await page.locator('h1').textContent()).toBe('Inês Ferreira');
      expect(await page.locator('main').textContent()).toContain('Invitation sent');
    });

    const mail = await latestMailTo(app.sink!, email);
    await browser.withPage({ locale: 'pt-PT' }, async (page) => {
      await page.goto(`${app.baseUrl}${staffLinkIn(mail.text, 'invitation')}`);
      await page.locator('#field-password').fill('a staple for a brand new horse');
      await page.locator('#field-passwordAgain').fill('a staple for a brand new horse');
      await page.locator('form button[type="submit"]').click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe('/staff');
    });
    await signedIn('en-GB', async (page) => {
      await page.goto(`${app.baseUrl}/admin/staff`);
      const row = page.locator('tr', { hasText: email });
      expect(await row.locator('td').last().textContent()).toBe('Active');
    });
  });

  it('schedules a monthly series after checking every date in the preview', async () => {
    await signedIn('pt-PT', async (page) => {
      await page.goto(`${app.baseUrl}/admin/series/new`);
      await page.locator('#field-clinic').selectOption(lisbon.slug);
      await page.locator('#field-title').fill('Escola da coluna');
      await page.locator('#field-capacity').fill('12');
      await page.locator('#field-date').fill('2031-03-11');
      await page.locator('#field-startTime').fill('18:00');
      await page.locator('#field-endTime').fill('19:30');
      await page.locator('#field-repeat').selectOption('monthly');
      await page.locator('#field-count').fill('3');
      await page.getByRole('button', { name: 'Pré-visualizar as datas' }).click();
      const dates = (await page.locator('#occurrences li').allTextContents()).map((text) => text.replace(/\s/g, ' '));
      expect(dates).toEqual([
        'terça-feira, 11 de março de 2031, 18:00 – 19:30',
        'terça-feira, 8 de abril de 2031, 18:00 – 19:30',
        'terça-feira, 13 de maio de 2031, 18:00 – 19:30',
      ]);
      await inspect(page, 'series-preview', 'pt-PT');
      await page.getByRole('button', { name: 'Criar 3 eventos' }).click();
      await page.waitForURL(/\/admin\/series\/[0-9a-f-]{36}\?done=seriesCreated$/);
      expect(await page.locator('tbody tr').count()).toBe(3);
    });
  });

  it.each(LOCALES)(
    'every admin page in %s: axe finds nothing, and a screenshot of each',
    async (locale, browserLocale) => {
      const event = await createPublishedEvent(app, apiAdmin.auth, lisbon.slug, {
        title: 'Viver bem com dor lombar',
        capacity: 10,
      });
      await reserve(app, event.id, attendee()).expect(201);
      const series = await app
        .http()
        .post(`/api/clinics/${lisbon.slug}/event-series`)
        .set(apiAdmin.auth)
        .send({
          event: {
            kind: 'webinar',
            title: 'Pilates em casa',
            joinUrl: 'https://meet.example/pilates',
            startsAt: '2031-05-06T18:00',
            endsAt: '2031-05-06T19:00',
            capacity: 30,
          },
          recurrence: { rule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4' },
          publish: true,
        })
        .expect(201);
      const staffId = (await app.http().get('/api/admin/staff').set(apiAdmin.auth)).body[0].id as string;
      const pages: [string, string][] = [
        ['clinics', '/admin/clinics'],
        ['clinic-new', '/admin/clinics/new'],
        ['clinic', `/admin/clinics/${lisbon.slug}`],
        ['events', '/admin/events'],
        ['event-new', `/admin/events/new?clinic=${lisbon.slug}`],
        ['event', `/admin/events/${event.id}`],
        ['event-edit', `/admin/events/${event.id}/edit`],
        ['event-reschedule', `/admin/events/${event.id}/reschedule`],
        ['event-cancel', `/admin/events/${event.id}/cancel`],
        ['series-list', '/admin/series'],
        ['series-new', '/admin/series/new'],
        ['series', `/admin/series/${series.body.seriesId}`],
        ['series-edit', `/admin/series/${series.body.seriesId}/edit`],
        ['series-cancel', `/admin/series/${series.body.seriesId}/cancel`],
        ['staff', '/admin/staff'],
        ['staff-invite', '/admin/staff/invite'],
        ['staff-edit', `/admin/staff/${staffId}`],
        ['settings', '/admin/settings'],
      ];
      await signedIn(browserLocale, async (page) => {
        for (const [name, path] of pages) {
          const response = await page.goto(`${app.baseUrl}${path}`);
          expect({ name, status: response?.status() }).toEqual({ name, status: 200 });
          expect(await page.getAttribute('html', 'lang')).toBe(locale);
          await inspect(page, name, locale);
        }
        // The forms with their errors shown.
        await page.goto(`${app.baseUrl}/admin/events/new`);
        await page.locator('form[action="/admin/events"] button[type="submit"]').click();
        expect(await page.locator('#form-errors').count()).toBe(1);
        await inspect(page, 'event-errors', locale);
        await page.goto(`${app.baseUrl}/admin/series/new`);
        await page.locator('form[action="/admin/series/preview"] button[type="submit"]').click();
        expect(await page.locator('#error-title').count()).toBe(1);
        await inspect(page, 'series-errors', locale);
      });
    },
    480_000,
  );

  it('on a phone the admin pages do not scroll sideways (tables scroll inside their box)', async () => {
    await signedIn(
      'pt-PT',
      async (page) => {
        for (const path of [
          '/admin/events',
          '/admin/clinics/new',
          '/admin/series/new',
          '/admin/staff',
          '/admin/settings',
        ]) {
          await page.goto(`${app.baseUrl}${path}`);
          expect({ path, overflow: await horizontalOverflow(page) }).toEqual({ path, overflow: 0 });
        }
        await saveScreenshot(page, 'admin-settings-pt-PT-phone');
      },
      'phone',
    );
  });
});
