import { Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from '../../common/http.js';
import { Public } from '../../common/auth/decorators.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { toPublicEventView } from '../../events/dto/event-views.js';
import { formatDay, formatWhen } from '../../i18n/dates.js';
import { toLocale } from '../../i18n/locales.js';
import { ReconfirmService, type ReconfirmState } from '../../reservations/reconfirm/reconfirm.service.js';
import { ManageTokens } from '../../common/crypto/manage-tokens.js';
import { placeOf } from '../catalogue/event-presenter.js';
import { CsrfGuard, CsrfTokens } from '../security/csrf-tokens.js';
import { PRIVATE_PAGE } from '../view/page-headers.js';
import { PageRenderer } from '../view/page-renderer.js';
import { localeFromAcceptLanguage } from '../view/request-locale.js';

type Answer = 'yes' | 'no';
const answerOf = (value: unknown): Answer | undefined => (value === 'yes' || value === 'no' ? value : undefined);

/**
 * "Still coming?" (issue 9): the page behind the two links of the reconfirm e-mail and its last warning.
 * GET only shows the question (the link's `?answer=` picks which button leads): mail scanners follow links,
 * so nothing changes until the attendee presses a button, a form POST with the site's CSRF token that then
 * redirects (POST-redirect-GET). Private as the manage pages: never stored, indexed or referred.
 */
@ApiExcludeController()
@Public()
@Controller('reconfirm/:token')
export class ReconfirmPageController {
  constructor(
    private readonly reconfirm: ReconfirmService,
    private readonly manageTokens: ManageTokens,
    private readonly clinics: ClinicsService,
    private readonly csrf: CsrfTokens,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(
    @Param('token') token: string,
    @Query('answer') answer: unknown,
    @Query('done') done: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const state = await this.stateOrNotFound(request, response, () => this.reconfirm.state(token));
    if (state) this.render(response, request, token, state, answerOf(answer), answerOf(done));
  }

  @Post('yes')
  @UseGuards(CsrfGuard)
  async yes(@Param('token') token: string, @Req() request: Request, @Res() response: Response) {
    const state = await this.stateOrNotFound(request, response, () => this.reconfirm.confirm(token));
    if (state) this.pages.redirect(response, `/reconfirm/${token}?done=yes`, PRIVATE_PAGE);
  }

  @Post('no')
  @UseGuards(CsrfGuard)
  async no(@Param('token') token: string, @Req() request: Request, @Res() response: Response) {
    const state = await this.stateOrNotFound(request, response, () => this.reconfirm.decline(token));
    if (state) this.pages.redirect(response, `/reconfirm/${token}?done=no`, PRIVATE_PAGE);
  }

  private render(
    response: Response,
    request: Request,
    token: string,
    { standing, reservation, event, clinic }: ReconfirmState,
    answer: Answer | undefined,
    done: Answer | undefined,
  ) {
    const locale = toLocale(clinic.locale);
    const view = toPublicEventView(event, clinic);
    const manageUrl = this.manageTokens.manageUrl(
      this.manageTokens.tokenFor(reservation.id, reservation.manageTokenNonce),
    );
    const model = {
      pageTitle: event.title,
      headerTitle: clinic.name,
      homeHref: `/clinics/${clinic.slug}`,
      contactClinic: clinic,
      noIndex: true,
      token,
      standing,
      answer,
      done,
      csrfToken: this.csrf.tokenFor(request, response),
      reservation: { name: reservation.name, partySize: reservation.partySize, code: reservation.confirmationCode },
      event: {
        title: event.title,
        startsAt: event.startsAt.toISOString(),
        when: formatWhen(event, locale),
        day: formatDay(event.startsAt, event.timeZone, locale),
        where: placeOf(view, locale),
        href: `/events/${event.id}`,
      },
      // The manage link still works while the reservation is active; a cancelled one's is used up.
      manageHref: standing === 'asked' || standing === 'reconfirmed' ? new URL(manageUrl).pathname : undefined,
    };
    this.pages.send(response, 'reconfirm', model, { policy: PRIVATE_PAGE, locale });
  }

  /** Runs `load`; a token that names nothing gets the site's "this link does not work" page (404), never a 500. */
  private async stateOrNotFound(
    request: Request,
    response: Response,
    load: () => Promise<ReconfirmState>,
  ): Promise<ReconfirmState | undefined> {
    try {
      return await load();
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const clinics = await this.clinics.listActive();
      const model = { pageTitle: '', noIndex: true, homeHref: '/', clinics };
      const locale = localeFromAcceptLanguage(request.headers['accept-language']);
      this.pages.send(response, 'manage-not-found', model, { policy: PRIVATE_PAGE, locale, status: 404 });
      return undefined;
    }
  }
}
