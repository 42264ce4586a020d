import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { StaffService } from '../src/staff/staff.service.js';
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
 * Sign-in for the back office in a real browser (Debian's Chromium): signing in and out (the back button
 * and a reload after signing out land on the sign-in page), an invitee setting a password from the link in
 * the real e-mail; axe and a screenshot of every account page in English and Portuguese
 * (test-results/screenshots/account-<page>-<locale>.png).
 */

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new staple for the horse';
const LOCALES = [
  ['en', 'en-GB'],
  ['pt-PT', 'pt-PT'],
] as const;

describe('back-office sign-in in a real browser', () => {
  let app: ListeningApp;
  let browser: TestBrowser;
  let admin: SignedIn;
  let counter = 0;

  beforeAll(async () => {
    app = await startListeningApp({ mail: true });
    admin = await signInNewUser(app, 'admin');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function newAccount(): Promise<string> {
    counter += 1;
    const email = `browser${counter}-${Date.now()}@staff.test`;
    await app.app.get(StaffService).create({ email, name: `Dana Reyes ${counter}`, role: 'staff', password: PASSWORD });
    return email;
  }

  async function inspect(page: Page, name: string): Promise<void> {
    await expectNoAxeViolations(page, name);
    await saveScreenshot(page, `account-${name}`);
  }

  it('signs in, comes back to the page asked for, signs out; back and reload then land on the sign-in page', async () => {
    const email = await newAccount();
    await browser.withPage({ locale: 'en-GB' }, async (page) => {
      await page.goto(`${app.baseUrl}/staff/account`);
      expect(new URL(page.url()).pathname).toBe('/staff/sign-in');
      await page.fill('#field-email', email);
      await page.fill('#field-password', 'not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(await page.locator('#form-error').textContent()).toContain('do not match');
      expect(await page.locator('#field-email').inputValue()).toBe(email);

      await page.fill('#field-password', PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${app.baseUrl}/staff/account`);
      expect(await page.locator('h1').textContent()).toBe('Your account');
      await inspect(page, 'mine-en');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/staff\/sign-in\?signedOut=1$/);
      expect(await page.locator('[role="status"]').textContent()).toBe('You have signed out.');

      await page.goBack();
      expect(new URL(page.url()).pathname).toBe('/staff/sign-in');
      await page.goto(`${app.baseUrl}/staff/account`);
      await page.reload();
      expect(new URL(page.url()).pathname).toBe('/staff/sign-in');
      expect(await page.locator('h1').textContent()).toBe('Sign in');
    });
  });

  it('an invitee opens the link from the real e-mail, sets a password and is signed in', async () => {
    const email = `invitee-${Date.now()}@staff.test`;
    await app
      .http()
      .post('/api/admin/staff/invitations')
      .set(admin.auth)
      .send({ email, name: 'Inês Invitee', role: 'staff' })
      .expect(201);
    const link = staffLinkIn((await latestMailTo(app.sink!, email)).text, 'invitation');
    await browser.withPage({ locale: 'en-GB', javaScript: false }, async (page) => {
      await page.goto(`${app.baseUrl}${link}`);
      expect(await page.locator('h1').textContent()).toContain('Welcome');
      await page.fill('#field-password', NEW_PASSWORD);
      await page.fill('#field-passwordAgain', NEW_PASSWORD);
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL(`${app.baseUrl}/staff`);
      await page.goto(`${app.baseUrl}/staff/account`);
      expect(await page.locator('h1').textContent()).toBe('Your account');
      expect(await page.content()).toContain(email);
    });
    // And from now on with that password, through the helper other suites use.
    await browser.withPage({ locale: 'en-GB' }, (page) => signInBrowser(page, app.baseUrl, email, NEW_PASSWORD));
  });

  // Each page load runs axe and takes a full-page screenshot: slow on a busy machine, so each group has room.
  const PAGES_TIMEOUT_MS = 180_000;

  it.each(LOCALES)(
    'sign-in and forgot-password pages pass axe, with and without errors (%s)',
    async (name, locale) => {
      const email = await newAccount();
      await browser.withPage({ locale, device: 'phone' }, async (page) => {
        await page.goto(`${app.baseUrl}/staff/sign-in`);
        await inspect(page, `sign-in-${name}`);
        expect(await horizontalOverflow(page)).toBe(0);
        await page.locator('form button[type="submit"]').click();
        expect(await page.locator('#error-email').count()).toBe(1);
        await inspect(page, `sign-in-errors-${name}`);

        await page.goto(`${app.baseUrl}/staff/forgot-password`);
        await inspect(page, `forgot-${name}`);
        await page.fill('#field-email', email);
        await page.locator('form button[type="submit"]').click();
        await page.waitForURL(/sent=1$/);
        await inspect(page, `forgot-sent-${name}`);
      });
    },
    PAGES_TIMEOUT_MS,
  );

  it.each(LOCALES)(
    'the reset page from the e-mailed link passes axe, with errors and once spent (%s)',
    async (name, locale) => {
      const email = await newAccount();
      await app.http().post('/staff/forgot-password').type('form').send({ email }).expect(403); // no token: refused
      await browser.withPage({ locale, device: 'phone' }, async (page) => {
        await page.goto(`${app.baseUrl}/staff/forgot-password`);
        await page.fill('#field-email', email);
        await page.locator('form button[type="submit"]').click();
        await page.waitForURL(/sent=1$/);
        const link = staffLinkIn((await latestMailTo(app.sink!, email)).text, 'reset-password');
        await page.goto(`${app.baseUrl}${link}`);
        await inspect(page, `reset-${name}`);
        await page.fill('#field-password', 'short');
        await page.fill('#field-passwordAgain', 'short');
        await page.locator('form button[type="submit"]').click();
        expect(await page.locator('#error-password').count()).toBe(1);
        await inspect(page, `reset-errors-${name}`);
        await page.fill('#field-password', NEW_PASSWORD);
        await page.fill('#field-passwordAgain', NEW_PASSWORD);
        await page.locator('form button[type="submit"]').click();
        await page.waitForURL(/passwordSet=1$/);
        await page.goto(`${app.baseUrl}${link}`);
        await inspect(page, `link-invalid-${name}`);
      });
    },
    PAGES_TIMEOUT_MS,
  );

  it.each(LOCALES)(
    'the invitation page passes axe in the language it was sent in (%s)',
    async (name, locale) => {
      const invitee = `invitee-${name}-${Date.now()}@staff.test`;
      await app
        .http()
        .post('/api/admin/staff/invitations')
        .set(admin.auth)
        .send({ email: invitee, name: 'Rita Reis', role: 'staff', locale: name })
        .expect(201);
      const invitation = await latestMailTo(app.sink!, invitee);
      expect(invitation.html).toContain(`lang="${name}"`);
      await browser.withPage({ locale, device: 'phone' }, async (page) => {
        await page.goto(`${app.baseUrl}${staffLinkIn(invitation.text, 'invitation')}`);
        expect(await page.locator('html').getAttribute('lang')).toBe(name);
        await inspect(page, `invitation-${name}`);
      });
    },
    PAGES_TIMEOUT_MS,
  );
});
