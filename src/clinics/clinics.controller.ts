import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { AdminOnly, CurrentActor, Public } from '../common/auth/decorators.js';
import { clinicLevel, SettingsService } from '../settings/settings.service.js';
import { resolveEventDefaults } from '../settings/event-defaults.js';
import type { Clinic } from './clinic.entity.js';
import { ClinicsService } from './clinics.service.js';
import { ClinicResponse, CreateClinicDto, UpdateClinicDto } from './dto/clinic.dto.js';

@ApiTags('clinics')
@Controller()
export class ClinicsController {
  constructor(
    private readonly clinics: ClinicsService,
    private readonly settings: SettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** With the admin fields: embed snippet, archive time, the clinic's defaults and what its new events get. */
  private async adminViews(clinics: Clinic[]): Promise<ClinicResponse[]> {
    const chain = await this.settings.chain();
    return clinics.map((clinic) =>
      ClinicResponse.from(clinic, {
        withAdminFields: true,
        publicBaseUrl: this.config.publicBaseUrl,
        eventDefaults: resolveEventDefaults(clinicLevel(clinic), chain),
      }),
    );
  }

  private async adminView(clinic: Clinic): Promise<ClinicResponse> {
    return (await this.adminViews([clinic]))[0];
  }

  @Public()
  @Get('clinics')
  async listActive(): Promise<ClinicResponse[]> {
    return (await this.clinics.listActive()).map((clinic) => ClinicResponse.from(clinic));
  }

  @Public()
  @Get('clinics/:slug')
  async getActive(@Param('slug') slug: string): Promise<ClinicResponse> {
    return ClinicResponse.from(await this.clinics.getActiveBySlug(slug));
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Get('admin/clinics')
  async listAll(): Promise<ClinicResponse[]> {
    return this.adminViews(await this.clinics.listAll());
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Post('admin/clinics')
  async create(@Body() body: CreateClinicDto, @CurrentActor() actor: Actor): Promise<ClinicResponse> {
    return this.adminView(await this.clinics.create(body, actor));
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Patch('admin/clinics/:slug')
  async update(@Param('slug') slug: string, @Body() body: UpdateClinicDto, @CurrentActor() actor: Actor): Promise<ClinicResponse> {
    return this.adminView(await this.clinics.update(slug, body, actor));
  }

  /** Hides the clinic from the public; its data stays. */
  @ApiBearerAuth()
  @AdminOnly()
  @Post('admin/clinics/:slug/archive')
  @HttpCode(200)
  async archive(@Param('slug') slug: string, @CurrentActor() actor: Actor): Promise<ClinicResponse> {
    return this.adminView(await this.clinics.archive(slug, actor));
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Post('admin/clinics/:slug/restore')
  @HttpCode(200)
  async restore(@Param('slug') slug: string, @CurrentActor() actor: Actor): Promise<ClinicResponse> {
    return this.adminView(await this.clinics.restore(slug, actor));
  }
}
