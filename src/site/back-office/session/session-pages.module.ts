import { Module } from '@nestjs/common';
import { AuthModule } from '../../../auth/auth.module.js';
import { AssetsModule } from '../../assets/assets.module.js';
import { CsrfGuard, CsrfTokens } from '../../security/csrf-tokens.js';
import { PageRenderer } from '../../view/page-renderer.js';
import { AccountPageController } from '../account/account-page.controller.js';
import { SignInController } from './sign-in.controller.js';
import { StaffSessionsModule } from './staff-sessions.module.js';

/** The back office's own account pages: sign-in, sign-out, "your account". */
@Module({
  imports: [AuthModule, StaffSessionsModule, AssetsModule],
  controllers: [SignInController, AccountPageController],
  providers: [PageRenderer, CsrfTokens, CsrfGuard],
})
export class SessionPagesModule {}
