import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { hiddenField } from './page-forms.js';

/**
 * Signing in to the back-office pages as a person does: the sign-in form, its CSRF token and cookies.
 * For supertest, `signInPages` answers the session cookie to send (`.set('Cookie', cookie)`) and the CSRF
 * token every back-office form post carries (`_csrf`). For Playwright, `signInBrowser` fills in the form.
 */

export interface PageSession {
  /** `name=value` of the session cookie, ready for a Cookie header. */
  cookie: string;
  /** The `_csrf` value of this session's forms. */
  csrfToken: string;
}

/** A base URL (`http://127.0.0.1:1234`) or anything supertest takes (the app's http server). */
export type PagesTarget = string | Server | Parameters<typeof request>[0];

/** `name=value` pairs of a response's Set-Cookie headers (values cleared by Max-Age=0 left out). */
export function cookiesOf(response: { headers: Record<string, unknown> }): Record<string, string> {
  const header = response.headers['set-cookie'];
  const lines = Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
  const cookies: Record<string, string> = {};
  for (const line of lines) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    if (at > 0 && !/;\s*Max-Age=0/i.test(line)) cookies[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return cookies;
}

/** The session cookie's `name=value` from a sign-in answer, whichever of its two names the app uses. */
export function sessionCookieOf(response: { headers: Record<string, unknown> }): string | undefined {
  const cookies = cookiesOf(response);
  const name = Object.keys(cookies).find((key) => key === 'staff-session' || key === '__Host-staff-session');
  return name && `${name}=${cookies[name]}`;
}

/** Signs in through the sign-in page; throws (with the status) when the page does not let this person in. */
export async function signInPages(target: PagesTarget, email: string, password: string): Promise<PageSession> {
  const http = request(target as Parameters<typeof request>[0]);
  const form = await http.get('/staff/sign-in');
  if (form.status !== 200) throw new Error(`signInPages: GET /staff/sign-in answered ${form.status}`);
  const csrfCookie = Object.entries(cookiesOf(form)).map(([name, value]) => `${name}=${value}`);
  const signedIn = await http
    .post('/staff/sign-in')
    .set('Cookie', csrfCookie)
    .type('form')
    .send({ _csrf: hiddenField(form.text, '_csrf'), email, password, next: '/staff/account' });
  const cookie = sessionCookieOf(signedIn);
  if (signedIn.status !== 303 || !cookie)
    throw new Error(`signInPages: sign-in for ${email} answered ${signedIn.status}`);
  // Any signed-in page carries the token in its sign-out form; "your account" is always there.
  const page = await http.get('/staff/account').set('Cookie', cookie);
  if (page.status !== 200) throw new Error(`signInPages: GET /staff/account answered ${page.status}`);
  return { cookie, csrfToken: hiddenField(page.text, '_csrf') };
}

/** Signs in through the sign-in page in a real browser and waits until it has left that page. */
export async function signInBrowser(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/staff/sign-in`);
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await page.click('form[action="/staff/sign-in"] button[type="submit"]');
  await page.waitForLoadState('load');
  if (new URL(page.url()).pathname.startsWith('/staff/sign-in'))
    throw new Error(`signInBrowser: ${email} is still on the sign-in page`);
}

// ————————————————————————————————————————————————————————————— forms reached without a session

/** A public back-office form (sign-in, forgot, reset, invitation) as a browser holds it: cookies, token, page. */
export interface OpenedForm {
  cookie: string[];
  csrf: string;
  html: string;
  status: number;
}

export async function openForm(target: PagesTarget, path: string): Promise<OpenedForm> {
  const page = await request(target as Parameters<typeof request>[0]).get(path);
  const cookie = Object.entries(cookiesOf(page)).map(([name, value]) => `${name}=${value}`);
  const csrf = page.status === 200 ? hiddenField(page.text, '_csrf') : '';
  return { cookie, csrf, html: page.text, status: page.status };
}

/** Opens the form at `path` and posts `fields` to `action` (default: the same path) with its token and cookies. */
export async function submitForm(target: PagesTarget, path: string, fields: Record<string, string>, action = path) {
  const form = await openForm(target, path);
  if (form.status !== 200) throw new Error(`submitForm: GET ${path} answered ${form.status}`);
  return request(target as Parameters<typeof request>[0])
    .post(action)
    .set('Cookie', form.cookie)
    .type('form')
    .send({ _csrf: form.csrf, ...fields });
}

/** The path of the first link to `/staff/<kind>/<token>` in an e-mail's text. */
export function staffLinkIn(text: string, kind: 'invitation' | 'reset-password'): string {
  const match = new RegExp(`https?://[^\\s"<>]+(/staff/${kind}/[A-Za-z0-9_-]{43})`).exec(text);
  if (!match) throw new Error(`No /staff/${kind}/ link in the e-mail`);
  return match[1];
}
