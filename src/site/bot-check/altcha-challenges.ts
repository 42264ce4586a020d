import { hkdfSync } from 'node:crypto';
import { type Challenge, createChallenge, type Payload, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { SpentSolutions } from './spent-solutions.js';

/** How long a challenge, and so its solution, stays good. */
export const CHALLENGE_TTL_MS = 10 * 60_000;

/**
 * The work: the browser tries counters 0, 1, 2, … until PBKDF2-SHA-256 (2,000 rounds) of nonce + counter
 * gives the key whose prefix we signed. The answer is a random counter from 500 to 3,000, so a solve takes
 * 500 to 3,000 derivations: about a second on a laptop and a few on an old phone (the widget spreads them
 * over the device's cores), and it is the same work for a bot on every form it sends.
 * The WebCrypto PBKDF2 every browser has; no memory-hard algorithm, whose workers weigh 45 kB more.
 */
export const ALGORITHM = 'PBKDF2/SHA-256';
const COST = 2_000;
const COUNTER_MIN = 500;
const COUNTER_MAX = 3_000;

export type SolutionCheck = 'valid' | 'expired' | 'invalid' | 'replayed';

/**
 * Issues and checks ALTCHA (v2) challenges, signed with keys derived from the app secret, so that any of our
 * instances accepts what another issued and nobody else can mint them.
 *
 * Deterministic mode (the server picks the answer and signs the key it leads to): checking a solution is one
 * HMAC, so a flood of made-up solutions costs us nothing; issuing costs one derivation (about 1 ms).
 */
export class AltchaChallenges {
  private readonly signatureSecret: string;
  private readonly keySignatureSecret: string;
  private readonly spent = new SpentSolutions();

  constructor(appSecret: string) {
    this.signatureSecret = derive(appSecret, 'bot-check-challenge');
    this.keySignatureSecret = derive(appSecret, 'bot-check-key');
  }

  issue(now: Date): Promise<Challenge> {
    return createChallenge({
      algorithm: ALGORITHM,
      cost: COST,
      counter: randomInt(COUNTER_MAX, COUNTER_MIN),
      deriveKey,
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
      hmacSignatureSecret: this.signatureSecret,
      hmacKeySignatureSecret: this.keySignatureSecret,
    });
  }

  /** A solution is valid once: the first check that finds it valid spends it. */
  async check(payload: Payload, now: Date): Promise<SolutionCheck> {
    let result;
    try {
      result = await verifySolution({
        challenge: payload.challenge,
        solution: payload.solution,
        deriveKey,
        hmacSignatureSecret: this.signatureSecret,
        hmacKeySignatureSecret: this.keySignatureSecret,
      });
    } catch {
      // A shape the library cannot read (e.g. a non-hex key signature) is not a solution of ours.
      return 'invalid';
    }
    if (result.expired) return 'expired';
    if (!result.verified) return 'invalid';
    // The signature covers the parameters, so nonce and expiry are ours; every challenge we issue has both.
    const { nonce, expiresAt } = payload.challenge.parameters;
    if (expiresAt === undefined) return 'invalid';
    return this.spent.spend(nonce, expiresAt * 1_000, now.getTime()) ? 'valid' : 'replayed';
  }
}

function derive(appSecret: string, purpose: string): string {
  return Buffer.from(hkdfSync('sha256', appSecret, 'clinic-seminars', purpose, 32)).toString('hex');
}
