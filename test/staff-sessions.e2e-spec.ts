import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StaffService } from '../src/staff/staff.service.js';
import { createClinic } from './support/booking-fixtures.js';
import { latestMailTo, startListeningApp, type ListeningApp } from './support/listening-app.js';
import { fieldError, hiddenField } from './support/page-forms.js';
import { openForm, sessionCookieOf, signInPages, staffLinkIn, submitForm } from './support/staff-session.js';
import { signInNewUser, type SignedIn, type TestApp } from './support/test-app.js';

/**
 * Issues 8 and 12, sign-in for the back-office pages: server-side sessions (cookie, idle and absolute
 * timeouts, rotation, sign-out), the guard of @StaffPage() routes (redirect, CSRF, cross-site posts),
 * password reset and invitations by e-mail link (through the real outbox and an SMTP sink), "my clinics".
 */

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new staple for the horse';
let counter = 0;

async function newAccount(t: TestApp, role: 'admin' | 'staff' = 'staff', clinicIds: string[] = []) {
  counter += 1;
  const email = `person${counter}-${Date.now()}@staff.test`;
  const user = await t.app
    .get(StaffService)
    .create({ email, name: `Person ${counter}`, role, password: PASSWORD, clinicIds });
  return { id: user.id, email };
}

const postSignIn = (t: TestApp, fields: Record<string, string>) =>
  submitForm(t.app.getHttpServer(), '/staff/sign-in', fields);
const signInForm = (t: TestApp) => openForm(t.app.getHttpServer(), '/staff/sign-in');

async function sessionCount(t: TestApp, staffUserId: string): Promise<number> {
  const [row] = (await t.dataSource.query('SELECT count(*)::int AS n FROM staff_sessions WHERE staff_user_id = $1', [
    staffUserId,
  ])) as { n: number }[];
  return row.n;
}

describe('back-office sessions', () => {
  let t: ListeningApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startListeningApp({ mail: true });
    admin = await signInNewUser(t, 'admin');
  });
  afterAll(() => t.close());

  describe('signing in', () => {
    it('a good e-mail and password start a server-side session and go on to next', async () => {
      const me = await newAccount(t);
      const answer = await postSignIn(t, {
        email: me.email.toUpperCase(),
        password: PASSWORD,
        next: '/staff/account?tab=1',
      }).then((r) => r);
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe('/staff/account?tab=1');
      const setCookie = (answer.headers['set-cookie'] as unknown as string[]).find((line) =>
        line.startsWith('staff-session='),
      )!;
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      expect(setCookie).toMatch(/Path=\//);
      // Only the hash of the cookie's value is stored.
      const value = sessionCookieOf(answer)!.split('=')[1];
      const rows = (await t.dataSource.query('SELECT id, user_agent FROM staff_sessions WHERE staff_user_id = $1', [
        me.id,
      ])) as { id: string }[];
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
      await t.dataSource.query(
        "UPDATE staff_sessions SET last_seen_at = now() - interval '29 minutes' WHERE staff_user_id = $1",
        [me.id],
      );
      await t.http().get('/staff/account').set('Cookie', session.cookie).expect(200);
      // That request touched it: another 29 minutes of quiet still leave it alive.
      const [{ fresh }] = (await t.dataSource.query(
        "SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM staff_sessions WHERE staff_user_id = $1",
        [me.id],
      )) as { fresh: boolean }[];
      expect(fresh).toBe(true);
      await t.dataSource.query(
        "UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes' WHERE staff_user_id = $1",
        [me.id],
      );
      const answer = await t.http().get('/staff/account').set('Cookie', session.cookie).expect(303);
      expect(answer.headers.location).toBe('/staff/sign-in?next=%2Fstaff%2Faccount&expired=1');
    });

    it('a session past its absolute lifetime has ended, however busy', async () => {
      const me = await newAccount(t);
      const session = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      await t.dataSource.query(
        "UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE staff_user_id = $1",
        [me.id],
      );
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
      const answer = await t
        .http()
        .post('/staff/sign-out')
        .set('Cookie', session.cookie)
        .type('form')
        .send({ _csrf: session.csrfToken })
        .expect(303);
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
    it("a post without _csrf, with a wrong one or with another session's is a 403 page and changes nothing", async () => {
      const me = await newAccount(t);
      const other = await newAccount(t);
      const session = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      const otherSession = await signInPages(t.app.getHttpServer(), other.email, PASSWORD);
      for (const body of [{}, { _csrf: 'x'.repeat(43) }, { _csrf: otherSession.csrfToken }]) {
        const answer = await t
          .http()
          .post('/staff/sign-out')
          .set('Cookie', session.cookie)
          .type('form')
          .send(body)
          .expect(403);
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

  describe('password reset by e-mail link', () => {
    const ask = (email: string, language = 'en') =>
      openForm(t.app.getHttpServer(), '/staff/forgot-password').then((form) =>
        t
          .http()
          .post('/staff/forgot-password')
          .set('Cookie', form.cookie)
          .set('Accept-Language', language)
          .type('form')
          .send({ _csrf: form.csrf, email }),
      );
    const resetRows = async (staffUserId: string) =>
      (await t.dataSource.query(
        `SELECT token_hash, used_at, expires_at FROM staff_account_tokens WHERE staff_user_id = $1 AND purpose = 'password-reset'`,
        [staffUserId],
      )) as { token_hash: string; used_at: Date | null; expires_at: Date }[];

    it('answers the same whether or not the address has an account, and mails only a real one', async () => {
      const me = await newAccount(t);
      const known = await ask(me.email.toUpperCase());
      const unknown = await ask(`nobody-${Date.now()}@staff.test`);
      expect([known.status, known.headers.location]).toEqual([303, '/staff/forgot-password?sent=1']);
      expect([unknown.status, unknown.headers.location]).toEqual([303, '/staff/forgot-password?sent=1']);
      const sent = await t.http().get('/staff/forgot-password?sent=1').expect(200);
      expect(sent.text).toContain('role="status"');

      const mail = await latestMailTo(t.sink!, me.email);
      expect(mail.subject).toMatch(/new password/i);
      const link = staffLinkIn(mail.text, 'reset-password');
      const token = link.split('/').pop()!;
      // Only the token's hash is stored; the outbox row never held the token.
      const rows = await resetRows(me.id);
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      const stored = JSON.stringify(
        await t.dataSource.query(
          `SELECT * FROM staff_account_tokens, outbox_messages WHERE outbox_messages.recipient_email = $1`,
          [me.email],
        ),
      );
      expect(stored).not.toContain(token);
      expect(Math.abs(new Date(rows[0].expires_at).getTime() - Date.now() - 3600_000)).toBeLessThan(120_000);
    });

    it('a malformed address is shown beside its field', async () => {
      const answer = await ask('not an address');
      expect(answer.status).toBe(422);
      expect(fieldError(answer.text, 'email')).toBeTruthy();
    });

    it('the mail speaks the language the page was asked in', async () => {
      const me = await newAccount(t);
      await ask(me.email, 'pt-PT,pt;q=0.9');
      const mail = await latestMailTo(t.sink!, me.email);
      expect(mail.subject).toContain('palavra-passe');
      expect(mail.html).toContain('lang="pt-PT"');
    });

    it('the link sets the password once, ends every session, and the old password stops working', async () => {
      const me = await newAccount(t);
      const sessionA = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      const sessionB = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      await ask(me.email);
      const link = staffLinkIn((await latestMailTo(t.sink!, me.email)).text, 'reset-password');

      const page = await openForm(t.app.getHttpServer(), link);
      expect(page.status).toBe(200);
      expect(page.html).toContain(me.email);
      const tooShort = await submitForm(t.app.getHttpServer(), link, { password: 'short', passwordAgain: 'short' });
      expect(tooShort.status).toBe(422);
      expect(fieldError(tooShort.text, 'password')).toBeTruthy();
      const different = await submitForm(t.app.getHttpServer(), link, {
        password: NEW_PASSWORD,
        passwordAgain: `${NEW_PASSWORD}!`,
      });
      expect(different.status).toBe(422);
      expect(fieldError(different.text, 'passwordAgain')).toBeTruthy();

      const done = await submitForm(t.app.getHttpServer(), link, {
        password: NEW_PASSWORD,
        passwordAgain: NEW_PASSWORD,
      });
      expect([done.status, done.headers.location]).toEqual([303, '/staff/sign-in?passwordSet=1']);
      expect(await sessionCount(t, me.id)).toBe(0);
      await t.http().get('/staff/account').set('Cookie', sessionA.cookie).expect(303);
      await t.http().get('/staff/account').set('Cookie', sessionB.cookie).expect(303);
      expect((await postSignIn(t, { email: me.email, password: PASSWORD })).status).toBe(401);
      await signInPages(t.app.getHttpServer(), me.email, NEW_PASSWORD);

      // Spent: the page and the form both say the link no longer works, and nothing changes.
      expect((await openForm(t.app.getHttpServer(), link)).status).toBe(410);
      const form = await openForm(t.app.getHttpServer(), '/staff/sign-in');
      const again = await t
        .http()
        .post(link)
        .set('Cookie', form.cookie)
        .type('form')
        .send({ _csrf: form.csrf, password: PASSWORD, passwordAgain: PASSWORD });
      expect(again.status).toBe(410);
      await signInPages(t.app.getHttpServer(), me.email, NEW_PASSWORD);
    });

    it('an expired link, an older link after a newer one, and a made-up link do not work', async () => {
      const me = await newAccount(t);
      await ask(me.email);
      const first = staffLinkIn((await latestMailTo(t.sink!, me.email, 1)).text, 'reset-password');
      await t.dataSource.query(
        `UPDATE staff_account_tokens SET expires_at = now() - interval '1 second' WHERE staff_user_id = $1`,
        [me.id],
      );
      expect((await openForm(t.app.getHttpServer(), first)).status).toBe(410);

      // Asking again within a minute sends nothing new; after that, a new link replaces the old one.
      await t.dataSource.query(
        `UPDATE staff_account_tokens SET created_at = now() - interval '2 minutes', expires_at = now() + interval '1 hour' WHERE staff_user_id = $1`,
        [me.id],
      );
      await ask(me.email);
      const second = staffLinkIn((await latestMailTo(t.sink!, me.email, 2)).text, 'reset-password');
      await ask(me.email);
      expect(second).not.toBe(first);
      expect((await openForm(t.app.getHttpServer(), first)).status).toBe(410);
      expect((await openForm(t.app.getHttpServer(), second)).status).toBe(200);
      expect((await openForm(t.app.getHttpServer(), `/staff/reset-password/${'A'.repeat(43)}`)).status).toBe(410);
      expect(await resetRows(me.id)).toHaveLength(2);
    });
  });

  describe('invitations', () => {
    const invite = (auth: { Authorization: string }, body: Record<string, unknown>) =>
      t.http().post('/api/admin/staff/invitations').set(auth).send(body);

    it('only admins invite; the body is validated; an address with an account is a conflict', async () => {
      const staff = await signInNewUser(t, 'staff');
      const body = { email: `invitee-${Date.now()}@staff.test`, name: 'Ines Invitee', role: 'staff' };
      expect((await invite(staff.auth, body)).body.code).toBe('ADMIN_ONLY');
      expect((await invite(admin.auth, { ...body, password: 'not taken here' })).status).toBe(400);
      expect((await invite(admin.auth, { ...body, role: 'owner' })).status).toBe(400);
      expect((await invite(admin.auth, { ...body, locale: 'fr' })).status).toBe(400);
      const existing = await newAccount(t);
      expect((await invite(admin.auth, { ...body, email: existing.email })).body.code).toBe('STAFF_EMAIL_TAKEN');
    });

    it('the invitee cannot sign in until they set a password from the e-mailed link; then they are signed in', async () => {
      const clinic = await createClinic(t, admin.auth);
      const email = `invitee-${Date.now()}@staff.test`;
      const created = await invite(admin.auth, {
        email: `  ${email.toUpperCase()} `,
        name: 'Ines Invitee',
        role: 'staff',
        clinicIds: [clinic.id],
      }).expect(201);
      expect(created.body).toMatchObject({
        email,
        name: 'Ines Invitee',
        role: 'staff',
        disabled: false,
        clinicIds: [clinic.id],
        invitationPending: true,
      });
      expect(Date.parse(created.body.invitationExpiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);

      // No password yet: no way in, with the same answer as a wrong password, and no reset link either.
      expect((await postSignIn(t, { email, password: PASSWORD })).status).toBe(401);
      expect(
        (await t.http().post('/api/auth/login').send({ email, password: 'not-a-real-password-just-for-timing' }))
          .status,
      ).toBe(401);

      const mail = await latestMailTo(t.sink!, email);
      expect(mail.text).toContain('Ines Invitee');
      const link = staffLinkIn(mail.text, 'invitation');
      const page = await openForm(t.app.getHttpServer(), link);
      expect(page.status).toBe(200);
      expect(page.html).toContain(email);

      const accepted = await submitForm(t.app.getHttpServer(), link, {
        password: NEW_PASSWORD,
        passwordAgain: NEW_PASSWORD,
      });
      expect([accepted.status, accepted.headers.location]).toEqual([303, '/staff']);
      const cookie = sessionCookieOf(accepted)!;
      const account = await t.http().get('/staff/account').set('Cookie', cookie).expect(200);
      expect(account.text).toContain(clinic.name);

      // Single use; the password works from now on.
      expect((await openForm(t.app.getHttpServer(), link)).status).toBe(410);
      await signInPages(t.app.getHttpServer(), email, NEW_PASSWORD);
      const listed = await t.http().get(`/api/admin/staff/${created.body.id}`).set(admin.auth).expect(200);
      expect(listed.body.disabled).toBe(false);
    });

    it('an expired invitation does not work, and the account still cannot sign in', async () => {
      const email = `late-${Date.now()}@staff.test`;
      const created = await invite(admin.auth, { email, name: 'Late Invitee', role: 'staff' }).expect(201);
      const link = staffLinkIn((await latestMailTo(t.sink!, email)).text, 'invitation');
      await t.dataSource.query(
        `UPDATE staff_account_tokens SET expires_at = now() - interval '1 second' WHERE staff_user_id = $1`,
        [created.body.id],
      );
      expect((await openForm(t.app.getHttpServer(), link)).status).toBe(410);
      expect((await postSignIn(t, { email, password: NEW_PASSWORD })).status).toBe(401);
    });

    it("the invitation e-mail is in the clinic's language unless the admin names one", async () => {
      const lisbon = await createClinic(t, admin.auth, { timeZone: 'Europe/Lisbon' });
      await t.dataSource.query(`UPDATE clinics SET locale = 'pt-PT' WHERE id = $1`, [lisbon.id]);
      const pt = `pt-${Date.now()}@staff.test`;
      const en = `en-${Date.now()}@staff.test`;
      await invite(admin.auth, { email: pt, name: 'Rita', role: 'staff', clinicIds: [lisbon.id] }).expect(201);
      await invite(admin.auth, { email: en, name: 'Rob', role: 'staff', clinicIds: [lisbon.id], locale: 'en' }).expect(
        201,
      );
      expect((await latestMailTo(t.sink!, pt)).html).toContain('lang="pt-PT"');
      expect((await latestMailTo(t.sink!, en)).html).toContain('lang="en"');
    });
  });

  describe('a password changed or an account disabled through the API ends its sessions', () => {
    it.each([[{ password: NEW_PASSWORD }], [{ disabled: true }]])('PATCH %j', async (change) => {
      const me = await newAccount(t);
      const session = await signInPages(t.app.getHttpServer(), me.email, PASSWORD);
      await t.http().patch(`/api/admin/staff/${me.id}`).set(admin.auth).send(change).expect(200);
      expect(await sessionCount(t, me.id)).toBe(0);
      await t.http().get('/staff/account').set('Cookie', session.cookie).expect(303);
    });
  });

  describe('/api/auth/me names the clinics the account acts for', () => {
    it('a staff member: their clinics; an admin: every clinic not archived', async () => {
      const a = await createClinic(t, admin.auth, { name: 'Aardvark Spine Centre' });
      const b = await createClinic(t, admin.auth, { name: 'Zebra Back Clinic' });
      const staff = await signInNewUser(t, 'staff', [b.id, a.id]);
      const mine = await t.http().get('/api/auth/me').set(staff.auth).expect(200);
      expect(mine.body.clinics).toEqual([
        { id: a.id, slug: a.slug, name: 'Aardvark Spine Centre' },
        { id: b.id, slug: b.slug, name: 'Zebra Back Clinic' },
      ]);
      await t.http().post(`/api/admin/clinics/${b.slug}/archive`).set(admin.auth).expect(200);
      const admins = await t.http().get('/api/auth/me').set(admin.auth).expect(200);
      const slugs = (admins.body.clinics as { slug: string }[]).map((clinic) => clinic.slug);
      expect(slugs).toContain(a.slug);
      expect(slugs).not.toContain(b.slug);
      const openapi = await t.http().get('/docs/openapi.json').expect(200);
      expect(JSON.stringify(openapi.body.components.schemas.MeView)).toContain('clinics');
      expect(openapi.body.paths['/api/admin/staff/invitations'].post).toBeDefined();
    });
  });
});
