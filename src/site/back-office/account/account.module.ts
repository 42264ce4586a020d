import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../../notifications/notifications.module.js';
import { StaffModule } from '../../../staff/staff.module.js';
import { AccountTokensStore } from './account-tokens.store.js';
import { PasswordResets } from './password-resets.service.js';
import { StaffInvitations } from './staff-invitations.service.js';

/**
 * Getting into an account without a password: invitations and password resets by e-mail link. The API
 * (AuthModule) and the pages (SessionPagesModule, the admin pages) use StaffInvitations and PasswordResets.
 */
@Module({
  imports: [StaffModule, NotificationsModule],
  providers: [AccountTokensStore, PasswordResets, StaffInvitations],
  exports: [PasswordResets, StaffInvitations],
})
export class AccountModule {}
