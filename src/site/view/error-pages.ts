import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorResponse } from '../../common/errors/error-response.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { errorsEn } from '../../i18n/catalogs/errors.en.js';
import { PUBLIC_PAGE } from './page-headers.js';
import { PageRenderer } from './page-renderer.js';
import { localeFromAcceptLanguage } from './request-locale.js';

const TITLED_STATUSES = new Set([403, 404, 409, 429, 500, 503]);
const NON_PAGE_PREFIXES = /^\/(api|docs|health|assets)(\/|$)/i;

/** A request a person's browser made for a page (not the API, the docs, health or an asset). */
export function isPageRequest(request: Request): boolean {
  return !NON_PAGE_PREFIXES.test(request.path);
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
    const locale = localeFromAcceptLanguage(request.headers['accept-language']);
    const code = error.code in errorsEn.code ? error.code : error.statusCode >= 500 ? 'INTERNAL_ERROR' : error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
    const clinics = error.statusCode === 404 ? await this.clinics.listActive().catch(() => []) : [];
    const titleKey = TITLED_STATUSES.has(error.statusCode) ? `site.error.title_${error.statusCode}` : 'site.error.titleOther';
    this.pages.send(response, 'error', { code, titleKey, clinics }, { status: error.statusCode, policy: PUBLIC_PAGE, locale });
  }
}
