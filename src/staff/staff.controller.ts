import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { UuidParam } from '../common/validation/uuid-param.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_ROUTE, ApiErrors, STAFF_ROUTE, VALIDATION } from '../common/openapi/api-errors.js';
import type { Actor } from '../common/auth/actor.js';
import { AdminOnly, CurrentActor, RouteClinic, StaffOfClinic } from '../common/auth/decorators.js';
import type { Clinic } from '../clinics/clinic.entity.js';
import { CreateStaffUserDto, StaffUserView, toStaffUserView, UpdateStaffUserDto } from './dto/staff.dto.js';
import { StaffService } from './staff.service.js';

@ApiTags('staff accounts')
@ApiBearerAuth()
@Controller()
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @AdminOnly()
  @ApiOperation({ summary: 'List staff accounts', description: 'Every account, admins and staff, disabled ones too.' })
  @ApiOkResponse({ type: [StaffUserView] })
  @ApiErrors(ADMIN_ROUTE)
  @Get('admin/staff')
  async list(): Promise<StaffUserView[]> {
    return (await this.staff.list()).map(toStaffUserView);
  }

  @AdminOnly()
  @ApiOperation({
    summary: 'Create a staff account with a password',
    description:
      'A staff member works for the clinics in `clinicIds`; an admin acts for every clinic. The password has at least 12 characters. (To let the person choose a password, invite them instead.)',
  })
  @ApiCreatedResponse({ type: StaffUserView })
  @ApiErrors({ ...ADMIN_ROUTE, 400: VALIDATION, 409: 'STAFF_EMAIL_TAKEN: an account with this e-mail exists' })
  @Post('admin/staff')
  async create(@Body() body: CreateStaffUserDto, @CurrentActor() actor: Actor): Promise<StaffUserView> {
    return toStaffUserView(await this.staff.create(body, actor));
  }

  @AdminOnly()
  @ApiOperation({ summary: 'Read a staff account', description: 'One account by id.' })
  @ApiOkResponse({ type: StaffUserView })
  @ApiErrors({ ...ADMIN_ROUTE, 404: 'NOT_FOUND: no such account' })
  @Get('admin/staff/:id')
  async get(@Param('id', UuidParam('Staff user')) id: string): Promise<StaffUserView> {
    return toStaffUserView(await this.staff.get(id));
  }

  @AdminOnly()
  @ApiOperation({
    summary: 'Change a staff account',
    description:
      'A field left out is kept. `clinicIds` replaces the clinics ([] for none); `disabled: true` disables the account at once, ' +
      '`false` enables it again. Admins cannot disable or demote their own account.',
  })
  @ApiOkResponse({ type: StaffUserView })
  @ApiErrors({
    ...ADMIN_ROUTE,
    400: VALIDATION,
    404: 'NOT_FOUND: no such account',
    409: 'CANNOT_DEMOTE_SELF: an admin disabling or demoting their own account',
  })
  @Patch('admin/staff/:id')
  @HttpCode(200)
  async update(
    @Param('id', UuidParam('Staff user')) id: string,
    @Body() body: UpdateStaffUserDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffUserView> {
    return toStaffUserView(await this.staff.update(id, body, actor));
  }

  /** Who works at this clinic: visible to that clinic's staff and to admins. */
  @StaffOfClinic({ slugParam: 'slug' })
  @ApiOperation({
    summary: "List a clinic's staff",
    description: "Who works at this clinic: visible to that clinic's staff and to admins.",
  })
  @ApiOkResponse({ type: [StaffUserView] })
  @ApiErrors({ ...STAFF_ROUTE, 404: 'NOT_FOUND: no such clinic' })
  @ApiParam({ name: 'slug', description: "the clinic's slug" })
  @Get('clinics/:slug/staff')
  async listForClinic(@RouteClinic() clinic: Clinic): Promise<StaffUserView[]> {
    return (await this.staff.listForClinic(clinic.id)).map(toStaffUserView);
  }
}
