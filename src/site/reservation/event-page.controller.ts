import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from '../../common/http.js';
import { Public } from '../../common/auth/decorators.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { httpStatusOf } from '../../common/errors/error-codes.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { translatorFor } from '../../i18n/translator.js';
import { ReservationsService } from '../../reservations/reservations.service.js';
import { BotCheck } from '../bot-check/bot-check.service.js';
import { CsrfGuard, CsrfTokens } from '../security/csrf-tokens.js';
import { PRIVATE_PAGE, PUBLIC_PAGE } from '../view/page-headers.js';
import { PageRenderer } from '../view/page-renderer.js';
import { EventPages } from './event-pages.service.js';
import { readFormKey, readReservationForm, validateReservationForm } from './reservation-form.js';

/** Codes a reservation attempt can meet that the person can act on, shown above the form. */
const FORM_LEVEL_CODES = new Set([
  'EVENT_FULL',
  'EVENT_NOT_OPEN',
  'REGISTRATION_CLOSED',
  'RATE_LIMITED',
  'ALSO_WAIT_FOR_INVALID',
  'ALSO_WAIT_FOR_NOT_FULL',
]);

/** The event page and its reservation form (POST-redirect-GET; errors shown beside their fields). */
@ApiExcludeController()
@Public()
@Controller('events/:id')
export class EventPageController {
  constructor(
    private readonly eventPages: EventPages,
    private readonly reservations: ReservationsService,
    private readonly csrf: CsrfTokens,
    private readonly pages: PageRenderer,
    private readonly botCheck: BotCheck,
  ) {}

  @Get()
  async show(@Param('id', UuidParam('Event')) id: string, @Req() request: Request, @Res() response: Response) {
    const { view, clinic, locale, others } = await this.eventPages.load(id);
    const csrfToken = this.csrf.tokenFor(request, response);
    const model = this.eventPages.model(view, clinic, locale, { csrfToken }, others);
    this.pages.send(response, 'event', model, { policy: PUBLIC_PAGE, locale });
  }

  @Post('reserve')
  @UseGuards(CsrfGuard)
  async reserve(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const { view, clinic, locale } = await this.eventPages.load(id);
    const { t } = translatorFor(locale);
    const values = readReservationForm(body);
    // The page shown again reads the event afresh: seats may have gone while the person was typing.
    const again = async (status: number, errors: Record<string, string>, formError?: string) => {
      const current = await this.eventPages.load(id);
      const model = this.eventPages.model(
        current.view,
        clinic,
        locale,
        { values, errors, formError, csrfToken: this.csrf.tokenFor(request, response) },
        current.others,
      );
      this.pages.send(response, 'event', model, { policy: PUBLIC_PAGE, locale, status });
    };

    const { input, errors } = await validateReservationForm(values);
    if (!input) {
      const translated = Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(key)]));
      return again(422, translated, t('errors.code.VALIDATION_FAILED'));
    }
    // Judged only for a form that would book: a form sent back for a typo costs nothing of the allowance.
    const verdict = await this.botCheck.assess(request.ip ?? '', body);
    if (verdict === 'bot') return again(400, {}, t('site.form.botRefused'));
    if (verdict === 'challenge-required') return again(429, {}, t('site.form.botCheckRequired'));
    const formKey = readFormKey(body);
    try {
      const answer = await this.reservations.reserveSeats(id, input, formKey && `page-form:${formKey}`);
      this.pages.redirect(response, `/manage/${answer.body.manageToken}?welcome=1`, PRIVATE_PAGE);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'ALREADY_RESERVED') {
        return this.pages.send(
          response,
          'already-reserved',
          {
            pageTitle: t('site.reserved.alreadyTitle'),
            headerTitle: clinic.name,
            homeHref: `/clinics/${clinic.slug}`,
            contactClinic: clinic,
            event: view,
          },
          { policy: PUBLIC_PAGE, locale, status: 409 },
        );
      }
      if (error.code === 'PARTY_TOO_LARGE') {
        return again(
          httpStatusOf(error.code),
          { partySize: t('errors.code.PARTY_TOO_LARGE', { max: view.maxPartySize }) },
          t('errors.code.VALIDATION_FAILED'),
        );
      }
      if (FORM_LEVEL_CODES.has(error.code)) return again(httpStatusOf(error.code), {}, t(`errors.code.${error.code}`));
      throw error;
    }
  }
}
