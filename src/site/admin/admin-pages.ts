import { Injectable } from '@nestjs/common';
import type { Request, Response } from '../../common/http.js';
import type { Locale } from '../../i18n/locales.js';
import { translatorFor, type Translate } from '../../i18n/translator.js';
import type { SignedInRequest, SignedInStaff } from '../back-office/signed-in.js';
import { PRIVATE_PAGE } from '../view/page-headers.js';
import { PageRenderer } from '../view/page-renderer.js';
import { localeFromAcceptLanguage } from '../view/request-locale.js';

export type AdminRequest = Request & SignedInRequest;

/** The navigation keys of the office layout that admin pages light up. */
export type AdminNav = 'events' | 'series' | 'clinics' | 'staff' | 'settings';

/** What a page tells after a POST-redirect-GET (`?done=<key>`), each a sentence in `admin.notice.*`. */
export const NOTICES = [
  'created',
  'saved',
  'archived',
  'restored',
  'published',
  'rescheduled',
  'cancelled',
  'invited',
  'reinvited',
  'seriesCreated',
  'seriesUpdated',
  'seriesCancelled',
] as const;
export type Notice = (typeof NOTICES)[number];

/**
 * The frame of every admin page: the office layout, the reader's language (the browser's), private
 * headers (no-store, noindex), and the notice a redirect asked for. Pages work without JavaScript.
 */
@Injectable()
export class AdminPages {
  constructor(private readonly pages: PageRenderer) {}

  locale(request: Request): Locale {
    return localeFromAcceptLanguage(request.headers['accept-language']);
  }

  t(request: Request): Translate {
    return translatorFor(this.locale(request)).t;
  }

  signedIn(request: AdminRequest): SignedInStaff {
    if (!request.signedIn) throw new Error('An admin page ran without a signed-in person: is it marked @StaffPage()?');
    return request.signedIn;
  }

  send(
    request: AdminRequest,
    response: Response,
    template: string,
    model: { pageTitle: string; navCurrent: AdminNav } & Record<string, unknown>,
    status = 200,
  ): void {
    const done =
      typeof request.query.done === 'string' ? NOTICES.find((notice) => notice === request.query.done) : undefined;
    const locale = this.locale(request);
    const notice = done && translatorFor(locale).t(`admin.notice.${done}`);
    this.pages.send(
      response,
      `admin/${template}`,
      { notice, ...model, signedIn: this.signedIn(request) },
      { status, policy: PRIVATE_PAGE, locale },
    );
  }

  /** POST-redirect-GET (303), with a notice for the page it lands on. */
  redirect(response: Response, location: string, done?: Notice): void {
    const target = done ? `${location}${location.includes('?') ? '&' : '?'}done=${done}` : location;
    this.pages.redirect(response, target, PRIVATE_PAGE);
  }
}
