import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from '../../../common/http.js';
import { Public } from '../../../common/auth/decorators.js';
import { CsrfGuard } from '../../security/csrf-tokens.js';
import { HOME_PATH } from '../session/next-path.js';
import { StaffSessions } from '../session/staff-sessions.service.js';
import { formText, validateNewPassword } from './account-forms.js';
import { AccountPageView } from './account-page-view.js';
import { StaffInvitations } from './staff-invitations.service.js';

/** The page an invitation e-mail opens: the invitee chooses a password and is signed in. */
@ApiExcludeController()
@Public()
@Controller('staff/invitation')
export class InvitationPageController {
  constructor(
    private readonly invitations: StaffInvitations,
    private readonly sessions: StaffSessions,
    private readonly view: AccountPageView,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Req() request: Request, @Res() response: Response) {
    const account = await this.invitations.inspect(token);
    if (!account) return this.invalid(request, response);
    this.view.send(request, response, 'set-password', {
      titleKey: 'account.invitation.title',
      mode: 'invitation',
      action: `/staff/invitation/${token}`,
      account,
    });
  }

  @Post(':token')
  @UseGuards(CsrfGuard)
  async accept(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const account = await this.invitations.inspect(token);
    if (!account) return this.invalid(request, response);
    const { password, errors } = await validateNewPassword(formText(body, 'password'), formText(body, 'passwordAgain'));
    if (!password) {
      const model = {
        titleKey: 'account.invitation.title',
        mode: 'invitation',
        action: `/staff/invitation/${token}`,
        account,
        errors,
      };
      return this.view.send(request, response, 'set-password', model, 422);
    }
    const staffUserId = await this.invitations.accept(token, password);
    if (!staffUserId) return this.invalid(request, response);
    // The password was just set by this very person: signed in at once (a new session, as at sign-in).
    await this.sessions.start(request, response, staffUserId);
    this.view.redirect(response, HOME_PATH);
  }

  private invalid(request: Request, response: Response): void {
    this.view.send(
      request,
      response,
      'link-invalid',
      { titleKey: 'account.invitation.invalidTitle', mode: 'invitation' },
      410,
    );
  }
}
