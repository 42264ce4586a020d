import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminOnly, Public } from '../common/auth/decorators.js';
import { ClinicsService } from './clinics.service.js';
import { ClinicResponse, CreateClinicDto, UpdateClinicDto } from './dto/clinic.dto.js';

@ApiTags('clinics')
@Controller()
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

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
    return (await this.clinics.listAll()).map((clinic) => ClinicResponse.from(clinic, { withAdminFields: true }));
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Post('admin/clinics')
  async create(@Body() body: CreateClinicDto): Promise<ClinicResponse> {
    return ClinicResponse.from(await this.clinics.create(body), { withAdminFields: true });
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Patch('admin/clinics/:slug')
  async update(@Param('slug') slug: string, @Body() body: UpdateClinicDto): Promise<ClinicResponse> {
    return ClinicResponse.from(await this.clinics.update(slug, body), { withAdminFields: true });
  }

  /** Hides the clinic from the public; its data stays. */
  @ApiBearerAuth()
  @AdminOnly()
  @Post('admin/clinics/:slug/archive')
  @HttpCode(200)
  async archive(@Param('slug') slug: string): Promise<ClinicResponse> {
    return ClinicResponse.from(await this.clinics.archive(slug), { withAdminFields: true });
  }

  @ApiBearerAuth()
  @AdminOnly()
  @Post('admin/clinics/:slug/restore')
  @HttpCode(200)
  async restore(@Param('slug') slug: string): Promise<ClinicResponse> {
    return ClinicResponse.from(await this.clinics.restore(slug), { withAdminFields: true });
  }
}
