import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module.js';
import { BotCheckController } from './bot-check.controller.js';
import { BotCheck } from './bot-check.service.js';

/**
 * Bot protection for the public forms without third parties: a honeypot and a self-hosted ALTCHA proof of work.
 * Its widget's files are served through the AssetRegistry; pages inject BotCheck.
 */
@Module({
  imports: [AssetsModule],
  controllers: [BotCheckController],
  providers: [BotCheck],
  exports: [BotCheck],
})
export class BotCheckModule {}
