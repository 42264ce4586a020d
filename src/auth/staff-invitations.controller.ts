import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { AdminOnly, CurrentActor } from '../common/auth/decorators.js';
import { toStaffUserView } from '../staff/dto/staff.dto.js';
import { ApiErrors, UNAUTHENTICATED, VALIDATION } from '../common/openapi/api-errors.js';
import { StaffInvitations } from '../site/back-office/account/staff-invitations.service.js';
import { InviteStaffDto, StaffInvitationView } from './dto/invite-staff.dto.js';

@ApiTags('staff accounts')
@ApiBearerAuth()
@Controller('admin/staff/invitations')
export class StaffInvitationsController {
  constructor(private readonly invitations: StaffInvitations) {}

  @AdminOnly()
  @Post()
  @ApiOperation({
    summary: 'Invite a staff member by e-mail',
    description:
      'Creates the account without a password and e-mails the person a single-use link (valid 7 days) to set one. ' +
      'Until then the account cannot sign in. Sent through the outbox with the change.',
  })
  @ApiCreatedResponse({ type: StaffInvitationView })
  @ApiConflictResponse({ description: 'STAFF_EMAIL_TAKEN: an account with this e-mail exists' })
  @ApiForbiddenResponse({ description: 'ADMIN_ONLY' })
  @ApiErrors({ 400: VALIDATION, 401: UNAUTHENTICATED })
  async invite(@Body() body: InviteStaffDto, @CurrentActor() actor: Actor): Promise<StaffInvitationView> {
    const { user, expiresAt } = await this.invitations.invite(actor, { ...body, clinicIds: body.clinicIds ?? [] });
    return { ...toStaffUserView(user), invitationPending: true, invitationExpiresAt: expiresAt.toISOString() };
  }
}
