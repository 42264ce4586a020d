import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParam } from '../common/validation/uuid-param.js';
import { Public } from '../common/auth/decorators.js';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { ChangePartySizeDto, ReserveSeatsDto, SwitchEventDto } from './dto/reservation.dto.js';
import { ManagedReservationView, ReservationReceipt } from './dto/reservation-views.js';
import { sendInviteDownload } from './invite-download.js';
import { ReservationsService } from './reservations.service.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** What attendees do, with no account: reserve, then manage through the private link. */
@ApiTags('reservations')
@Public()
@Controller()
export class PublicReservationsController {
  constructor(private readonly reservations: ReservationsService) {}

  @Post('events/:id/reservations')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key and body gets the first answer' })
  async reserve(
    @Param('id', UuidParam('Event')) eventId: string,
    @Body() body: ReserveSeatsDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReservationReceipt> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationFailedError('Idempotency-Key must be 1 to 200 visible ASCII characters.', {
        fields: [{ field: 'Idempotency-Key', problems: ['1 to 200 visible ASCII characters'] }],
      });
    }
    const answer = await this.reservations.reserveSeats(eventId, body, idempotencyKey);
    response.status(answer.status);
    response.setHeader('Cache-Control', 'no-store');
    return answer.body;
  }

  @Get('reservations/manage/:token')
  view(@Param('token') token: string): Promise<ManagedReservationView> {
    return this.reservations.viewByToken(token);
  }

  @Get('reservations/manage/:token/invite.ics')
  @ApiProduces('text/calendar')
  async invite(@Param('token') token: string, @Res() response: Response): Promise<void> {
    sendInviteDownload(response, await this.reservations.currentInvite(token));
  }

  @Patch('reservations/manage/:token')
  changePartySize(@Param('token') token: string, @Body() body: ChangePartySizeDto): Promise<ManagedReservationView> {
    return this.reservations.changePartySize(token, body.partySize);
  }

  @Post('reservations/manage/:token/cancel')
  @HttpCode(200)
  cancel(@Param('token') token: string): Promise<ManagedReservationView> {
    return this.reservations.cancelByToken(token);
  }

  @Post('reservations/manage/:token/switch')
  @HttpCode(200)
  switchEvent(@Param('token') token: string, @Body() body: SwitchEventDto): Promise<ManagedReservationView> {
    return this.reservations.switchEvent(token, body.eventId);
  }
}
