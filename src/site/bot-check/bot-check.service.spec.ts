import { Script } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { type Challenge, createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { AppConfig } from '../../config/app-config.js';
import { AssetRegistry } from '../assets/asset-registry.js';
import { CHALLENGE_TTL_MS } from './altcha-challenges.js';
import { BotCheck } from './bot-check.service.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

function botCheck(assets = new AssetRegistry()): BotCheck {
  return new BotCheck({ jwt: { secret: SECRET }, botCheck: { freeForms: 3 } } as AppConfig, assets);
}

/** Solves the challenge the way the widget does (altcha-lib's own solver) and encodes the form field as it does. */
async function solved(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the challenge could not be solved');
  const payload = { challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

const form = (fields: Record<string, unknown> = {}) => ({
  name: 'Ana',
  email: 'ana@example.test',
  website: '',
  ...fields,
});

async function useUpAllowance(check: BotCheck, clientKey: string): Promise<void> {
  for (let i = 0; i < 3; i += 1) expect(await check.assess(clientKey, form())).toBe('pass');
  expect(await check.assess(clientKey, form())).toBe('challenge-required');
}

beforeAll(() => {
  // Each refusal is logged (reason only); not wanted in the test output.
  Logger.overrideLogger(false);
});

describe('BotCheck.assess', () => {
  let check: BotCheck;

  beforeEach(() => {
    check = botCheck();
  });

  describe('the honeypot', () => {
    it('a filled honeypot is a bot, even with a valid solution and allowance left', async () => {
      const altcha = await solved(await check.challenge());
      expect(await check.assess('10.0.0.1', form({ website: 'https://spam.example', altcha }))).toBe('bot');
      expect(await check.assess('10.0.0.1', form({ website: ['', 'x'] }))).toBe('bot');
    });

    it('an empty or blank honeypot, or none, is not held against the form', async () => {
      expect(await check.assess('10.0.0.2', form({ website: '' }))).toBe('pass');
      expect(await check.assess('10.0.0.2', form({ website: '  ' }))).toBe('pass');
      expect(await check.assess('10.0.0.2', { name: 'Ana' })).toBe('pass');
    });
  });

  describe('the free allowance, for forms sent without JavaScript', () => {
    it('three forms per address pass without a solution, the fourth needs one; other addresses go on', async () => {
      await useUpAllowance(check, '10.0.1.1');
      expect(await check.assess('10.0.1.1', form({ altcha: '' }))).toBe('challenge-required');
      expect(await check.assess('10.0.1.2', form())).toBe('pass');
    });
  });

  describe('solutions', () => {
    it('a solved challenge passes past the allowance, once: sending it again is a bot', async () => {
      await useUpAllowance(check, '10.0.2.1');
      const altcha = await solved(await check.challenge());

      expect(await check.assess('10.0.2.1', form({ altcha }))).toBe('pass');
      expect(await check.assess('10.0.2.1', form({ altcha }))).toBe('bot');
      // Spent for every address, not only the one that sent it first.
      expect(await check.assess('10.0.2.2', form({ altcha }))).toBe('bot');
    });

    it('a valid solution does not use up the allowance', async () => {
      expect(await check.assess('10.0.3.1', form({ altcha: await solved(await check.challenge()) }))).toBe('pass');
      await useUpAllowance(check, '10.0.3.1');
    });

    it('a solution to an expired challenge counts as none: it passes within the allowance only', async () => {
      const issuedLongAgo = () => check.challenge(new Date(Date.now() - CHALLENGE_TTL_MS - 1_000));
      expect(await check.assess('10.0.4.1', form({ altcha: await solved(await issuedLongAgo()) }))).toBe('pass');
      await useUpAllowance(check, '10.0.4.2');
      const late = await solved(await issuedLongAgo());
      expect(await check.assess('10.0.4.2', form({ altcha: late }))).toBe('challenge-required');
    });

    it('a challenge another server signed, or one whose parameters were changed, is a bot', async () => {
      const foreign = await createChallenge({
        algorithm: 'PBKDF2/SHA-256',
        cost: 10,
        counter: 3,
        deriveKey,
        expiresAt: new Date(Date.now() + 60_000),
        hmacSignatureSecret: 'someone else',
        hmacKeySignatureSecret: 'someone else too',
      });
      expect(await check.assess('10.0.5.1', form({ altcha: await solved(foreign) }))).toBe('bot');

      const ours = await check.challenge();
      const dayLater = ours.parameters.expiresAt! + 24 * 3600;
      const prolonged = { ...ours, parameters: { ...ours.parameters, expiresAt: dayLater } };
      expect(await check.assess('10.0.5.1', form({ altcha: await solved(prolonged) }))).toBe('bot');
    });

    it('a wrong answer to our challenge is a bot', async () => {
      const challenge = await check.challenge();
      const payload = JSON.parse(Buffer.from(await solved(challenge), 'base64').toString('utf8'));
      payload.solution.derivedKey = 'ab'.repeat(32);
      const altcha = Buffer.from(JSON.stringify(payload)).toString('base64');
      expect(await check.assess('10.0.6.1', form({ altcha }))).toBe('bot');
    });

    it('a field the widget did not make is a bot', async () => {
      const wrongShape = Buffer.from('{"challenge":1}').toString('base64');
      const notTheWidgets = ['not base64 json', wrongShape, ['a', 'b'], 'x'.repeat(5_000)];
      for (const altcha of notTheWidgets) {
        expect(await check.assess('10.0.7.1', form({ altcha }))).toBe('bot');
      }
    });
  });
});

describe('BotCheck.challenge', () => {
  it('is a signed PBKDF2 challenge in deterministic mode that expires in 10 minutes', async () => {
    const now = new Date('2030-01-01T12:00:00Z');
    const challenge = await botCheck().challenge(now);
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.parameters).toMatchObject({ algorithm: 'PBKDF2/SHA-256', cost: 2_000, keyLength: 32 });
    expect(challenge.parameters.keySignature).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.parameters.expiresAt).toBe(now.getTime() / 1_000 + 600);
  });
});

describe('BotCheck.widgetModel', () => {
  it('points at hashed assets: a classic script that registers the hashed worker, styles with the honeypot', () => {
    const assets = new AssetRegistry();
    const check = botCheck(assets);
    check.onModuleInit();
    const model = check.widgetModel();

    expect(model.challengeUrl).toBe('/bot-check/challenge');
    expect(model.scriptUrl).toMatch(/^\/assets\/bot-check\.[0-9a-f]{10}\.js$/);
    expect(model.cssUrl).toMatch(/^\/assets\/bot-check\.[0-9a-f]{10}\.css$/);

    const script = gunzipSync(assets.byName(model.scriptUrl.slice('/assets/'.length))!.gzipped).toString('utf8');
    expect(() => new Script(script)).not.toThrow();
    const workerUrl = assets.url('altcha-pbkdf2-worker.js');
    expect(workerUrl).toMatch(/^\/assets\/altcha-pbkdf2-worker\.[0-9a-f]{10}\.js$/);
    const registration = `$altcha.algorithms.set("PBKDF2/SHA-256", () => new Worker(${JSON.stringify(workerUrl)}));`;
    expect(script).toContain(registration);
    expect(script).toContain('globalThis.$altcha.i18n.set("pt-pt"');
    expect(assets.byName(workerUrl.slice('/assets/'.length))!.contentType).toMatch(/^text\/javascript/);

    const css = assets.byName(model.cssUrl.slice('/assets/'.length))!.body.toString('utf8');
    expect(css).toContain('.bot-check-trap');
    expect(css).toContain('.altcha-main');
  });

  it('is refused before the module is initialised (a wiring bug, not a page error)', () => {
    expect(() => botCheck().widgetModel()).toThrow(/before its module was initialised/);
  });
});
