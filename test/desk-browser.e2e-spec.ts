import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import {
  expectNoAxeViolations,
  horizontalOverflow,
  launchBrowser,
  saveScreenshot,
  type Device,
  type TestBrowser,
} from './support/browser.js';
import { book, deskAccount, type DeskAccount, eventStartingIn } from './support/desk-fixtures.js';
import { latestMailTo, saveEml, startListeningApp, type ListeningApp } from './support/listening-app.js';
import { decodeQrPng } from './support/qr-decode.js';
import { signInBrowser } from './support/staff-session.js';
import { sampleClinic } from './support/test-app.js';

/**
 * The front desk of issue 8 in a real browser (Debian's Chromium through playwright-core): a staff member
 * signs in, scans the QR code of a real confirmation e-mail into the door page's search box (a hand-held
 * scanner types the code and Enter), adds a walk-in, raises the capacity and sees the waiting list
 * promoted, cancels with a reason and downloads the CSV; staff of clinic A never see clinic B. Every page
 * in English and Portuguese gets axe and a screenshot (test-results/screenshots/desk-<page>-<locale>.png);
 * the door also works with JavaScript off on a phone.
 */
describe('the front desk in a real browser', () => {
  let app: ListeningApp;
  let browser: TestBrowser;
  let admin: DeskAccount;
  let staffA: DeskAccount;

  beforeAll(async () => {
    app = await startListeningApp({ mail: true });
    admin = await deskAccount(app, 'admin', []);
    const alpha = (
      await app
        .http()
        .post('/api/admin/clinics')
        .set(admin.auth)
        .send(sampleClinic({ name: 'Clínica Alfa', slug: 'alfa', timeZone: 'Europe/Lisbon' }))
        .expect(201)
    ).body;
    await app
      .http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .send(sampleClinic({ name: 'Clinic Beta', slug: 'beta' }))
      .expect(201);
    staffA = await deskAccount(app, 'staff', [alpha.id], 'Alice Alfa');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Every page a test visits: axe (WCAG 2.1 AA), no sideways scrolling on a phone, a screenshot. */
  async function inspect(page: Page, name: string, device: Device = 'desktop'): Promise<void> {
    await expectNoAxeViolations(page, name);
    if (device === 'phone') expect({ name, overflow: await horizontalOverflow(page) }).toEqual({ name, overflow: 0 });
    await saveScreenshot(page, name);
  }

  it('signs in, scans a code from the real e-mail, adds a walk-in, raises capacity, cancels with a reason, exports; clinic B stays out of sight', async () => {
    const event = await eventStartingIn(app, admin.auth, 'alfa', 60, { title: 'Back school at the door', capacity: 2 });
    const beta = await eventStartingIn(app, admin.auth, 'beta', 60, { title: 'Beta posture class' });
    const ana = await book(app, event.id, 'Ana Sousa');
    const bruno = await book(app, event.id, 'Bruno Costa');
    const carla = await book(app, event.id, 'Carla Dias');
    expect(carla.status).toBe('waitlisted');

    // The confirmation e-mail carries the code as an inline PNG, shown by Content-ID, that a scanner reads back.
    const mail = await latestMailTo(app.sink!, ana.email);
    await saveEml(mail, 'desk-confirmation-with-qr');
    const parsed = await simpleParser(mail.received.raw, { keepCidLinks: true });
    const qr = parsed.attachments.find((part) => part.contentType === 'image/png');
    expect(qr).toMatchObject({ contentDisposition: 'inline', related: true, cid: expect.any(String) });
    expect(parsed.html).toContain(`src="cid:${qr!.cid}"`);
    expect(mail.text).toContain(ana.code);
    const scanned = decodeQrPng(qr!.content);
    expect(scanned).toBe(ana.code);

    await browser.withPage({ device: 'desktop', locale: 'en-GB' }, async (page) => {
      await signInBrowser(page, app.baseUrl, staffA.email, staffA.password);
      await page.goto(`${app.baseUrl}/staff`);
      expect(await page.locator('main').innerText()).toContain('Back school at the door');
      expect(await page.locator('main').innerText()).not.toContain('Beta posture class');
      await inspect(page, 'desk-today-en');

      await page.getByRole('link', { name: 'Back school at the door' }).click();
      await page.waitForURL(`**/staff/events/${event.id}`);
      expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('field-q');
      await inspect(page, 'desk-event-en');

      // The scanner types what it read, then Enter.
      await page.keyboard.type(scanned!);
      await page.keyboard.press('Enter');
      await page.waitForURL(/done=checkedIn/);
      expect(await page.locator('#desk-notice').innerText()).toBe('Ana Sousa is checked in.');
      expect(await page.locator('#code-match').innerText()).toMatch(/Checked in at/);
      expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('field-q');
      await saveScreenshot(page, 'desk-event-checked-in-en');

      // Raising the capacity before the start confirms the waiting list, in order.
      await page.getByRole('link', { name: 'Show everyone' }).click();
      await page.locator('#field-capacity').fill('4');
      await page.getByRole('button', { name: 'Change the capacity' }).click();
      await page.waitForURL(/done=capacity/);
      expect(await page.locator('#desk-notice').innerText()).toBe('The capacity is now 4 seats.');
      expect(await page.locator('#attendee-list').innerText()).toContain('Carla Dias');
      expect(await page.locator('#waitlist').innerText()).toContain('Nobody is waiting.');

      // A walk-in with a name only.
      await page.locator('#field-name').fill('Walk-in Wes');
      await page.getByRole('button', { name: 'Add and check in' }).click();
      await page.waitForURL(/done=walkedIn/);
      expect(await page.locator('#desk-notice').innerText()).toBe('Walk-in Wes is added and checked in.');
      expect(await page.locator('#code-match').innerText()).toContain('no e-mail');

      // Cancel Bruno with a reason.
      await page.goto(`${app.baseUrl}/staff/events/${event.id}`);
      await page.locator(`#r-${bruno.id} a.desk-cancel`).click();
      await page.waitForURL(`**/reservations/${bruno.id}/cancel`);
      await inspect(page, 'desk-cancel-en');
      await page.locator('#field-reason').fill('You asked us by phone to cancel.');
      await page.getByRole('button', { name: 'Cancel the reservation' }).click();
      await page.waitForURL(/done=cancelled/);
      expect(await page.locator('#desk-notice').innerText()).toBe('The reservation of Bruno Costa is cancelled.');

      // The attendee list as a file.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
      expect(download.suggestedFilename()).toMatch(/^attendees-.*\.csv$/);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv).toContain('Ana Sousa');
      expect(csv).toContain('Walk-in Wes');
      // Confirmed and waitlisted people only: Bruno's cancelled reservation is not on the door list.
      expect(csv).not.toContain('Bruno Costa');

      // Clinic B: not listed, and its door page is the 403 page.
      const refused = await page.goto(`${app.baseUrl}/staff/events/${beta.id}`);
      expect(refused?.status()).toBe(403);
      expect(await page.locator('main').innerText()).toContain('This page belongs to a clinic you do not work for.');
      expect(await page.locator('main').innerText()).not.toContain('Beta posture class');
      await inspect(page, 'desk-refused-en');
    });

    const [checked] = await app.dataSource.query(`SELECT checked_in_at FROM reservations WHERE id = $1`, [ana.id]);
    expect(checked.checked_in_at).not.toBeNull();
  }, 240_000);

  it('every page in Portuguese, with axe and a screenshot', async () => {
    const event = await eventStartingIn(app, admin.auth, 'alfa', 45, { title: 'Escola da coluna', capacity: 1 });
    const seat = await book(app, event.id, 'Joana Mendes');
    await book(app, event.id, 'Tiago Espera');
    await browser.withPage({ device: 'desktop', locale: 'pt-PT' }, async (page) => {
      await signInBrowser(page, app.baseUrl, staffA.email, staffA.password);
      await page.goto(`${app.baseUrl}/staff`);
      expect(await page.locator('h1').innerText()).toBe('Receção');
      await inspect(page, 'desk-today-pt-PT');
      await page.goto(`${app.baseUrl}/staff/events/${event.id}`);
      expect(await page.locator('#check-in-window').innerText()).toMatch(/^O registo de entradas está aberto até/);
      await inspect(page, 'desk-event-pt-PT');
      await page.locator(`#r-${seat.id} button.desk-check-in`).click();
      await page.waitForURL(/done=checkedIn/);
      expect(await page.locator('#desk-notice').innerText()).toBe('A entrada de Joana Mendes está registada.');
      await page.goto(`${app.baseUrl}/staff/events/${event.id}/reservations/${seat.id}/cancel`);
      await inspect(page, 'desk-cancel-pt-PT');
      await page.getByRole('button', { name: 'Cancelar a reserva' }).click();
      // The browser asks for the reason first (required); nothing was sent.
      expect(new URL(page.url()).pathname).toBe(`/staff/events/${event.id}/reservations/${seat.id}/cancel`);
    });
  }, 180_000);

  it('fits a tablet held at the door (portrait), with the search box focused and large buttons', async () => {
    const event = await eventStartingIn(app, admin.auth, 'alfa', 20, { title: 'Tablet at the door' });
    const seat = await book(app, event.id, 'Teresa Tablet');
    const context = await browser.browser.newContext({
      viewport: { width: 820, height: 1180 },
      isMobile: true,
      hasTouch: true,
      locale: 'en-GB',
    });
    try {
      const page = await context.newPage();
      await signInBrowser(page, app.baseUrl, staffA.email, staffA.password);
      await page.goto(`${app.baseUrl}/staff/events/${event.id}`);
      expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('field-q');
      const button = await page.locator(`#r-${seat.id} button.desk-check-in`).boundingBox();
      // WCAG 2.5.5 asks 44 × 44 CSS pixels for a target; the door's are larger.
      expect(button!.height).toBeGreaterThanOrEqual(48);
      expect(button!.width).toBeGreaterThanOrEqual(120);
      expect(await horizontalOverflow(page)).toBe(0);
      await expectNoAxeViolations(page, 'desk-event-en-tablet');
      await saveScreenshot(page, 'desk-event-en-tablet');
      await page.locator(`#r-${seat.id} button.desk-check-in`).tap();
      await page.waitForURL(/done=checkedIn/);
      expect(await page.locator('#desk-notice').innerText()).toBe('Teresa Tablet is checked in.');
    } finally {
      await context.close();
    }
  }, 180_000);

  it('works with JavaScript off on a phone: a typed code and Enter check the attendee in', async () => {
    const event = await eventStartingIn(app, admin.auth, 'alfa', 30, { title: 'Phone at the door' });
    const seat = await book(app, event.id, 'Paulo Telemovel');
    await browser.withPage({ device: 'phone', javaScript: false, locale: 'en-GB' }, async (page) => {
      await signInBrowser(page, app.baseUrl, staffA.email, staffA.password);
      await page.goto(`${app.baseUrl}/staff/events/${event.id}`);
      await inspect(page, 'desk-event-en-phone-nojs', 'phone');
      await page.locator('#field-q').fill(seat.code.toLowerCase());
      await page.locator('#field-q').press('Enter');
      await page.waitForURL(/done=checkedIn/);
      expect(await page.locator('#desk-notice').innerText()).toBe('Paulo Telemovel is checked in.');
      await page.locator(`#r-${seat.id} button.desk-undo`).click();
      await page.waitForURL(/done=undone/);
      expect(await page.locator('#desk-notice').innerText()).toBe('The check-in of Paulo Telemovel is taken back.');
      await page.goto(`${app.baseUrl}/staff`);
      await inspect(page, 'desk-today-en-phone-nojs', 'phone');
    });
  }, 180_000);
});
