import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StaffService } from '../src/staff/staff.service.js';
import { signInPages } from './support/staff-session.js';
import { signInNewUser, startTestApp, type TestApp } from './support/test-app.js';

describe('rate limits', () => {
  describe('sign-in attempts are limited per client and minute', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '3' });
    });
    afterAll(() => t.close());

    it('the 4th login attempt in a minute is 429 RATE_LIMITED', async () => {
      const attempt = (password: string) =>
        t.http().post('/api/auth/login').send({ email: 'someone@staff.test', password });
      for (let i = 0; i < 3; i += 1) await attempt(`wrong password ${i}`).expect(401);

      const limited = await attempt('wrong password 4').expect(429);
      expect(limited.body).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String) });
      expect(limited.headers['retry-after']).toBeDefined();

      // The limit counts attempts, not failures, and is not dodged by another spelling of the path.
      await t.http().post('/api/AUTH/LOGIN/').send({ email: 'someone@staff.test', password: 'x' }).expect(429);
    });

    it('other routes are not held back by the sign-in limit', async () => {
      await t.http().get('/api/clinics').expect(200);
      await t.http().get('/api/auth/me').expect(401);
    });
  });

  describe('the sign-in limit counts successful sign-ins too', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '3' });
    });
    afterAll(() => t.close());

    it('after three good sign-ins the fourth is refused', async () => {
      // signInNewUser signs in once over HTTP.
      await signInNewUser(t, 'staff');
      await signInNewUser(t, 'staff');
      await signInNewUser(t, 'staff');
      await expect(signInNewUser(t, 'staff')).rejects.toThrow(/429/);
    });
  });

  describe('the general limit applies to every route except /health', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: '3' });
    });
    afterAll(() => t.close());

    it('the 4th request to another route in a minute is 429 RATE_LIMITED', async () => {
      for (let i = 0; i < 3; i += 1) await t.http().get('/api/clinics').expect(200);
      const limited = await t.http().get('/api/clinics').expect(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
    });

    it('/health is never rate-limited, however often it is asked and however it is spelled', async () => {
      for (let i = 0; i < 20; i += 1) {
        const response = await t
          .http()
          .get(i % 2 === 0 ? '/health' : '/health/')
          .expect(200);
        expect(response.body.status).toBe('ok');
        expect(response.headers).not.toHaveProperty('ratelimit');
      }
      await t.http().get('/api/clinics').expect(429);
    });
  });

  describe('the limits are counted in PostgreSQL, so they hold across app instances', () => {
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      a = await startTestApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: '4' });
      // A second instance on the same database (not wiped): another process behind the same load balancer.
      b = await startTestApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: '4' }, { reset: false });
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    it('two instances share one count per address', async () => {
      await a.http().get('/api/clinics').expect(200);
      await b.http().get('/api/clinics').expect(200);
      await a.http().get('/api/clinics').expect(200);
      const last = await b.http().get('/api/clinics').expect(200);
      expect(last.headers['ratelimit']).toMatch(/r=0/);
      const limited = await a.http().get('/api/clinics').expect(429);
      expect(limited.body).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String) });
      await b.http().get('/api/clinics').expect(429);
      const [row] = (await a.dataSource.query(`SELECT points FROM rate_limits WHERE key LIKE 'public:%'`)) as {
        points: number;
      }[];
      expect(row.points).toBe(6);
    });
  });

  describe('signed-in staff are counted per account, not with their address', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: '3', RATE_LIMIT_STAFF_PER_MINUTE: '8' });
    });
    afterAll(() => t.close());

    it('a flood of anonymous requests from the same address does not hold back a signed-in staff member', async () => {
      const staff = await signInNewUser(t, 'staff');
      const email = `desk-${Date.now()}@staff.test`;
      await t.app
        .get(StaffService)
        .create({ email, name: 'Front Desk', role: 'staff', password: 'correct horse battery staple' });
      // signInPages: the sign-in page (GET, POST) and "your account": three anonymous and one signed-in request.
      const session = await signInPages(t.app.getHttpServer(), email, 'correct horse battery staple');
      // signInNewUser's login and the sign-in page used up the address's allowance: anonymous requests are refused now.
      for (let i = 0; i < 3; i += 1) await t.http().get('/api/clinics');
      await t.http().get('/api/clinics').expect(429);
      const page = await t.http().get('/').expect(429);
      expect(page.headers['content-type']).toMatch(/text\/html/);

      // The same address, signed in: counted per account, with the staff policy.
      const api = await t.http().get('/api/auth/me').set(staff.auth).expect(200);
      expect(api.headers['ratelimit-policy']).toMatch(/^"staff";q=8;w=60$/);
      await t.http().get('/staff/account').set('Cookie', session.cookie).expect(200);
      // A made-up token is anonymous, so still refused.
      await t.http().get('/api/auth/me').set('Authorization', 'Bearer not-a-token').expect(429);

      // Each account has its own allowance: the page session's account runs out, the API one does not.
      for (let i = 0; i < 6; i += 1) await t.http().get('/staff/account').set('Cookie', session.cookie).expect(200);
      const refused = await t.http().get('/staff/account').set('Cookie', session.cookie).expect(429);
      expect(refused.headers['content-type']).toMatch(/text\/html/);
      expect(refused.headers['retry-after']).toBeDefined();
      await t.http().get('/api/auth/me').set(staff.auth).expect(200);
    });
  });

  describe('sign-in attempts are also counted per e-mail typed, whatever the address', () => {
    let t: TestApp;

    beforeAll(async () => {
      // Each request comes from another address (TRUST_PROXY_HOPS=1 reads X-Forwarded-For).
      t = await startTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '3', TRUST_PROXY_HOPS: '1' });
    });
    afterAll(() => t.close());

    it('the 4th attempt on one account from a 4th address is refused; another account is not', async () => {
      const attempt = (i: number, email: string) =>
        t
          .http()
          .post('/api/auth/login')
          .set('X-Forwarded-For', `203.0.113.${i}`)
          .send({ email, password: `guess ${i}` });
      for (let i = 1; i <= 3; i += 1) await attempt(i, 'Target@Staff.test').expect(401);
      await attempt(4, 'target@staff.test').expect(429);
      await attempt(5, 'someone-else@staff.test').expect(401);
    });
  });

  describe('a database that cannot count lets requests through', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: '2' });
    });
    afterAll(() => t.close());

    it('without the counters table, requests are answered (not 429, not 500) and limits resume once it is back', async () => {
      await t.dataSource.query('ALTER TABLE rate_limits RENAME TO rate_limits_away');
      for (let i = 0; i < 5; i += 1) await t.http().get('/api/clinics').expect(200);
      await t.dataSource.query('ALTER TABLE rate_limits_away RENAME TO rate_limits');
      await t.http().get('/api/clinics').expect(200);
      await t.http().get('/api/clinics').expect(200);
      await t.http().get('/api/clinics').expect(429);
    });
  });
});
