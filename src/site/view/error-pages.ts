import { Injectable } from '@nestjs/common';
import { pathOf, type Request, type Response } from '../../common/http.js';
import type { ErrorResponse } from '../../common/errors/error-response.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { errorsEn } from '../../i18n/catalogs/errors.en.js';
import type { SignedInRequest } from '../back-office/signed-in.js';
import { PRIVATE_PAGE, PUBLIC_PAGE } from './page-headers.js';
import { PageRenderer } from './page-renderer.js';
import { localeFromAcceptLanguage } from './request-locale.js';

const TITLED_STATUSES = new Set([403, 404, 409, 429, 500, 503]);
const NON_PAGE_PREFIXES = /^\/(api|docs|health|assets)(\/|$)/i;
const BACK_OFFICE_PREFIXES = /^\/(staff|admin)(\/|$)/i;
/** Codes with a back-office sentence of their own (`office.errors.code.*`); others fall back to `errors.code.*`. */
const OFFICE_CODES = new Set(['NOT_FOUND', 'FORBIDDEN', 'CLINIC_ACCESS_DENIED', 'ADMIN_ONLY']);

/** A request a person's browser made for a page (not the API, the docs, health or an asset). */
export function isPageRequest(request: Request): boolean {
  return !NON_PAGE_PREFIXES.test(pathOf(request));
}

/** A page of the back office (staff and admin pages, sign-in included): its errors use the office frame. */
export function isBackOfficePage(request: Request): boolean {
  return BACK_OFFICE_PREFIXES.test(pathOf(request));
}

/**
 * The error a page request gets: a page in the reader's language saying what happened and what to do,
 * with the clinics' phone numbers, never JSON. The HTTP status stays the API's.
 */
@Injectable()
export class ErrorPages {
  constructor(
    private readonly pages: PageRenderer,
    private readonly clinics: ClinicsService,
  ) {}

  async send(request: Request, response: Response, error: ErrorResponse): Promise<void> {
    if (isBackOfficePage(request)) return this.sendOffice(request, response, error);
    const locale = localeFromAcceptLanguage(request.headers['accept-language']);
    const code =
      error.code in errorsEn.code
        ? error.code
        : error.statusCode >= 500
          ? 'INTERNAL_ERROR'
          : error.statusCode === 404
            ? 'NOT_FOUND'
            : 'VALIDATION_FAILED';
    const clinics = error.statusCode === 404 ? await this.clinics.listActive().catch(() => []) : [];
    const titleKey = TITLED_STATUSES.has(error.statusCode)
      ? `site.error.title_${error.statusCode}`
      : 'site.error.titleOther';
    this.pages.send(
      response,
      'error',
      { code, titleKey, clinics },
      { status: error.statusCode, policy: PUBLIC_PAGE, locale },
    );
  }

  /**
   * The same error in the office frame: private headers (no-store, noindex), the navigation when someone is
   * signed in, the office's words for the codes staff meet (a page of another clinic, a link to something gone).
   */
  private sendOffice(request: Request, response: Response, error: ErrorResponse): void {
    const locale = localeFromAcceptLanguage(request.headers['accept-language']);
    const signedIn = (request as Request & SignedInRequest).signedIn;
    const messageKey = OFFICE_CODES.has(error.code)
      ? `office.errors.code.${error.code}`
      : error.code in errorsEn.code
        ? `errors.code.${error.code}`
        : error.statusCode >= 500
          ? 'errors.code.INTERNAL_ERROR'
          : 'office.errors.code.OTHER';
    const titleKey =
      error.code === 'CSRF_FAILED'
        ? 'office.errors.titleForm'
        : TITLED_STATUSES.has(error.statusCode)
          ? `office.errors.title_${error.statusCode}`
          : 'office.errors.titleOther';
    this.pages.send(
      response,
      'office/error',
      { signedIn, titleKey, messageKey },
      { status: error.statusCode, policy: PRIVATE_PAGE, locale },
    );
  }
}
