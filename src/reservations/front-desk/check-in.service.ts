import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { reservationSnapshot } from '../../audit/audit-snapshots.js';
import { assertCanManageClinic, canManageClinic, type Actor } from '../../common/auth/actor.js';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { withSerializationRetry } from '../../database/transactions.js';
import { EventSeats } from '../../events/event-seats.js';
import { Event } from '../../events/event.entity.js';
import { StaffReservationView, toStaffReservationView } from '../dto/reservation-views.js';
import { Reservation } from '../reservation.entity.js';
import { eventOfCode } from './attendee-search.js';
import { assertCheckInOpen } from './check-in-window.js';
import { confirmationCodeFrom } from './confirmation-code-input.js';
import { recordDeskChange } from './front-desk-audit.js';
import { admitToRoom, seatsInRoom } from './room-capacity.js';
import { Clock } from '../../common/clock.js';

/**
 * Check-in at the door, and its undo (issue 8): by the reservation's id (a tap on the list) or by its
 * confirmation code (typed, or scanned from the e-mail's QR image). Only a confirmed reservation, only
 * while the check-in window is open (check-in-window.ts). Each runs under the event's lock, so it cannot
 * cross a cancellation or a promotion of the same reservation, and is audited in the same transaction.
 */
@Injectable()
export class CheckInService {
  private readonly opensMinutesBefore: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seats: EventSeats,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.opensMinutesBefore = config.frontDesk.checkInOpensMinutesBefore;
  }

  /** Marks a confirmed attendee as arrived; checking in twice keeps the first time. */
  async checkIn(
    eventId: string,
    reservationId: string,
    actor: Actor,
    now = this.clock.now(),
    overrideCapacity = false,
  ): Promise<StaffReservationView> {
    return this.change(
      eventId,
      actor,
      now,
      'checkIn',
      (manager) => this.findInEvent(manager, eventId, reservationId),
      true,
      overrideCapacity,
    );
  }

  /** Takes back a check-in made by mistake (while the window is open). */
  async undoCheckIn(
    eventId: string,
    reservationId: string,
    actor: Actor,
    now = this.clock.now(),
  ): Promise<StaffReservationView> {
    return this.change(
      eventId,
      actor,
      now,
      'undoCheckIn',
      (manager) => this.findInEvent(manager, eventId, reservationId),
      false,
    );
  }

  /**
   * Checks in by confirmation code as typed or scanned ("k7q 3mzd" works). A code of another event that the
   * actor may see is a 409 CODE_FOR_ANOTHER_EVENT naming that event (the attendee is at the wrong session);
   * any other unknown code is a 404.
   */
  async checkInByCode(
    eventId: string,
    typed: string,
    actor: Actor,
    now = this.clock.now(),
    overrideCapacity = false,
  ): Promise<StaffReservationView> {
    const code = confirmationCodeFrom(typed);
    if (!code) {
      throw new ValidationFailedError('code is not a confirmation code such as K7Q-3MZD.', {
        fields: [{ field: 'code', problems: ['code is not a confirmation code such as K7Q-3MZD'] }],
      });
    }
    return this.change(
      eventId,
      actor,
      now,
      'checkInByCode',
      (manager) => this.findByCode(manager, eventId, code, actor),
      true,
      overrideCapacity,
    );
  }

  private async change(
    eventId: string,
    actor: Actor,
    now: Date,
    what: string,
    find: (manager: EntityManager) => Promise<Reservation>,
    arrived: boolean,
    overrideCapacity = false,
  ): Promise<StaffReservationView> {
    return withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const event = await this.seats.lockEvent(manager, eventId);
        assertCanManageClinic(actor, event.clinicId);
        const reservation = await find(manager);
        if (reservation.status !== 'confirmed') {
          throw new ConflictError('NOT_CONFIRMED', 'Only a confirmed reservation can be checked in.', {
            status: reservation.status,
          });
        }
        assertCheckInOpen(event, now, this.opensMinutesBefore);
        const checkedInAt = arrived ? (reservation.checkedInAt ?? now) : null;
        if (checkedInAt?.getTime() !== reservation.checkedInAt?.getTime()) {
          // Arriving into an overbooked room: never past its capacity without the recorded override (rule 11).
          const { overCapacity } = arrived
            ? admitToRoom(
                { capacity: event.capacity, seatsInRoom: await seatsInRoom(manager, event.id) },
                reservation.partySize,
                overrideCapacity,
                reservation.id,
              )
            : { overCapacity: false };
          const before = reservationSnapshot(reservation);
          const admittedOverCapacity = arrived && overCapacity;
          await manager.update(Reservation, { id: reservation.id }, { checkedInAt, admittedOverCapacity });
          Object.assign(reservation, { checkedInAt, admittedOverCapacity });
          await recordDeskChange(
            manager,
            actor,
            arrived ? 'reservation.checked_in' : 'reservation.check_in_undone',
            event,
            reservation,
            before,
            admittedOverCapacity ? { overCapacity: true } : {},
          );
        }
        return toStaffReservationView(reservation, null);
      },
      what,
    );
  }

  private async findInEvent(manager: EntityManager, eventId: string, reservationId: string): Promise<Reservation> {
    const reservation = await manager.findOne(Reservation, { where: { id: reservationId, eventId } });
    if (!reservation) throw new NotFoundError('Reservation');
    return reservation;
  }

  private async findByCode(manager: EntityManager, eventId: string, code: string, actor: Actor): Promise<Reservation> {
    const reservation = await manager.findOne(Reservation, { where: { confirmationCode: code, eventId } });
    if (reservation) return reservation;
    const otherEventId = await eventOfCode(manager, code);
    const other = otherEventId
      ? await manager.findOne(Event, { where: { id: otherEventId }, select: { id: true, clinicId: true } })
      : null;
    if (other && canManageClinic(actor, other.clinicId)) {
      throw new ConflictError('CODE_FOR_ANOTHER_EVENT', 'This confirmation code is for another event.', {
        eventId: other.id,
      });
    }
    throw new NotFoundError('Reservation');
  }
}
