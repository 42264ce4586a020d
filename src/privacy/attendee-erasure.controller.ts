import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { AdminOnly, CurrentActor } from '../common/auth/decorators.js';
import { ApiErrors, ADMIN_ROUTE, VALIDATION } from '../common/openapi/api-errors.js';
import { AttendeeErasureService } from './attendee-erasure.service.js';
import { EraseAttendeeDto, ErasureReportView } from '../reservations/dto/erasure.dto.js';

/** Right to erasure: admins act on an attendee's request. */
@ApiTags('privacy')
@ApiBearerAuth()
@ApiErrors(ADMIN_ROUTE)
@Controller('admin/attendees')
export class AttendeeErasureController {
  constructor(private readonly erasure: AttendeeErasureService) {}

  @AdminOnly()
  @ApiOperation({
    summary: 'Erase an attendee (right to erasure)',
    description:
      'Anonymises every reservation of the e-mail address (seat counts stay as they were) and drops or scrubs its messages; ' +
      'the answer counts what was changed.',
  })
  @ApiOkResponse({ type: ErasureReportView })
  @ApiErrors({ 400: VALIDATION })
  @Post('erase')
  @HttpCode(200)
  erase(@Body() body: EraseAttendeeDto, @CurrentActor() actor: Actor): Promise<ErasureReportView> {
    return this.erasure.erase(body.email, actor);
  }
}
