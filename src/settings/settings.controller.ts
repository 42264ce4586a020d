import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_ROUTE, ApiErrors, UNSAFE_QUERY, VALIDATION } from '../common/openapi/api-errors.js';
import type { Actor } from '../common/auth/actor.js';
import { AdminOnly, CurrentActor } from '../common/auth/decorators.js';
import { ChainSettingsDto, ChainSettingsView, toChainSettingsView } from './dto/event-defaults.dto.js';
import { SettingsService } from './settings.service.js';

/** The chain's defaults for new events; a clinic's own are on the clinic (PATCH /admin/clinics/:slug). */
@ApiTags('settings')
@ApiBearerAuth()
@ApiErrors(ADMIN_ROUTE)
@Controller('admin/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @AdminOnly()
  @ApiOperation({
    summary: "Read the chain's event defaults",
    description: 'What a new event gets for what it leaves out, unless its clinic has its own.',
  })
  @ApiOkResponse({ type: ChainSettingsView })
  @ApiErrors({ 400: UNSAFE_QUERY })
  @Get()
  async get(): Promise<ChainSettingsView> {
    return toChainSettingsView(await this.settings.chain());
  }

  /** Replaces the chain's defaults; a field left out or null goes back to the built-in value. */
  @AdminOnly()
  @ApiOperation({
    summary: "Replace the chain's event defaults",
    description:
      "Replaces the chain's defaults; a field left out or null goes back to the built-in value. Existing events keep theirs.",
  })
  @ApiOkResponse({ type: ChainSettingsView })
  @ApiErrors({ 400: VALIDATION })
  @Put()
  async update(@Body() body: ChainSettingsDto, @CurrentActor() actor: Actor): Promise<ChainSettingsView> {
    return toChainSettingsView(await this.settings.updateChain(body, actor));
  }
}
