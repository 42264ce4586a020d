import { Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from '../../common/http.js';
import { Public } from '../../common/auth/decorators.js';
import { Clock } from '../../common/clock.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { SeatOffersService, type OfferedReservation } from '../../reservations/offers/seat-offers.service.js';
import { ManagePages } from '../manage/manage-pages.service.js';
import { CsrfGuard, CsrfTokens } from '../security/csrf-tokens.js';
import { PRIVATE_PAGE } from '../view/page-headers.js';
import { PageRenderer } from '../view/page-renderer.js';
import { offerPageModel } from './offer-pages.js';

/**
 * The page behind the link in a late seat offer (issue 9): accept the seat or let it go, with the deadline.
 * GET only shows; the two buttons are forms that post (CSRF as every page form) and redirect back here, where
 * the page says what the reservation now is. So a second click, an accept after the lapse or a link followed
 * again all land on a page that tells the outcome; a link that is not ours gets the "link no longer works"
 * page. Private as the manage page: never cached, indexed or referred.
 */
@ApiExcludeController()
@Public()
@Controller('offer/:token')
export class OfferPageController {
  constructor(
    private readonly offers: SeatOffersService,
    private readonly manage: ManagePages,
    private readonly csrf: CsrfTokens,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
  ) {}

  @Get()
  async show(@Param('token') token: string, @Req() request: Request, @Res() response: Response) {
    const offered = await this.loadOrNotFound(token, response);
    if (!offered) return;
    const { locale, model } = offerPageModel(offered, token, this.clock.now());
    this.pages.send(
      response,
      'offer',
      { ...model, csrfToken: this.csrf.tokenFor(request, response) },
      { policy: PRIVATE_PAGE, locale },
    );
  }

  @Post('accept')
  @UseGuards(CsrfGuard)
  async accept(@Param('token') token: string, @Res() response: Response) {
    await this.answer(token, response, () => this.offers.accept(token));
  }

  @Post('decline')
  @UseGuards(CsrfGuard)
  async decline(@Param('token') token: string, @Res() response: Response) {
    await this.answer(token, response, () => this.offers.decline(token));
  }

  /** Whatever the answer changed (or not, when the offer no longer stood), the page shows the outcome. */
  private async answer(token: string, response: Response, apply: () => Promise<boolean>) {
    try {
      await apply();
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return this.sendNotFound(token, response);
    }
    this.pages.redirect(response, `/offer/${token}`, PRIVATE_PAGE);
  }

  private async loadOrNotFound(token: string, response: Response): Promise<OfferedReservation | undefined> {
    try {
      return await this.offers.byToken(token);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await this.sendNotFound(token, response);
      return undefined;
    }
  }

  private async sendNotFound(token: string, response: Response): Promise<void> {
    const { locale, model } = await this.manage.notFoundModel(token);
    this.pages.send(response, 'manage-not-found', model, { policy: PRIVATE_PAGE, locale, status: 404 });
  }
}
