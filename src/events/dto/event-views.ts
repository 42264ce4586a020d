import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Clinic, PostalAddress } from '../../clinics/clinic.entity.js';
import { toLocalIso } from '../../common/event-time.js';
import { EVENT_KINDS, type Event, type EventKind, type EventStatus } from '../event.entity.js';
import { isRegistrationOpen, seatsLeft } from '../event-rules.js';

export class EventClinicView {
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() timeZone: string;
}

export class VenueView {
  @ApiPropertyOptional({ type: String, nullable: true }) name: string | null;
  @ApiProperty() address: PostalAddress;
}

/** What anyone may see of an event. Never the webinar's join URL. */
export class PublicEventView {
  @ApiProperty() id: string;
  @ApiProperty({ type: EventClinicView }) clinic: EventClinicView;
  @ApiProperty({ enum: EVENT_KINDS }) kind: EventKind;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty() status: EventStatus;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ example: '2026-12-01T18:00:00-06:00' }) localStartsAt: string;
  @ApiProperty({ example: '2026-12-01T19:30:00-06:00' }) localEndsAt: string;
  @ApiPropertyOptional({ type: VenueView, nullable: true }) venue: VenueView | null;
  @ApiProperty() capacity: number;
  @ApiProperty() seatsLeft: number;
  @ApiProperty() maxPartySize: number;
  @ApiProperty({ format: 'date-time' }) registrationOpensAt: string;
  @ApiProperty({ format: 'date-time' }) registrationClosesAt: string;
  @ApiProperty() registrationOpen: boolean;
  @ApiProperty({ description: 'full, with the waiting list on and registration open' }) waitlistOpen: boolean;
}

/** What the clinic's staff see: everything, with the seat counts. */
export class StaffEventView extends PublicEventView {
  @ApiPropertyOptional({ type: String, nullable: true }) joinUrl: string | null;
  @ApiProperty() confirmedSeats: number;
  @ApiProperty({ description: 'seats bookable beyond the room (overbooking; 0 when off)' }) extraSeats: number;
  @ApiProperty({ description: 'capacity + extraSeats: confirmed seats never exceed it' }) bookableSeats: number;
  @ApiProperty() overbookingEnabled: boolean;
  @ApiProperty() waitlistedSeats: number;
  @ApiProperty() waitlistEnabled: boolean;
  @ApiProperty({ type: [Number] }) reminderOffsetsMinutes: number[];
  @ApiProperty() sequence: number;
  @ApiProperty({ type: Number, nullable: true, description: "null: the clinic's default" })
  reconfirmLeadMinutes: number | null;
  @ApiProperty() releaseUnconfirmed: boolean;
  @ApiProperty() releaseDeadlineMinutes: number;
}

/** The event's fields the public view reads: an entity, or a row of the catalogue's plain SQL (events.service.ts). */
export type PublicEventFields = Pick<
  Event,
  | 'id'
  | 'kind'
  | 'title'
  | 'description'
  | 'status'
  | 'startsAt'
  | 'endsAt'
  | 'timeZone'
  | 'venueName'
  | 'capacity'
  | 'extraSeats'
  | 'confirmedSeats'
  | 'maxPartySize'
  | 'registrationOpensAt'
  | 'registrationClosesAt'
  | 'waitlistEnabled'
>;

/** The clinic's fields the public view reads. */
export type PublicClinicFields = Pick<Clinic, 'slug' | 'name' | 'timeZone' | 'address'>;

export function toPublicEventView(
  event: PublicEventFields,
  clinic: PublicClinicFields,
  now = new Date(),
): PublicEventView {
  const left = seatsLeft(event);
  // isRegistrationOpen reads only the status, the start and the registration window, all in PublicEventFields.
  const open = isRegistrationOpen(event as Event, now);
  return {
    id: event.id,
    clinic: { slug: clinic.slug, name: clinic.name, timeZone: clinic.timeZone },
    kind: event.kind,
    title: event.title,
    description: event.description,
    status: event.status,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    timeZone: event.timeZone,
    localStartsAt: toLocalIso(event.startsAt, event.timeZone),
    localEndsAt: toLocalIso(event.endsAt, event.timeZone),
    venue: event.kind === 'seminar' ? { name: event.venueName, address: clinic.address } : null,
    capacity: event.capacity,
    seatsLeft: left,
    maxPartySize: event.maxPartySize,
    registrationOpensAt: event.registrationOpensAt.toISOString(),
    registrationClosesAt: event.registrationClosesAt.toISOString(),
    registrationOpen: open,
    waitlistOpen: open && event.waitlistEnabled && left === 0,
  };
}

export function toStaffEventView(
  event: Event,
  clinic: Clinic,
  waitlistedSeats: number,
  now = new Date(),
): StaffEventView {
  return {
    ...toPublicEventView(event, clinic, now),
    joinUrl: event.joinUrl,
    confirmedSeats: event.confirmedSeats,
    extraSeats: event.extraSeats,
    bookableSeats: event.capacity + event.extraSeats,
    overbookingEnabled: event.overbookingEnabled,
    waitlistedSeats,
    waitlistEnabled: event.waitlistEnabled,
    reminderOffsetsMinutes: event.reminderOffsetsMinutes,
    sequence: event.sequence,
    reconfirmLeadMinutes: event.reconfirmLeadMinutes,
    releaseUnconfirmed: event.releaseUnconfirmed,
    releaseDeadlineMinutes: event.releaseDeadlineMinutes,
  };
}
