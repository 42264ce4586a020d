import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Challenge } from 'altcha-lib';
import { Public } from '../../common/auth/decorators.js';
import { BotCheck } from './bot-check.service.js';

/**
 * The ALTCHA widget's challenge: `{ parameters, signature }` as altcha-lib's createChallenge makes it. Part of
 * the pages, not of the documented JSON API. Never cached: every form gets its own challenge.
 */
@ApiExcludeController()
@Public()
@Controller('bot-check')
export class BotCheckController {
  constructor(private readonly botCheck: BotCheck) {}

  /** CHALLENGE_PATH, which the widget is given. */
  @Get('challenge')
  @Header('Cache-Control', 'no-store')
  @Header('X-Robots-Tag', 'noindex')
  challenge(): Promise<Challenge> {
    return this.botCheck.challenge();
  }
}
