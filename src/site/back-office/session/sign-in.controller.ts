import { Body, Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from '../../../common/http.js';
import { AuthService } from '../../../auth/auth.service.js';
import { Public, StaffPage } from '../../../common/auth/decorators.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import { translatorFor } from '../../../i18n/translator.js';
import { CsrfGuard, CsrfTokens } from '../../security/csrf-tokens.js';
import { PRIVATE_PAGE } from '../../view/page-headers.js';
import { PageRenderer } from '../../view/page-renderer.js';
import { localeFromAcceptLanguage } from '../../view/request-locale.js';
import type { SignedInRequest } from '../signed-in.js';
import { safeNextPath } from './next-path.js';
import { readSignInForm, type SignInErrors, type SignInValues, validateSignInForm } from './sign-in-form.js';
import { StaffSessions } from './staff-sessions.service.js';

/** Notices the sign-in page shows above its form, by query parameter. */
const NOTICES = {
  signedOut: 'account.signIn.signedOut',
  expired: 'account.signIn.expired',
  passwordSet: 'account.signIn.passwordSet',
} as const;

interface FormState {
  values: Pick<SignInValues, 'email' | 'next'>;
  errors: SignInErrors;
  formError?: string;
}

/**
 * Signing in to and out of the back office. Sign-in is a public page whose form carries the site's
 * double-submit CSRF token (no session yet to bind one to); sign-out is a @StaffPage() form post, so the
 * guard checks the session's own token. The API login's rate limit covers the sign-in post too.
 */
@ApiExcludeController()
@Controller('staff')
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: StaffSessions,
    private readonly csrf: CsrfTokens,
    private readonly pages: PageRenderer,
  ) {}

  @Public()
  @Get('sign-in')
  async show(@Req() request: Request, @Res() response: Response) {
    const next = typeof request.query.next === 'string' ? request.query.next : '';
    // Already signed in: straight on to where the person was going.
    if (await this.sessions.resolve(request)) return this.pages.redirect(response, safeNextPath(next), PRIVATE_PAGE);
    const notice = Object.entries(NOTICES).find(([param]) => request.query[param] === '1')?.[1];
    this.render(request, response, { values: { email: '', next }, errors: {} }, 200, notice);
  }

  @Public()
  @Post('sign-in')
  @UseGuards(CsrfGuard)
  async signIn(@Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    const values = readSignInForm(body);
    const state: FormState = { values: { email: values.email, next: values.next }, errors: {} };
    const { input, errors } = await validateSignInForm(values);
    if (!input) return this.render(request, response, { ...state, errors }, 422);
    try {
      const user = await this.auth.verifyCredentials(input.email, input.password);
      await this.sessions.start(request, response, user.id);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'INVALID_CREDENTIALS') throw error;
      // One sentence whatever was wrong (unknown address, wrong password, disabled): no account enumeration.
      return this.render(request, response, { ...state, formError: 'account.signIn.failed' }, 401);
    }
    this.pages.redirect(response, safeNextPath(values.next), PRIVATE_PAGE);
  }

  @StaffPage()
  @Post('sign-out')
  async signOut(@Req() request: Request & SignedInRequest, @Res() response: Response) {
    await this.sessions.end(response, request.signedIn!.sessionId);
    this.pages.redirect(response, '/staff/sign-in?signedOut=1', PRIVATE_PAGE);
  }

  private render(request: Request, response: Response, form: FormState, status: number, notice?: string): void {
    const locale = localeFromAcceptLanguage(request.headers['accept-language']);
    const { t } = translatorFor(locale);
    const errors = Object.fromEntries(Object.entries(form.errors).map(([field, key]) => [field, t(key)]));
    const model = {
      pageTitle: t('account.signIn.title'),
      notice: notice && t(notice),
      form: {
        ...form,
        errors,
        formError: form.formError && t(form.formError),
        csrfToken: this.csrf.tokenFor(request, response),
      },
    };
    this.pages.send(response, 'account/sign-in', model, { status, policy: PRIVATE_PAGE, locale });
  }
}
