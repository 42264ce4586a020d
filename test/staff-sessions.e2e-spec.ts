import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StaffService } from '../src/staff/staff.service.js';
import { fieldError, hiddenField } from './support/page-forms.js';
import { cookiesOf, sessionCookieOf, signInPages } from './support/staff-session.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const PASSWORD = 'correct horse battery staple';
let counter = 0;

async function newAccount(t: TestApp, role: 'admin' | 'staff' = 'staff', clinicIds: string[] = []) {
  counter += 1;
  const email = `person${counter}-${Date.now()}@staff.test`;
  const user = await t.app.get(StaffService).create({ email, name: `Person ${counter}`, role, password: PASSWORD, clinicIds });
  return { id: user.id, email };
}

/** The sign-in form with its CSRF cookie and token, as a browser holds them. */
async function signInForm(t: TestApp, path = '/staff/sign-in') {
  const page = await t.http().get(path).expect(200);
  const cookie = Object.entries(cookiesOf(page)).map(([name, value]) => `${name}=${value}`);
  return { cookie, csrf: hiddenField(page.text, '_csrf'), html: page.text };
}

async function postSignIn(t: TestApp, fields: Record<string, string>) {
  const form = await signInForm(t);
  return t.http().post('/staff/sign-in').set('Cookie', form.cookie).type('form').send({ _csrf: form.csrf, ...fields });
}

async function sessionCount(t: TestApp, staffUserId: string): Promise<number> {
  const [row] = (await t.dataSource.query('SELECT count(*)::int AS n FROM staff_sessions WHERE staff_user_id = $1', [staffUserId])) as { n: number }[];
  return row.n;
}

describe('back-office sessions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('signing in', () => {
    it('a good e-mail and password start a server-side session and go on to next', async () => {
      const me = await newAccount(t);
      const answer = await postSignIn(t, { email: me.email.toUpperCase(), password: PASSWORD, next: '/staff/account?tab=1' }).then((r) => r);
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe('/staff/account?tab=1');
      const setCookie = (answer.headers['set-cookie'] as unknown as string[]).find((line) => line.startsWith('staff-session='))!;
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      expect(setCookie).toMatch(/Path=\//);
      // Only the hash of the cookie's value is stored.
      const value = sessionCookieOf(answer)!.split('=')[1];
      const rows = (await t.dataSource.query('SELECT id, user_agent FROM staff_sessions WHERE staff_user_id = $1', [me.id])) as { id: string }[];
      expect(rows).toHaveLength(1);
      expect(rows[0].id).not.toContain(value);
      expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);

      const page = await t.http().get('/staff/account').set('Cookie', sessionCookieOf(answer)!).expect(200);
      expect(page.text).toContain(me.email);
      expect(page.headers['cache-control']).toBe('no-store');
    });

    it('a wrong password, an unknown address and a disabled account get the same answer', async () => {
      const me = await newAccount(t);
      const disabled = await newAccount(t);
      await t.dataSource.query('UPDATE staff_users SET disabled_at = now() WHERE id = $1', [disabled.id]);
      const answers = await Promise.all([
        postSignIn(t, { email: me.email, password: 'not the password' }),
        postSignIn(t, { email: `nobody-${Date.now()}@staff.test`, password: PASSWORD }),
        postSignIn(t, { email: disabled.email, password: PASSWORD }),
      ]);
      const messages = answers.map((answer) => {
        expect(answer.status).toBe(401);
        expect(sessionCookieOf(answer)).toBeUndefined();
        return /<p id="form-error">([^<]*)<\/p>/.exec(answer.text)?.[1];
      });
      expect(messages[0]).toBeTruthy();
      expect(new Set(messages).size).toBe(1);
      expect(await sessionCount(t, me.id)).toBe(0);
    });

    it('an empty or malformed form shows each problem beside its field and keeps the e-mail', async () => {
      const answer = await postSignIn(t, { email: 'not-an-address', password: '' });
      expect(answer.status).toBe(422);
      expect(fieldError(answer.text, 'email')).toBeTruthy();
      expect(fieldError(answer.text, 'password')).toBeTruthy();
      expect(answer.text).toContain('value="not-an-address"');
    });

    it('a sign-in post without the form token is refused', async () => {
      const me = await newAccount(t);
      await t.http().post('/staff/sign-in').type('form').send({ email: me.email, password: PASSWORD }).expect(403);
    });

    it('the session id changes at every sign-in, and the one the browser came with ends', async () => {
      const me = await newAccount(t);
      const first = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      const form = await signInForm(t);
      const again = await t
        .http()
        .post('/staff/sign-in')
        .set('Cookie', [...form.cookie, first.cookie])
        .type('form')
        .send({ _csrf: form.csrf, email: me.email, password: PASSWORD });
      expect(again.status).toBe(303);
      expect(sessionCookieOf(again)).not.toBe(first.cookie);
      await t.http().get('/staff/account').set('Cookie', first.cookie).expect(303);
      await t.http().get('/staff/account').set('Cookie', sessionCookieOf(again)!).expect(200);
      expect(await sessionCount(t, me.id)).toBe(1);
    });
  });

  describe('where sign-in leads', () => {
    it.each([
      ['https://evil.example/', '/staff'],
      ['//evil.example/x', '/staff'],
      ['/\\evil.example', '/staff'],
      ['/%5Cevil.example', '/%5Cevil.example'],
      ['javascript:alert(1)', '/staff'],
      ['/staff/sign-in', '/staff'],
      ['', '/staff'],
      ['/admin/events?status=draft', '/admin/events?status=draft'],
    ])('next=%j goes to %s', async (next, expected) => {
      const me = await newAccount(t);
      const answer = await postSignIn(t, { email: me.email, password: PASSWORD, next });
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe(expected);
    });

    it('a page without a session redirects to the sign-in page, which comes back to it', async () => {
      const answer = await t.http().get('/staff/account?x=1').expect(303);
      expect(answer.headers.location).toBe('/staff/sign-in?next=%2Fstaff%2Faccount%3Fx%3D1');
      const form = await t.http().get(answer.headers.location!).expect(200);
      expect(hiddenField(form.text, 'next')).toBe('/staff/account?x=1');
    });
  });

  describe('idle and absolute timeouts', () => {
    it('a session unused for longer than the idle time has ended', async () => {
      const me = await newAccount(t);
      const session = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      await t.dataSource.query("UPDATE staff_sessions SET last_seen_at = now() - interval '29 minutes' WHERE staff_user_id = $1", [me.id]);
      await t.http().get('/staff/account').set('Cookie', session.cookie).expect(200);
      // That request touched it: another 29 minutes of quiet still leave it alive.
      const [{ fresh }] = (await t.dataSource.query(
        "SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM staff_sessions WHERE staff_user_id = $1",
        [me.id],
      )) as { fresh: boolean }[];
      expect(fresh).toBe(true);
      await t.dataSource.query("UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes' WHERE staff_user_id = $1", [me.id]);
      const answer = await t.http().get('/staff/account').set('Cookie', session.cookie).expect(303);
      expect(answer.headers.location).toBe('/staff/sign-in?next=%2Fstaff%2Faccount&expired=1');
    });

    it('a session past its absolute lifetime has ended, however busy', async () => {
      const me = await newAccount(t);
      const session = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      await t.dataSource.query("UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE staff_user_id = $1", [me.id]);
      await t.http().get('/staff/account').set('Cookie', session.cookie).expect(303);
    });

    it('a disabled account is signed out at its next request', async () => {
      const me = await newAccount(t);
      const session = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      await t.dataSource.query('UPDATE staff_users SET disabled_at = now() WHERE id = $1', [me.id]);
      await t.http().get('/staff/account').set('Cookie', session.cookie).expect(303);
      expect(await sessionCount(t, me.id)).toBe(0);
    });
  });

  describe('signing out', () => {
    it('ends the session in the database, clears the cookie and says so on the sign-in page', async () => {
      const me = await newAccount(t);
      const session = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      const answer = await t.http().post('/staff/sign-out').set('Cookie', session.cookie).type('form').send({ _csrf: session.csrfToken }).expect(303);
      expect(answer.headers.location).toBe('/staff/sign-in?signedOut=1');
      expect(String(answer.headers['set-cookie'])).toMatch(/staff-session=;.*Max-Age=0/);
      expect(await sessionCount(t, me.id)).toBe(0);
      // The old cookie, kept by someone, opens nothing.
      await t.http().get('/staff/account').set('Cookie', session.cookie).expect(303);
      const notice = await t.http().get('/staff/sign-in?signedOut=1').expect(200);
      expect(notice.text).toContain('role="status"');
    });
  });

  describe('forms on back-office pages carry the session token', () => {
    it('a post without _csrf, with a wrong one or with another session\'s is a 403 page and changes nothing', async () => {
      const me = await newAccount(t);
      const other = await newAccount(t);
      const session = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      const otherSession = await signInPages(t.app.getHttpServer(), other.email, PASSWORD);
      for (const body of [{}, { _csrf: 'x'.repeat(43) }, { _csrf: otherSession.csrfToken }]) {
        const answer = await t.http().post('/staff/sign-out').set('Cookie', session.cookie).type('form').send(body).expect(403);
        expect(answer.headers['content-type']).toMatch(/text\/html/);
        expect(answer.text).toContain('class="office"');
      }
      expect(await sessionCount(t, me.id)).toBe(1);
    });

    it('a post from another site is refused even with the right token', async () => {
      const me = await newAccount(t);
      const session = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      await t
        .http()
        .post('/staff/sign-out')
        .set('Cookie', session.cookie)
        .set('Origin', 'https://evil.example')
        .type('form')
        .send({ _csrf: session.csrfToken })
        .expect(403);
      await t
        .http()
        .post('/staff/sign-out')
        .set('Cookie', session.cookie)
        .set('Sec-Fetch-Site', 'cross-site')
        .type('form')
        .send({ _csrf: session.csrfToken })
        .expect(403);
      expect(await sessionCount(t, me.id)).toBe(1);
    });
  });

  describe('the API keeps its bearer tokens', () => {
    it('a session cookie does not open the API, a bearer token does not open the pages', async () => {
      const me = await newAccount(t);
      const session = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      await t.http().get('/api/auth/me').set('Cookie', session.cookie).expect(401);
      const login = await t.http().post('/api/auth/login').send({ email: me.email, password: PASSWORD }).expect(200);
      await t.http().get('/api/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
      await t.http().get('/staff/account').set('Authorization', `Bearer ${login.body.accessToken}`).expect(303);
    });
  });
});
