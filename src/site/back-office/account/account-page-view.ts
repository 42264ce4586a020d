import { Injectable } from '@nestjs/common';
import type { Request, Response } from '../../../common/http.js';
import { translatorFor } from '../../../i18n/translator.js';
import { CsrfTokens } from '../../security/csrf-tokens.js';
import { PRIVATE_PAGE } from '../../view/page-headers.js';
import { PageRenderer } from '../../view/page-renderer.js';
import { localeFromAcceptLanguage } from '../../view/request-locale.js';
import type { FormErrors } from './account-forms.js';

export interface AccountPageModel {
  /** Catalog key of the page's title (and h1). */
  titleKey: string;
  titleValues?: Record<string, string>;
  /** Field → catalog key; translated here. */
  errors?: FormErrors;
  [more: string]: unknown;
}

/**
 * Renders the pages reached without a session (forgot, reset, invitation) in the office frame: private
 * (no-store, noindex, no referrer, so a link's token never leaks onward), in the browser's language, each
 * form with the site's double-submit CSRF token (there is no session to bind one to yet).
 */
@Injectable()
export class AccountPageView {
  constructor(
    private readonly pages: PageRenderer,
    private readonly csrf: CsrfTokens,
  ) {}

  send(request: Request, response: Response, template: string, model: AccountPageModel, status = 200): void {
    const locale = localeFromAcceptLanguage(request.headers['accept-language']);
    const { t } = translatorFor(locale);
    const errors = Object.fromEntries(Object.entries(model.errors ?? {}).map(([field, key]) => [field, t(key)]));
    const pageTitle = t(model.titleKey, { brand: t('office.brand'), ...model.titleValues });
    const full = { ...model, pageTitle, errors, csrfToken: this.csrf.tokenFor(request, response) };
    this.pages.send(response, `account/${template}`, full, { status, policy: PRIVATE_PAGE, locale });
  }

  redirect(response: Response, location: string): void {
    this.pages.redirect(response, location, PRIVATE_PAGE);
  }
}
