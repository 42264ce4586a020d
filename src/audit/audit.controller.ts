import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth/decorators.js';
import { ADMIN_ROUTE, ApiErrors, BAD_QUERY } from '../common/openapi/api-errors.js';
import { AuditQueries } from './audit-queries.js';
import { AuditPageView, AuditQueryDto, toAuditEntryView } from './dto/audit.dto.js';

/** The audit log for admins: who changed what and when, with the fields before and after. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiErrors(ADMIN_ROUTE)
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditQueries) {}

  @AdminOnly()
  @Get()
  @ApiOperation({
    summary: 'Staff and admin changes, newest first, 50 a page; filter by clinic slug, event id and actor id',
    description:
      'Each entry names the actor, the action, the clinic and event it touched, and the fields before and after. Filters combine; a page past the end is empty.',
  })
  @ApiErrors({ 400: BAD_QUERY })
  @ApiOkResponse({ type: AuditPageView })
  async list(@Query() query: AuditQueryDto): Promise<AuditPageView> {
    const result = await this.audit.list({
      clinic: query.clinic,
      eventId: query.event,
      actorId: query.actor,
      page: query.page,
    });
    return { ...result, items: result.items.map(toAuditEntryView) };
  }
}
