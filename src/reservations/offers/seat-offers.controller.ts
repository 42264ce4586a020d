import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators.js';
import { ApiErrors } from '../../common/openapi/api-errors.js';
import type { Reservation, ReservationStatus } from '../reservation.entity.js';
import { SeatOffersService } from './seat-offers.service.js';

/** The answer to a late seat offer: what the reservation is now, and whether this request changed it. */
export class SeatOfferView {
  @ApiProperty() reservationId: string;
  @ApiProperty({
    description: "'confirmed' once accepted; 'cancelled' once declined or lapsed; 'offered' while it still stands",
  })
  status: ReservationStatus;
  @ApiProperty({ description: 'whether this request accepted or declined it (false: it had already been answered)' })
  changed: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: "while 'offered': when the offer lapses" })
  offerExpiresAt: string | null;
}

function toSeatOfferView(reservation: Reservation, changed: boolean): SeatOfferView {
  return {
    reservationId: reservation.id,
    status: reservation.status,
    changed,
    offerExpiresAt: reservation.status === 'offered' ? (reservation.offerExpiresAt?.toISOString() ?? null) : null,
  };
}

/**
 * Late seat offers through the API (issue 9), for integrations: the same two answers as the offer page, with the
 * token of the offer link. Each offer has one outcome, decided in the database: answering again, or after the
 * lapse, changes nothing and says what the reservation is.
 */
@ApiTags('reservations')
@Public()
@Controller()
export class SeatOffersController {
  constructor(private readonly offers: SeatOffersService) {}

  @ApiOperation({
    summary: 'Accept a late seat offer',
    description:
      "Confirms an `offered` reservation if its offer still stands (status 'confirmed', the confirmation e-mail with the invite " +
      'follows). After the deadline, a decline or an earlier accept nothing changes (`changed: false`) and the status says why.',
  })
  @ApiOkResponse({ type: SeatOfferView })
  @ApiErrors({ 404: 'NOT_FOUND: not an offer link of ours' })
  @Post('reservations/offers/:token/accept')
  @HttpCode(200)
  async accept(@Param('token') token: string): Promise<SeatOfferView> {
    const changed = await this.offers.accept(token);
    return toSeatOfferView((await this.offers.byToken(token)).reservation, changed);
  }

  @ApiOperation({
    summary: 'Decline a late seat offer',
    description:
      "Lets the held seats go to the next in line at once (status 'cancelled'). An offer already accepted, declined or lapsed " +
      'is left as it is (`changed: false`).',
  })
  @ApiOkResponse({ type: SeatOfferView })
  @ApiErrors({ 404: 'NOT_FOUND: not an offer link of ours' })
  @Post('reservations/offers/:token/decline')
  @HttpCode(200)
  async decline(@Param('token') token: string): Promise<SeatOfferView> {
    const changed = await this.offers.decline(token);
    return toSeatOfferView((await this.offers.byToken(token)).reservation, changed);
  }
}
