import { Module } from '@nestjs/common';
import { BotCheckController } from './bot-check.controller.js';
import { BotCheck } from './bot-check.service.js';

/**
 * Bot protection for the public forms without third parties: a honeypot and a self-hosted ALTCHA proof of work.
 * Import it into SiteModule (whose AssetRegistry serves the widget's files) and inject BotCheck in a page controller.
 */
@Module({
  controllers: [BotCheckController],
  providers: [BotCheck],
  exports: [BotCheck],
})
export class BotCheckModule {}
