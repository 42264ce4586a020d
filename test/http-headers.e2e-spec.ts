import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Helmet's security headers on every kind of answer (src/common/security-headers.ts works them out once), and
 * cross-origin callers (CORS_ORIGINS): a named origin may read the API from a browser, with the reservation's
 * Idempotency-Key exposed; any other origin, and every origin when CORS_ORIGINS is unset (the default), gets no
 * CORS header, so a browser keeps the answer from its page.
 */
const PARTNER = 'https://partner.example';
const STRANGER = 'https://stranger.example';

function preflight(t: TestApp, origin: string) {
  return t
    .http()
    .options('/api/events')
    .set('Origin', origin)
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'content-type,idempotency-key');
}

describe('CORS, unset (the default), and the security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it("carries helmet's headers on a JSON answer, a 404, a 400 and an error of the body parser", async () => {
    const answers = [
      await t.http().get('/api/events').expect(200),
      await t.http().get('/api/no-such-route').expect(404),
      await t.http().get('/api/events?pageSize=1000').expect(400),
      await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":').expect(400),
    ];
    for (const response of answers) {
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self' 'unsafe-inline'");
      expect(csp).toContain("img-src 'self' data: validator.swagger.io");
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it("lets a page replace helmet's policy with its own (a page's CSP, DENY framing)", async () => {
    const response = await t.http().get('/').expect(200);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(String(response.headers['content-security-policy'])).not.toContain('unsafe-inline');
    // The page's own assets (served from files) carry helmet's headers too.
    const asset = /(?:href|src)="(\/assets\/[^"]+)"/.exec(response.text)?.[1];
    expect(asset).toBeDefined();
    const file = await t.http().get(asset!).expect(200);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('answers a cross-origin read without any CORS header', async () => {
    const response = await t.http().get('/api/events').set('Origin', PARTNER).expect(200);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('does not answer a preflight (404, no CORS header)', async () => {
    const response = await preflight(t, PARTNER).expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-methods']).toBeUndefined();
  });
});

describe('CORS, CORS_ORIGINS names one origin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: `${PARTNER}/` }, { reset: false });
  });
  afterAll(() => t?.close());

  it("lets the named origin read, and exposes a reservation's Idempotency-Key", async () => {
    const response = await t.http().get('/api/events').set('Origin', PARTNER).expect(200);
    expect(response.headers['access-control-allow-origin']).toBe(PARTNER);
    expect(response.headers['access-control-expose-headers']).toMatch(/Idempotency-Key/i);
    expect(response.headers['vary']).toMatch(/Origin/i);
  });

  it("answers the named origin's preflight", async () => {
    const response = await preflight(t, PARTNER).expect(204);
    expect(response.headers['access-control-allow-origin']).toBe(PARTNER);
    expect(response.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(response.headers['access-control-allow-headers']).toMatch(/idempotency-key/i);
  });

  it('gives another origin no CORS header, on a read or a preflight', async () => {
    const read = await t.http().get('/api/events').set('Origin', STRANGER).expect(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    const asked = await preflight(t, STRANGER);
    expect(asked.headers['access-control-allow-origin']).toBeUndefined();
  });
});
