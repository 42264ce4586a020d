import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminOnly, Public } from '../common/auth/decorators.js';
import { ClinicsService } from './clinics.service.js';
import { ClinicResponse, CreateClinicDto, UpdateClinicDto } from './dto/clinic.dto.js';

@ApiTags('clinics')
@Controller()
export class ClinicsController {
  constructor(
    private readonly clinics: ClinicsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private adminView(clinic: Parameters<typeof ClinicResponse.from>[0]): ClinicResponse {
    return ClinicResponse.from(clinic, { withAdminFields: true, publicBaseUrl: this.config.publicBaseUrl });
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
    return (await this.clinics.listAll()).map((clinic) => this.adminView(clinic));
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Post('admin/clinics')
  async create(@Body() body: CreateClinicDto): Promise<ClinicResponse> {
    return this.adminView(await this.clinics.create(body));
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Patch('admin/clinics/:slug')
  async update(@Param('slug') slug: string, @Body() body: UpdateClinicDto): Promise<ClinicResponse> {
    return this.adminView(await this.clinics.update(slug, body));
  }

  /** Hides the clinic from the public; its data stays. */
  @ApiBearerAuth()
  @AdminOnly()
  @Post('admin/clinics/:slug/archive')
  @HttpCode(200)
  async archive(@Param('slug') slug: string): Promise<ClinicResponse> {
    return this.adminView(await this.clinics.archive(slug));
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Post('admin/clinics/:slug/restore')
  @HttpCode(200)
  async restore(@Param('slug') slug: string): Promise<ClinicResponse> {
    return this.adminView(await this.clinics.restore(slug));
  }
}
