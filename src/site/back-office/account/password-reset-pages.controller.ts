import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from '../../../common/http.js';
import { Public } from '../../../common/auth/decorators.js';
import { localeFromAcceptLanguage } from '../../view/request-locale.js';
import { CsrfGuard } from '../../security/csrf-tokens.js';
import { formText, validateForgotForm, validateNewPassword } from './account-forms.js';
import { AccountPageView } from './account-page-view.js';
import { PasswordResets } from './password-resets.service.js';

/**
 * "Forgot your password?" and the page its e-mailed link opens. Asking always ends on the same neutral
 * page, whether or not the address has an account; the link sets a new password once and signs the person
 * out everywhere, then they sign in with it.
 */
@ApiExcludeController()
@Public()
@Controller('staff')
export class PasswordResetPagesController {
  constructor(
    private readonly resets: PasswordResets,
    private readonly view: AccountPageView,
  ) {}

  @Get('forgot-password')
  forgot(@Req() request: Request, @Res() response: Response) {
    const sent = request.query.sent === '1';
    this.view.send(request, response, 'forgot', {
      titleKey: sent ? 'account.forgot.sentTitle' : 'account.forgot.title',
      sent,
      email: '',
    });
  }

  @Post('forgot-password')
  @UseGuards(CsrfGuard)
  async ask(@Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    const typed = formText(body, 'email');
    const { email, errors } = await validateForgotForm(typed);
    if (!email)
      return this.view.send(
        request,
        response,
        'forgot',
        { titleKey: 'account.forgot.title', sent: false, email: typed, errors },
        422,
      );
    await this.resets.request(email, localeFromAcceptLanguage(request.headers['accept-language']));
    this.view.redirect(response, '/staff/forgot-password?sent=1');
  }

  @Get('reset-password/:token')
  async show(@Param('token') token: string, @Req() request: Request, @Res() response: Response) {
    const account = await this.resets.inspect(token);
    if (!account) return this.invalid(request, response);
    this.view.send(request, response, 'set-password', {
      titleKey: 'account.reset.title',
      mode: 'reset',
      action: `/staff/reset-password/${token}`,
      account,
    });
  }

  @Post('reset-password/:token')
  @UseGuards(CsrfGuard)
  async reset(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const account = await this.resets.inspect(token);
    if (!account) return this.invalid(request, response);
    const { password, errors } = await validateNewPassword(formText(body, 'password'), formText(body, 'passwordAgain'));
    if (!password) {
      const model = {
        titleKey: 'account.reset.title',
        mode: 'reset',
        action: `/staff/reset-password/${token}`,
        account,
        errors,
      };
      return this.view.send(request, response, 'set-password', model, 422);
    }
    if (!(await this.resets.reset(token, password))) return this.invalid(request, response);
    this.view.redirect(response, '/staff/sign-in?passwordSet=1');
  }

  /** A used, expired or unknown link: say so, and offer a new one. 410 Gone: it did exist, or may have. */
  private invalid(request: Request, response: Response): void {
    this.view.send(request, response, 'link-invalid', { titleKey: 'account.reset.invalidTitle', mode: 'reset' }, 410);
  }
}
