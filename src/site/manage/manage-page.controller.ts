import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from '../../common/http.js';
import { Public } from '../../common/auth/decorators.js';
import { DomainError, NotFoundError } from '../../common/errors/domain-error.js';
import { httpStatusOf, type ErrorCode } from '../../common/errors/error-codes.js';
import { translatorFor } from '../../i18n/translator.js';
import { sendInviteDownload } from '../../reservations/invite-download.js';
import { ReservationsService } from '../../reservations/reservations.service.js';
import { CsrfGuard, CsrfTokens } from '../security/csrf-tokens.js';
import { PRIVATE_PAGE } from '../view/page-headers.js';
import { PageRenderer } from '../view/page-renderer.js';
import { ManagePages, type LoadedReservation, type ManageNotice } from './manage-pages.service.js';

const NOTICES: ManageNotice[] = ['welcome', 'party-changed', 'switched'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Errors of a change through the link that the attendee can act on; shown on the manage page. */
const ACTIONABLE = new Set([
  'EVENT_FULL',
  'EVENT_NOT_OPEN',
  'REGISTRATION_CLOSED',
  'PARTY_TOO_LARGE',
  'SWITCH_NOT_ALLOWED',
  'ALREADY_RESERVED',
  'RESERVATION_CHANGED',
]);

/**
 * The page behind the link in every e-mail and invite: see, resize, switch, cancel, download the invite.
 * Every answer is private: never cached, indexed or referred (the URL is the key to the reservation).
 */
@ApiExcludeController()
@Public()
@Controller('manage/:token')
export class ManagePageController {
  constructor(
    private readonly manage: ManagePages,
    private readonly reservations: ReservationsService,
    private readonly csrf: CsrfTokens,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(
    @Param('token') token: string,
    @Query('welcome') welcome: string | undefined,
    @Query('notice') notice: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const loaded = await this.loadOrNotFound(token, response);
    if (!loaded) return;
    const shown = welcome === '1' ? 'welcome' : NOTICES.find((n) => n === notice);
    await this.render(response, request, loaded, token, shown);
  }

  @Get('cancel')
  async confirmCancel(@Param('token') token: string, @Req() request: Request, @Res() response: Response) {
    const loaded = await this.loadOrNotFound(token, response);
    if (!loaded) return;
    const model = await this.manage.model(loaded, token);
    this.pages.send(
      response,
      'manage-cancel',
      { ...model, csrfToken: this.csrf.tokenFor(request, response) },
      { policy: PRIVATE_PAGE, locale: loaded.locale },
    );
  }

  @Post('cancel')
  @UseGuards(CsrfGuard)
  async cancel(@Param('token') token: string, @Req() request: Request, @Res() response: Response) {
    await this.change(token, request, response, async (loaded) => {
      await this.reservations.cancelByToken(token);
      return `/clinics/${loaded.clinic.slug}?notice=cancelled`;
    });
  }

  @Post('party')
  @UseGuards(CsrfGuard)
  async changeParty(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.change(token, request, response, async () => {
      const partySize = Number.parseInt(typeof body.partySize === 'string' ? body.partySize : '', 10);
      if (!Number.isInteger(partySize) || partySize < 1 || partySize > 20)
        throw new DomainError('VALIDATION_FAILED', 'partySize');
      await this.reservations.changePartySize(token, partySize);
      return `/manage/${token}?notice=party-changed`;
    });
  }

  @Post('switch')
  @UseGuards(CsrfGuard)
  async switchEvent(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.change(token, request, response, async () => {
      const eventId = typeof body.eventId === 'string' && UUID.test(body.eventId) ? body.eventId : undefined;
      if (!eventId) throw new DomainError('VALIDATION_FAILED', 'eventId');
      await this.reservations.switchEvent(token, eventId);
      return `/manage/${token}?notice=switched`;
    });
  }

  @Get('invite.ics')
  async invite(@Param('token') token: string, @Res() response: Response) {
    const loaded = await this.loadOrNotFound(token, response);
    if (!loaded) return;
    const invite = await this.reservations.currentInvite(token);
    response.header('X-Robots-Tag', 'noindex, nofollow');
    sendInviteDownload(response, invite);
  }

  /** Runs one change through the link, then redirects (POST-redirect-GET); a refusal shows the page again with why. */
  private async change(
    token: string,
    request: Request,
    response: Response,
    apply: (loaded: LoadedReservation) => Promise<string>,
  ) {
    const loaded = await this.loadOrNotFound(token, response);
    if (!loaded) return;
    try {
      this.pages.redirect(response, await apply(loaded), PRIVATE_PAGE);
    } catch (error) {
      if (error instanceof NotFoundError) return this.sendNotFound(token, response);
      if (!(error instanceof DomainError) || !(ACTIONABLE.has(error.code) || error.code === 'VALIDATION_FAILED'))
        throw error;
      const { t } = translatorFor(loaded.locale);
      const message =
        error.code === 'VALIDATION_FAILED'
          ? t(error.message === 'eventId' ? 'errors.field.eventId' : 'errors.field.partySize')
          : t(`errors.code.${error.code}`, { max: loaded.reservation.event.maxPartySize });
      const current = await this.loadOrNotFound(token, response);
      if (current) await this.render(response, request, current, token, undefined, message, formStatus(error.code));
    }
  }

  private async render(
    response: Response,
    request: Request,
    loaded: LoadedReservation,
    token: string,
    notice?: ManageNotice,
    formError?: string,
    status = 200,
  ) {
    const model = await this.manage.model(loaded, token, notice, formError);
    this.pages.send(
      response,
      'manage',
      { ...model, csrfToken: this.csrf.tokenFor(request, response) },
      { policy: PRIVATE_PAGE, locale: loaded.locale, status },
    );
  }

  private async loadOrNotFound(token: string, response: Response): Promise<LoadedReservation | undefined> {
    try {
      return await this.manage.load(token);
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

/** A form shown again: 422 when what was typed is wrong (as every page form), else its code's status. */
function formStatus(code: ErrorCode): number {
  return code === 'VALIDATION_FAILED' ? 422 : httpStatusOf(code);
}
