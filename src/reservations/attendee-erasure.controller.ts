import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { AdminOnly, CurrentActor } from '../common/auth/decorators.js';
import { AttendeeErasureService } from './attendee-erasure.service.js';
import { EraseAttendeeDto, ErasureReportView } from './dto/erasure.dto.js';

/** Right to erasure: admins act on an attendee's request. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('admin/attendees')
export class AttendeeErasureController {
  constructor(private readonly erasure: AttendeeErasureService) {}

  @AdminOnly()
  @Post('erase')
  @HttpCode(200)
  erase(@Body() body: EraseAttendeeDto, @CurrentActor() actor: Actor): Promise<ErasureReportView> {
    return this.erasure.erase(body.email, actor);
  }
}
