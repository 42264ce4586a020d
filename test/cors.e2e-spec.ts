import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Cross-origin callers (CORS_ORIGINS): a named origin may read the API from a browser, with the reservation's
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

describe('CORS, unset (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

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
