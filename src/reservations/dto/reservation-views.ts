import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PublicEventView } from '../../events/dto/event-views.js';
import type { Reservation, ReservationSource, ReservationStatus } from '../reservation.entity.js';

/** The answer to a reservation: shown once, with the manage link. */
export class ReservationReceiptView {
  @ApiProperty() reservationId: string;
  @ApiProperty({ enum: ['confirmed', 'waitlisted'] }) status: ReservationStatus;
  @ApiProperty({ example: 'K7Q-3MZD' }) confirmationCode: string;
  @ApiProperty() partySize: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) waitlistPosition: number | null;
  @ApiProperty({ description: 'the secret of the manage link; shown only in this answer and in e-mails' })
  manageToken: string;
  @ApiProperty() manageUrl: string;
  @ApiProperty({ type: PublicEventView }) event: PublicEventView;
}

/** What the holder of a manage link sees. */
export class ManagedReservationView {
  @ApiProperty() reservationId: string;
  @ApiProperty() status: ReservationStatus;
  @ApiProperty() confirmationCode: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiPropertyOptional({ type: String, nullable: true }) phone: string | null;
  @ApiProperty() partySize: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) waitlistPosition: number | null;
  @ApiProperty({ type: PublicEventView }) event: PublicEventView;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      "only for a confirmed webinar seat: the attendee's personal join link (/join/<token>), which opens the meeting " +
      'from JOIN_OPENS_MINUTES_BEFORE the start until the end and records the first use as the check-in',
  })
  joinUrl: string | null;
}

export class StaffReservationView {
  @ApiProperty() id: string;
  @ApiProperty() status: ReservationStatus;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null only for a walk-in who gave no address' })
  email: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone: string | null;
  @ApiProperty() partySize: number;
  @ApiProperty() confirmationCode: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) waitlistPosition: number | null;
  @ApiProperty() source: ReservationSource;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) checkedInAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) cancelledAt: string | null;
}

export function toStaffReservationView(
  reservation: Reservation,
  waitlistPosition: number | null,
): StaffReservationView {
  return {
    id: reservation.id,
    status: reservation.status,
    name: reservation.name,
    email: reservation.email,
    phone: reservation.phone,
    partySize: reservation.partySize,
    confirmationCode: reservation.confirmationCode,
    waitlistPosition,
    source: reservation.source,
    createdAt: reservation.createdAt.toISOString(),
    checkedInAt: reservation.checkedInAt?.toISOString() ?? null,
    cancelledAt: reservation.cancelledAt?.toISOString() ?? null,
  };
}

export class SeatCountsView {
  @ApiProperty() capacity: number;
  @ApiProperty() confirmedSeats: number;
  @ApiProperty() waitlistedSeats: number;
  @ApiProperty() seatsLeft: number;
}

export class EventReservationsView {
  @ApiProperty({ type: SeatCountsView }) counts: SeatCountsView;
  @ApiProperty({ type: [StaffReservationView] }) reservations: StaffReservationView[];
}
