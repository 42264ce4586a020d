import { Injectable } from '@nestjs/common';
import type { Request, Response } from '../../common/http.js';
import type { Locale } from '../../i18n/locales.js';
import { translatorFor, type Translate } from '../../i18n/translator.js';
import type { SignedInRequest, SignedInStaff } from '../back-office/signed-in.js';
import { PRIVATE_PAGE } from '../view/page-headers.js';
import { PageRenderer } from '../view/page-renderer.js';
import { localeFromAcceptLanguage } from '../view/request-locale.js';

export type ReportsRequest = Request & SignedInRequest;

/** The frame of the records pages (dashboard, audit log): office layout, the browser's language, private headers. */
@Injectable()
export class ReportsPages {
  constructor(private readonly pages: PageRenderer) {}

  locale(request: Request): Locale {
    return localeFromAcceptLanguage(request.headers['accept-language']);
  }

  t(request: Request): Translate {
    return translatorFor(this.locale(request)).t;
  }

  send(
    request: ReportsRequest,
    response: Response,
    template: 'audit' | 'dashboard',
    model: { pageTitle: string; navCurrent: 'audit' | 'dashboard' } & Record<string, unknown>,
    status = 200,
  ): void {
    this.pages.send(
      response,
      `reports/${template}`,
      { ...model, signedIn: this.signedIn(request) },
      { status, policy: PRIVATE_PAGE, locale: this.locale(request) },
    );
  }

  private signedIn(request: ReportsRequest): SignedInStaff {
    if (!request.signedIn) throw new Error('A records page ran without a signed-in person: is it marked @StaffPage()?');
    return request.signedIn;
  }
}

/** A page's query string with some values replaced (empty ones dropped), for filter and pager links. */
export function hrefWith(
  path: string,
  current: Record<string, string | undefined>,
  changes: Record<string, string | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, ...changes })) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
