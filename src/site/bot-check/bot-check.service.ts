import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Challenge } from 'altcha-lib';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AssetRegistry } from '../assets/asset-registry.js';
import { AltchaChallenges } from './altcha-challenges.js';
import { honeypotFilled, readSolutionField } from './bot-check-rules.js';
import { registerWidgetAssets, type WidgetUrls } from './widget-assets.js';

export type BotCheckOutcome = 'pass' | 'challenge-required' | 'bot';

/** What the template partial `partials/bot-check.eta` needs, as `it.botCheck`. */
export interface BotCheckWidgetModel {
  challengeUrl: string;
  scriptUrl: string;
  cssUrl: string;
}

/** Where the widget fetches its challenge (BotCheckController); a page path, outside the JSON API. */
export const CHALLENGE_PATH = '/bot-check/challenge';

/*
 * Forms a client address may send without a solved challenge, per window.
 *
 * Why adaptive: every form must work with JavaScript off (DESIGN rule 10), and a proof of work needs
 * JavaScript, so it cannot be required of everyone. The trade-off:
 * - A bot that runs no JavaScript gets BOT_CHECK_FREE_FORMS (default 3) forms per address and window; one that does pays the work for
 *   every form beyond those. The honeypot catches the crude ones either way, and the reservation rules (one
 *   reservation per e-mail and event, capacity in the database) hold whatever gets through.
 * - People sharing an address (a clinic's Wi-Fi, a mobile carrier's NAT) share the allowance. With JavaScript
 *   they never notice: the widget solves while they type. Without it, a form beyond the allowance is refused
 *   until the window has passed, so that page must say so and give the clinic's phone number.
 * - Only a form about to book counts: one sent back for a typo (validation) is judged before the bot check.
 * - The count is in memory, per instance: behind N instances an address gets up to N × the allowance. The
 *   package's RateLimiterPostgres shares it through the database if that ever matters.
 */
const FREE_WINDOW_SECONDS = 10 * 60;

/**
 * The bot check of the public reservation form: a honeypot field, and a self-hosted ALTCHA proof of work
 * (nothing loaded from another site: attendees are patients) required once an address is past its allowance.
 */
@Injectable()
export class BotCheck implements OnModuleInit {
  private readonly logger = new Logger('BotCheck');
  private readonly challenges: AltchaChallenges;
  private readonly allowance: RateLimiterMemory;
  private widgetUrls?: WidgetUrls;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly assets: AssetRegistry,
  ) {
    this.challenges = new AltchaChallenges(config.jwt.secret);
    this.allowance = new RateLimiterMemory({
      keyPrefix: 'bot-check',
      points: config.botCheck.freeForms,
      duration: FREE_WINDOW_SECONDS,
    });
  }

  onModuleInit(): void {
    this.widgetUrls = registerWidgetAssets(this.assets);
  }

  /**
   * Judges one submitted form. `clientKey` is the client's address (request.ip, right only when TRUST_PROXY_HOPS
   * matches the proxies in front of us); `form` is the parsed body.
   * - 'bot': the honeypot is filled, or the form carries a solution that is forged, malformed or already used;
   * - 'pass': a valid solution, or none (or an expired one) while the address is within its allowance;
   * - 'challenge-required': past the allowance without a valid solution.
   */
  async assess(clientKey: string, form: Record<string, unknown>, now = new Date()): Promise<BotCheckOutcome> {
    if (honeypotFilled(form)) return this.bot('honeypot');
    const field = readSolutionField(form);
    if (field.kind === 'malformed') return this.bot('malformed solution');
    if (field.kind === 'payload') {
      const check = await this.challenges.check(field.payload, now);
      if (check === 'valid') return 'pass';
      if (check === 'invalid') return this.bot('invalid solution');
      if (check === 'replayed') return this.bot('replayed solution');
      // Expired: a person who took longer than the challenge lives; judged as if they had sent none.
    }
    return (await this.withinAllowance(clientKey)) ? 'pass' : 'challenge-required';
  }

  /** A fresh challenge for the widget (GET /bot-check/challenge). */
  challenge(now = new Date()): Promise<Challenge> {
    return this.challenges.issue(now);
  }

  widgetModel(): BotCheckWidgetModel {
    if (!this.widgetUrls) throw new Error('BotCheck used before its module was initialised');
    return { challengeUrl: CHALLENGE_PATH, ...this.widgetUrls };
  }

  private async withinAllowance(clientKey: string): Promise<boolean> {
    try {
      await this.allowance.consume(clientKey);
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      throw rejection;
    }
  }

  private bot(reason: string): 'bot' {
    this.logger.log({ message: 'form refused by the bot check', reason });
    return 'bot';
  }
}
