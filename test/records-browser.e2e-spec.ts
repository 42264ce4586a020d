import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { StaffService } from '../src/staff/staff.service.js';
import { createClinic, type ClinicBody } from './support/booking-fixtures.js';
import {
  expectNoAxeViolations,
  horizontalOverflow,
  launchBrowser,
  saveScreenshot,
  type Device,
  type TestBrowser,
} from './support/browser.js';
import { startListeningApp, type ListeningApp } from './support/listening-app.js';
import { seedDashboardMonth, type DashboardMonth } from './support/records-fixtures.js';
import { signInBrowser } from './support/staff-session.js';
import { signInNewUser, type SignedIn } from './support/test-app.js';

const EMAIL = 'records-browser-admin@staff.test';
const PASSWORD = 'correct horse battery staple';

/**
 * Issue 8, records, in a real browser (Debian's Chromium): the chain dashboard and the audit log as an
 * admin sees them, in English and Portuguese, with JavaScript on and off, on a desktop and a phone; axe on
 * each; screenshots in test-results/screenshots/reports-<page>-<locale>.png.
 */
describe('records pages in a real browser', () => {
  let app: ListeningApp;
  let browser: TestBrowser;
  let admin: SignedIn;
  let chicago: ClinicBody;
  let lisbon: ClinicBody;
  let seeded: DashboardMonth;

  beforeAll(async () => {
    app = await startListeningApp();
    admin = await signInNewUser(app, 'admin');
    await app.app.get(StaffService).create({ email: EMAIL, name: 'Ada Admin', role: 'admin', password: PASSWORD });
    chicago = await createClinic(app, admin.auth, { name: 'Lakeside Back Clinic' });
    lisbon = await createClinic(app, admin.auth, {
      name: 'Clínica da Coluna Baixa',
      timeZone: 'Europe/Lisbon',
      locale: 'pt-PT',
      address: { line1: 'Rua Augusta 120', city: 'Lisboa', postalCode: '1100-053', country: 'PT' },
    });
    seeded = await seedDashboardMonth(app, admin.auth, chicago.slug, 'America/Chicago');
    await seedDashboardMonth(app, admin.auth, lisbon.slug, 'Europe/Lisbon');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** axe (WCAG 2.1 A/AA), no sideways scrolling of the page itself on a phone, and a screenshot. */
  async function inspect(page: Page, name: string, device: Device): Promise<void> {
    await expectNoAxeViolations(page, name);
    if (device === 'phone') expect({ name, overflow: await horizontalOverflow(page) }).toEqual({ name, overflow: 0 });
  }

  for (const locale of ['en', 'pt-PT'] as const) {
    it(`dashboard (${locale}): charts, tables and the CSV link, with JavaScript on and off`, async () => {
      const words =
        locale === 'en'
          ? { title: 'Chain dashboard', chain: 'All clinics' }
          : { title: 'Painel da rede', chain: 'Todas as clínicas' };
      for (const javaScript of [true, false]) {
        await browser.withPage({ device: 'desktop', locale, javaScript }, async (page) => {
          await signInBrowser(page, app.baseUrl, EMAIL, PASSWORD);
          await page.goto(`${app.baseUrl}/admin/dashboard`);
          await page.getByLabel(locale === 'en' ? 'First month' : 'Primeiro mês').fill(seeded.month);
          await page.getByLabel(locale === 'en' ? 'Last month' : 'Último mês').fill(seeded.month);
          await page.locator('form.filters button[type="submit"]').click();
          await page.waitForLoadState('load');
          expect(new URL(page.url()).search).toBe(`?from=${seeded.month}&to=${seeded.month}`);
          expect((await page.locator('h1').textContent())?.trim()).toBe(words.title);
          expect(await page.locator('svg[role="img"]').count()).toBe(2);
          expect(await page.locator('svg rect title').count()).toBeGreaterThan(0);
          expect(await page.locator('caption', { hasText: words.chain }).count()).toBe(1);
          expect(await page.locator('a[href^="/admin/dashboard.csv"]').getAttribute('href')).toBe(
            `/admin/dashboard.csv?from=${seeded.month}&to=${seeded.month}`,
          );
          await inspect(page, `dashboard-${locale}${javaScript ? '' : '-nojs'}`, 'desktop');
          if (javaScript) await saveScreenshot(page, `reports-dashboard-${locale}`);
        });
      }
      await browser.withPage({ device: 'phone', locale }, async (page) => {
        await signInBrowser(page, app.baseUrl, EMAIL, PASSWORD);
        await page.goto(`${app.baseUrl}/admin/dashboard?from=${seeded.month}&to=${seeded.month}`);
        await inspect(page, `dashboard-${locale}-phone`, 'phone');
        await saveScreenshot(page, `reports-dashboard-${locale}-phone`);
      });
    }, 300_000);

    it(`audit log (${locale}): filter by clicking a person, an event, then an ID that cannot be right`, async () => {
      await browser.withPage({ device: 'desktop', locale }, async (page) => {
        await signInBrowser(page, app.baseUrl, EMAIL, PASSWORD);
        await page.goto(`${app.baseUrl}/admin/audit`);
        expect((await page.locator('h1').textContent())?.trim()).toBe(
          locale === 'en' ? 'Audit log' : 'Registo de alterações',
        );
        await inspect(page, `audit-${locale}`, 'desktop');
        await saveScreenshot(page, `reports-audit-${locale}`);

        await page.locator(`a[href="/admin/audit?event=${seeded.eventIds[0]}"]`).first().click();
        await page.waitForLoadState('load');
        expect(new URL(page.url()).searchParams.get('event')).toBe(seeded.eventIds[0]);
        expect(await page.locator('#audit-event').inputValue()).toBe(seeded.eventIds[0]);
        await inspect(page, `audit-${locale}-event`, 'desktop');

        await page.locator('#audit-event').fill('not-an-event');
        await page.locator('form.filters button[type="submit"]').click();
        await page.waitForLoadState('load');
        expect(await page.locator('#error-event').isVisible()).toBe(true);
        await inspect(page, `audit-${locale}-error`, 'desktop');
        await saveScreenshot(page, `reports-audit-${locale}-error`);
      });
      await browser.withPage({ device: 'phone', locale, javaScript: false }, async (page) => {
        await signInBrowser(page, app.baseUrl, EMAIL, PASSWORD);
        await page.goto(`${app.baseUrl}/admin/audit?clinic=${lisbon.slug}`);
        await inspect(page, `audit-${locale}-phone-nojs`, 'phone');
        await saveScreenshot(page, `reports-audit-${locale}-phone`);
      });
    }, 300_000);
  }
});
