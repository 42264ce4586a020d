import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { BotCheck } from '../src/site/bot-check/bot-check.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Solves a challenge as the widget does and encodes the `altcha` form field as it does. */
async function solvedField(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the challenge could not be solved');
  const payload = { challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

describe('bot check on the public forms, without third parties', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ BOT_CHECK_FREE_FORMS: '3' });
  });
  afterAll(() => t.close());

  describe('GET /bot-check/challenge gives the widget a challenge it can solve, and its solution counts once', () => {
    it('is a signed PBKDF2 challenge, never cached', async () => {
      const response = await t.http().get('/bot-check/challenge').expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toEqual({
        parameters: expect.objectContaining({
          algorithm: 'PBKDF2/SHA-256',
          nonce: expect.any(String),
          salt: expect.any(String),
          keyPrefix: expect.any(String),
        }),
        signature: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const second = await t.http().get('/bot-check/challenge').expect(200);
      expect(second.body.parameters.nonce).not.toBe(response.body.parameters.nonce);
    });

    it('its solution lets one form through past the free allowance; the same solution again is a bot', async () => {
      const botCheck = t.app.get(BotCheck);
      const clientKey = '198.51.100.7';
      const plainForm = { name: 'Ana', website: '' };
      for (let i = 0; i < 3; i += 1) expect(await botCheck.assess(clientKey, plainForm)).toBe('pass');
      expect(await botCheck.assess(clientKey, plainForm)).toBe('challenge-required');

      const challenge = (await t.http().get('/bot-check/challenge').expect(200)).body as Challenge;
      const altcha = await solvedField(challenge);
      expect(await botCheck.assess(clientKey, { ...plainForm, altcha })).toBe('pass');
      expect(await botCheck.assess(clientKey, { ...plainForm, altcha })).toBe('bot');
    });
  });

  describe('the widget is served from our own origin, and the route stays out of the JSON API', () => {
    it('serves the widget script, its worker and its styles as hashed assets', async () => {
      const model = t.app.get(BotCheck).widgetModel();
      expect(model.challengeUrl).toBe('/bot-check/challenge');

      const script = await t.http().get(model.scriptUrl).expect(200);
      expect(script.headers['content-type']).toMatch(/^text\/javascript/);
      const workerUrl = /new Worker\("(\/assets\/altcha-pbkdf2-worker\.[0-9a-f]+\.js)"\)/.exec(script.text)?.[1];
      expect(workerUrl).toBeDefined();
      const worker = await t.http().get(workerUrl!).expect(200);
      expect(worker.headers['content-type']).toMatch(/^text\/javascript/);

      const css = await t.http().get(model.cssUrl).expect(200);
      expect(css.headers['content-type']).toMatch(/^text\/css/);
      expect(css.text).toContain('.bot-check-trap');
    });

    it('is not under /api and not in the OpenAPI document', async () => {
      await t.http().get('/api/bot-check/challenge').expect(404);
      const openApi = await t.http().get('/docs/openapi.json').expect(200);
      expect(Object.keys(openApi.body.paths).filter((path) => path.includes('bot-check'))).toEqual([]);
    });
  });
});
