import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { AdminOnly, CurrentActor } from '../common/auth/decorators.js';
import { ChainSettingsDto, ChainSettingsView, toChainSettingsView } from './dto/event-defaults.dto.js';
import { SettingsService } from './settings.service.js';

/** The chain's defaults for new events; a clinic's own are on the clinic (PATCH /admin/clinics/:slug). */
@ApiTags('settings')
@ApiBearerAuth()
@Controller('admin/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @AdminOnly()
  @Get()
  async get(): Promise<ChainSettingsView> {
    return toChainSettingsView(await this.settings.chain());
  }

  /** Replaces the chain's defaults; a field left out or null goes back to the built-in value. */
  @AdminOnly()
  @Put()
  async update(@Body() body: ChainSettingsDto, @CurrentActor() actor: Actor): Promise<ChainSettingsView> {
    return toChainSettingsView(await this.settings.updateChain(body, actor));
  }
}
