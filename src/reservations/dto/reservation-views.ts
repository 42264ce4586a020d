import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PublicEventView } from '../../events/dto/event-views.js';
import type { Reservation, ReservationSource, ReservationStatus } from '../reservation.entity.js';

/** Another session of the same seminar (issue 9): offered when the event is full. */
export class AlternativeSessionView extends PublicEventView {
  @ApiProperty({
    enum: ['series', 'title', 'webinar-twin'],
    description: 'same series, same title, or the webinar twin of an in-person seminar',
  })
  relation: 'series' | 'title' | 'webinar-twin';
  @ApiProperty({ description: "the session's public page" }) url: string;
}

/** A waitlisted place in another session, made with `alsoWaitFor`: its own manage link, shown once. */
export class GroupPlaceView {
  @ApiProperty() reservationId: string;
  @ApiProperty({ enum: ['waitlisted'] }) status: ReservationStatus;
  @ApiProperty({ example: 'K7Q-3MZD' }) confirmationCode: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) waitlistPosition: number | null;
  @ApiProperty({ description: "the secret of this place's manage link" }) manageToken: string;
  @ApiProperty() manageUrl: string;
  @ApiProperty({ type: PublicEventView }) event: PublicEventView;
}

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
  @ApiPropertyOptional({
    type: [AlternativeSessionView],
    description:
      "only when waitlisted: the clinic's other open sessions of the same seminar with seats for the party (at most 5)",
  })
  alternatives?: AlternativeSessionView[];
  @ApiPropertyOptional({
    type: [GroupPlaceView],
    description: 'only with `alsoWaitFor`: the places in the other sessions; the first seat in any takes one',
  })
  alsoWaitingFor?: GroupPlaceView[];
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
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "status 'offered' (a late seat from the waiting list, held for you): accept it before this instant",
  })
  offerExpiresAt: string | null;
  @ApiPropertyOptional({
    type: () => [WaitingSiblingView],
    description: 'a waitlisted place that waits in other sessions too (issue 9): its places there',
  })
  alsoWaitingFor?: WaitingSiblingView[];
}

/** Another place of the same waiting-list group, with its own manage link (to cancel that place alone). */
export class WaitingSiblingView {
  @ApiProperty() reservationId: string;
  @ApiProperty() manageUrl: string;
  @ApiProperty({ type: PublicEventView }) event: PublicEventView;
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
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'issue 9: when the attendee answered "Yes, I\'m coming" to "still coming?"',
  })
  reconfirmedAt: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'issue 9: when its seats were released for no answer by the deadline (status released)',
  })
  releasedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: "while 'offered': when the offer lapses" })
  offerExpiresAt: string | null;
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
    reconfirmedAt: reservation.reconfirmedAt?.toISOString() ?? null,
    releasedAt: reservation.releasedAt?.toISOString() ?? null,
    offerExpiresAt: reservation.status === 'offered' ? (reservation.offerExpiresAt?.toISOString() ?? null) : null,
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
