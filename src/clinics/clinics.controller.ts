import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_ROUTE, ApiErrors, UNSAFE_QUERY, VALIDATION } from '../common/openapi/api-errors.js';
import type { Actor } from '../common/auth/actor.js';
import { AdminOnly, CurrentActor, Public } from '../common/auth/decorators.js';
import { clinicLevel, SettingsService } from '../settings/settings.service.js';
import { resolveEventDefaults } from '../settings/event-defaults.js';
import type { Clinic } from './clinic.entity.js';
import { ClinicsService } from './clinics.service.js';
import { ClinicView, toClinicView, CreateClinicDto, UpdateClinicDto } from './dto/clinic.dto.js';

@ApiTags('clinics')
@Controller()
export class ClinicsController {
  constructor(
    private readonly clinics: ClinicsService,
    private readonly settings: SettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** With the admin fields: embed snippet, archive time, the clinic's defaults and what its new events get. */
  private async adminViews(clinics: Clinic[]): Promise<ClinicView[]> {
    const chain = await this.settings.chain();
    return clinics.map((clinic) =>
      toClinicView(clinic, {
        withAdminFields: true,
        publicBaseUrl: this.config.publicBaseUrl,
        eventDefaults: resolveEventDefaults(clinicLevel(clinic), chain),
      }),
    );
  }

  private async adminView(clinic: Clinic): Promise<ClinicView> {
    return (await this.adminViews([clinic]))[0];
  }

  @Public()
  @ApiOperation({
    summary: 'List the clinics',
    description: 'Every clinic that is not archived, with its address, time zone and contact details (public).',
  })
  @ApiOkResponse({ type: [ClinicView] })
  @ApiErrors({ 400: UNSAFE_QUERY })
  @Get('clinics')
  async listActive(): Promise<ClinicView[]> {
    return (await this.clinics.listActive()).map((clinic) => toClinicView(clinic));
  }

  @Public()
  @ApiOperation({ summary: 'Read a clinic', description: 'A clinic that is not archived, by its slug (public).' })
  @ApiOkResponse({ type: ClinicView })
  @ApiErrors({ 404: 'NOT_FOUND: no such clinic, or it is archived' })
  @Get('clinics/:slug')
  async getActive(@Param('slug') slug: string): Promise<ClinicView> {
    return toClinicView(await this.clinics.getActiveBySlug(slug));
  }

  @ApiBearerAuth()
  @AdminOnly()
  @ApiOperation({
    summary: 'List every clinic (admin)',
    description:
      "Archived ones too, with the admin fields: embed snippet and origins, archive time, the clinic's own event defaults and what its new events get.",
  })
  @ApiOkResponse({ type: [ClinicView] })
  @ApiErrors(ADMIN_ROUTE)
  @Get('admin/clinics')
  async listAll(): Promise<ClinicView[]> {
    return this.adminViews(await this.clinics.listAll());
  }

  @ApiBearerAuth()
  @AdminOnly()
  @ApiOperation({
    summary: 'Create a clinic',
    description:
      "The slug is unique (lower-case letters, digits, dashes) and names the clinic's pages; the time zone is an IANA zone; the address is required.",
  })
  @ApiCreatedResponse({ type: ClinicView })
  @ApiErrors({ ...ADMIN_ROUTE, 400: VALIDATION, 409: 'CLINIC_SLUG_TAKEN: another clinic has this slug' })
  @Post('admin/clinics')
  async create(@Body() body: CreateClinicDto, @CurrentActor() actor: Actor): Promise<ClinicView> {
    return this.adminView(await this.clinics.create(body, actor));
  }

  @ApiBearerAuth()
  @AdminOnly()
  @ApiOperation({
    summary: 'Change a clinic',
    description:
      "A field left out is kept; `null` clears only `address.line2`, `address.region` and the clinic's own event defaults " +
      "(which then follow the chain's). A given address replaces the whole address.",
  })
  @ApiOkResponse({ type: ClinicView })
  @ApiErrors({
    ...ADMIN_ROUTE,
    400: VALIDATION,
    404: 'NOT_FOUND: no such clinic',
    409: 'CLINIC_SLUG_TAKEN: another clinic has the new slug',
  })
  @Patch('admin/clinics/:slug')
  async update(
    @Param('slug') slug: string,
    @Body() body: UpdateClinicDto,
    @CurrentActor() actor: Actor,
  ): Promise<ClinicView> {
    return this.adminView(await this.clinics.update(slug, body, actor));
  }

  /** Hides the clinic from the public; its data stays. */
  @ApiBearerAuth()
  @AdminOnly()
  @ApiOperation({ summary: 'Archive a clinic', description: 'Hides the clinic from the public; its data stays.' })
  @ApiOkResponse({ type: ClinicView })
  @ApiErrors({ ...ADMIN_ROUTE, 404: 'NOT_FOUND: no such clinic' })
  @Post('admin/clinics/:slug/archive')
  @HttpCode(200)
  async archive(@Param('slug') slug: string, @CurrentActor() actor: Actor): Promise<ClinicView> {
    return this.adminView(await this.clinics.archive(slug, actor));
  }

  @ApiBearerAuth()
  @AdminOnly()
  @ApiOperation({ summary: 'Restore an archived clinic', description: 'Shows an archived clinic to the public again.' })
  @ApiOkResponse({ type: ClinicView })
  @ApiErrors({ ...ADMIN_ROUTE, 404: 'NOT_FOUND: no such clinic' })
  @Post('admin/clinics/:slug/restore')
  @HttpCode(200)
  async restore(@Param('slug') slug: string, @CurrentActor() actor: Actor): Promise<ClinicView> {
    return this.adminView(await this.clinics.restore(slug, actor));
  }
}
