import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from '../../../common/http.js';
import { StaffPage } from '../../../common/auth/decorators.js';
import { translatorFor } from '../../../i18n/translator.js';
import { PRIVATE_PAGE } from '../../view/page-headers.js';
import { PageRenderer } from '../../view/page-renderer.js';
import { localeFromAcceptLanguage } from '../../view/request-locale.js';
import type { SignedInRequest } from '../signed-in.js';
import { MyClinics } from '../../../auth/my-clinics.js';

/** "Your account": who is signed in, with which role and clinics; the way to sign out everywhere else. */
@ApiExcludeController()
@StaffPage()
@Controller('staff/account')
export class AccountPageController {
  constructor(
    private readonly myClinics: MyClinics,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(@Req() request: Request & SignedInRequest, @Res() response: Response) {
    const signedIn = request.signedIn!;
    const locale = localeFromAcceptLanguage(request.headers['accept-language']);
    const clinics = await this.myClinics.of(signedIn.actor);
    const model = { pageTitle: translatorFor(locale).t('account.mine.title'), signedIn, clinics };
    this.pages.send(response, 'account/mine', model, { policy: PRIVATE_PAGE, locale });
  }
}
