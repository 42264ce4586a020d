import { Module } from '@nestjs/common';
import { AuthModule } from '../../../auth/auth.module.js';
import { AssetsModule } from '../../assets/assets.module.js';
import { CsrfGuard, CsrfTokens } from '../../security/csrf-tokens.js';
import { PageRenderer } from '../../view/page-renderer.js';
import { AccountPageController } from '../account/account-page.controller.js';
import { AccountPageView } from '../account/account-page-view.js';
import { AccountModule } from '../account/account.module.js';
import { InvitationPageController } from '../account/invitation-page.controller.js';
import { PasswordResetPagesController } from '../account/password-reset-pages.controller.js';
import { SignInController } from './sign-in.controller.js';
import { StaffSessionsModule } from './staff-sessions.module.js';

/** The back office's own account pages: sign-in, sign-out, "your account", password reset, accepting an invitation. */
@Module({
  imports: [AuthModule, StaffSessionsModule, AccountModule, AssetsModule],
  controllers: [SignInController, AccountPageController, PasswordResetPagesController, InvitationPageController],
  providers: [PageRenderer, CsrfTokens, CsrfGuard, AccountPageView],
})
export class SessionPagesModule {}
