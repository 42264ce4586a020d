import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from '../../common/http.js';
import { Public } from '../../common/auth/decorators.js';
import { toLocale } from '../../i18n/locales.js';
import { PUBLIC_PAGE } from '../view/page-headers.js';
import { PageRenderer } from '../view/page-renderer.js';
import { localeFromAcceptLanguage } from '../view/request-locale.js';
import { CataloguePages, readCatalogueQuery } from './catalogue-pages.service.js';

/** Where people find an event: the chain's list, a clinic's list, and the compact list clinics embed. */
@ApiExcludeController()
@Public()
@Controller()
export class CataloguePageController {
  constructor(
    private readonly catalogue: CataloguePages,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async home(
    @Query() query: Record<string, unknown>,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() response: Response,
  ) {
    const locale = localeFromAcceptLanguage(acceptLanguage);
    const model = await this.catalogue.listing(readCatalogueQuery(query), locale);
    this.pages.send(response, 'catalogue', model, { policy: PUBLIC_PAGE, locale });
  }

  @Get('clinics/:slug')
  async clinic(@Param('slug') slug: string, @Query() query: Record<string, unknown>, @Res() response: Response) {
    const clinic = await this.catalogue.clinic(slug);
    const locale = toLocale(clinic.locale);
    const model = await this.catalogue.listing({ ...readCatalogueQuery(query), clinic: clinic.slug }, locale, clinic);
    this.pages.send(response, 'catalogue', model, { policy: PUBLIC_PAGE, locale });
  }

  /** For a clinic's own website, in an iframe: only the origins the clinic lists may frame it. */
  @Get('embed/clinics/:slug')
  async embed(@Param('slug') slug: string, @Res() response: Response) {
    const clinic = await this.catalogue.clinic(slug);
    const locale = toLocale(clinic.locale);
    const model = await this.catalogue.embed(clinic, locale);
    this.pages.send(response, 'embed', model, {
      policy: { kind: 'embed', frameAncestors: clinic.embedOrigins },
      locale,
    });
  }
}
