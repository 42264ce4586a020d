import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signInNewUser, startTestApp, type TestApp } from './support/test-app.js';

describe('rate limits', () => {
  describe('sign-in attempts are limited per client and minute', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '3' });
    });
    afterAll(() => t.close());

    it('the 4th login attempt in a minute is 429 RATE_LIMITED', async () => {
      const attempt = (password: string) => t.http().post('/api/auth/login').send({ email: 'someone@staff.test', password });
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
        const response = await t.http().get(i % 2 === 0 ? '/health' : '/health/').expect(200);
        expect(response.body.status).toBe('ok');
        expect(response.headers).not.toHaveProperty('ratelimit');
      }
      await t.http().get('/api/clinics').expect(429);
    });
  });
});
