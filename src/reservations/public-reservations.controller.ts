import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiErrors, VALIDATION } from '../common/openapi/api-errors.js';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from '../common/http.js';
import { UuidParam } from '../common/validation/uuid-param.js';
import { Public } from '../common/auth/decorators.js';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { ChangePartySizeDto, ReserveSeatsDto, SwitchEventDto } from './dto/reservation.dto.js';
import { ManagedReservationView, ReservationReceiptView } from './dto/reservation-views.js';
import { sendInviteDownload } from './invite-download.js';
import { ReservationsService } from './reservations.service.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** What attendees do, with no account: reserve, then manage through the private link. */
@ApiTags('reservations')
@Public()
@Controller()
export class PublicReservationsController {
  constructor(private readonly reservations: ReservationsService) {}

  @ApiOperation({
    summary: 'Reserve seats',
    description:
      'For a published event while registration is open. Confirmed while enough seats are left for the whole party, otherwise ' +
      'waitlisted when the waiting list is on. `consent.privacyPolicy` must be true. The answer carries the private manage token ' +
      'and link (also e-mailed, with the calendar invite for a confirmed seat). One active reservation per e-mail address and event: ' +
      'another one gets 409 ALREADY_RESERVED and that address an e-mail with a fresh manage link. With an `Idempotency-Key`, the same ' +
      'key and body get the first answer again (same status and body). A waitlisted answer, and the details of EVENT_FULL, carry ' +
      "`alternatives`: the clinic's other open sessions of the same seminar (same series or title, or an in-person seminar's " +
      'webinar twin) with seats for the party. `alsoWaitFor` (when the event is full) waits in up to 5 other full sessions of the ' +
      'same seminar too: one waitlisted place per session, in one group, each with its own manage link (`alsoWaitingFor`); the ' +
      'first seat that frees up in any of them confirms that place and withdraws the others.',
  })
  @ApiCreatedResponse({ type: ReservationReceiptView })
  @ApiErrors({
    400: VALIDATION + ' Also VALIDATION_FAILED for an Idempotency-Key that is not 1 to 200 visible ASCII characters.',
    404: 'NOT_FOUND: no such event, or a draft',
    409: 'EVENT_NOT_OPEN (cancelled, completed or started), REGISTRATION_CLOSED (outside the window), EVENT_FULL (full, waiting list off; details.alternatives), ALREADY_RESERVED; ALSO_WAIT_FOR_NOT_FULL (a session in alsoWaitFor has a seat for the party: details.eventId)',
    422: 'PARTY_TOO_LARGE (details.maxPartySize); IDEMPOTENCY_KEY_REUSED (same key, other body); IDEMPOTENCY_KEY_UNUSABLE; ALSO_WAIT_FOR_INVALID (details.eventId and details.reason: unknown, other-clinic, other-seminar, already-reserved, or the code that session refuses the party with)',
  })
  @Post('events/:id/reservations')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retry with the same key and body gets the first answer',
  })
  async reserve(
    @Param('id', UuidParam('Event')) eventId: string,
    @Body() body: ReserveSeatsDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReservationReceiptView> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationFailedError('Idempotency-Key must be 1 to 200 visible ASCII characters.', {
        fields: [{ field: 'Idempotency-Key', problems: ['1 to 200 visible ASCII characters'] }],
      });
    }
    const answer = await this.reservations.reserveSeats(eventId, body, idempotencyKey);
    response.status(answer.status);
    response.header('Cache-Control', 'no-store');
    return answer.body;
  }

  @ApiOperation({
    summary: 'Read a reservation by its manage token',
    description: 'The reservation, its event and, for a confirmed webinar seat only, the join URL.',
  })
  @ApiOkResponse({ type: ManagedReservationView })
  @ApiErrors({ 404: 'NOT_FOUND: unknown or used-up token' })
  @Get('reservations/manage/:token')
  view(@Param('token') token: string): Promise<ManagedReservationView> {
    return this.reservations.viewByToken(token);
  }

  @ApiOperation({
    summary: 'Download the calendar invite',
    description: 'The current invite (text/calendar, with the latest SEQUENCE) of a confirmed seat.',
  })
  @ApiOkResponse({ description: 'the iCalendar file', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiErrors({
    404: 'NOT_FOUND: unknown or used-up token',
    409: 'NOT_CONFIRMED: the reservation is waitlisted or cancelled',
  })
  @Get('reservations/manage/:token/invite.ics')
  @ApiProduces('text/calendar')
  async invite(@Param('token') token: string, @Res() response: Response): Promise<void> {
    sendInviteDownload(response, await this.reservations.currentInvite(token));
  }

  @ApiOperation({
    summary: 'Change the party size',
    description:
      'More seats only while enough are left (a waitlisted reservation keeps its place); fewer free seats for the waiting list.',
  })
  @ApiOkResponse({ type: ManagedReservationView })
  @ApiErrors({
    400: VALIDATION,
    404: 'NOT_FOUND: unknown or used-up token',
    409: 'EVENT_FULL: not enough seats left; EVENT_NOT_OPEN; RESERVATION_CHANGED: changed by another request at the same moment',
    422: 'PARTY_TOO_LARGE (details.maxPartySize)',
  })
  @Patch('reservations/manage/:token')
  changePartySize(@Param('token') token: string, @Body() body: ChangePartySizeDto): Promise<ManagedReservationView> {
    return this.reservations.changePartySize(token, body.partySize);
  }

  @ApiOperation({
    summary: 'Cancel through the manage link',
    description:
      'Frees the seats (the waiting list is served at once) and answers the reservation with status `cancelled`; the token is used up afterwards (404).',
  })
  @ApiOkResponse({ type: ManagedReservationView })
  @ApiErrors({
    404: 'NOT_FOUND: unknown or used-up token',
    409: 'RESERVATION_CHANGED: changed by another request at the same moment; EVENT_NOT_OPEN',
  })
  @Post('reservations/manage/:token/cancel')
  @HttpCode(200)
  cancel(@Param('token') token: string): Promise<ManagedReservationView> {
    return this.reservations.cancelByToken(token);
  }

  @ApiOperation({
    summary: 'Move the reservation to another session',
    description:
      'To another published, open event of the same clinic with seats for the whole party; both changes or neither.',
  })
  @ApiOkResponse({ type: ManagedReservationView })
  @ApiErrors({
    400: VALIDATION,
    404: 'NOT_FOUND: unknown or used-up token, or no such event',
    409: 'EVENT_FULL: no seat there; SWITCH_NOT_ALLOWED: another clinic; EVENT_NOT_OPEN, REGISTRATION_CLOSED; RESERVATION_CHANGED',
  })
  @Post('reservations/manage/:token/switch')
  @HttpCode(200)
  switchEvent(@Param('token') token: string, @Body() body: SwitchEventDto): Promise<ManagedReservationView> {
    return this.reservations.switchEvent(token, body.eventId);
  }
}
