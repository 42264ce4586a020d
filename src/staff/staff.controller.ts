import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { UuidParam } from '../common/validation/uuid-param.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { AdminOnly, CurrentActor, StaffOfClinic } from '../common/auth/decorators.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { CreateStaffUserDto, StaffUserResponse, UpdateStaffUserDto } from './dto/staff.dto.js';
import { StaffService } from './staff.service.js';

@ApiTags('staff accounts')
@ApiBearerAuth()
@Controller()
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly clinics: ClinicsService,
  ) {}

  @AdminOnly()
  @Get('admin/staff')
  async list(): Promise<StaffUserResponse[]> {
    return (await this.staff.list()).map(StaffUserResponse.from);
  }

  @AdminOnly()
  @Post('admin/staff')
  async create(@Body() body: CreateStaffUserDto, @CurrentActor() actor: Actor): Promise<StaffUserResponse> {
    return StaffUserResponse.from(await this.staff.create(body, actor));
  }

  @AdminOnly()
  @Get('admin/staff/:id')
  async get(@Param('id', UuidParam('Staff user')) id: string): Promise<StaffUserResponse> {
    return StaffUserResponse.from(await this.staff.get(id));
  }

  @AdminOnly()
  @Patch('admin/staff/:id')
  @HttpCode(200)
  async update(
    @Param('id', UuidParam('Staff user')) id: string,
    @Body() body: UpdateStaffUserDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffUserResponse> {
    return StaffUserResponse.from(await this.staff.update(id, body, actor));
  }

  /** Who works at this clinic: visible to that clinic's staff and to admins. */
  @StaffOfClinic({ slugParam: 'slug' })
  @Get('clinics/:slug/staff')
  async listForClinic(@Param('slug') slug: string): Promise<StaffUserResponse[]> {
    const clinic = await this.clinics.getBySlug(slug);
    return (await this.staff.listForClinic(clinic.id)).map(StaffUserResponse.from);
  }
}
