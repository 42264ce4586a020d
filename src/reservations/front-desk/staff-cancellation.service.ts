import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { reservationSnapshot } from '../../audit/audit-snapshots.js';
import type { Actor } from '../../common/auth/actor.js';
import { ConflictError } from '../../common/errors/domain-error.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { EventSeats } from '../../events/event-seats.js';
import { withSerializationRetry } from '../../database/transactions.js';
import { StaffReservationView, toStaffReservationView } from '../dto/reservation-views.js';
import { ReservationsService } from '../reservations.service.js';
import { lockForDesk } from './desk-locks.js';
import { recordDeskChange } from './front-desk-audit.js';

/**
 * Staff cancel one reservation (the attendee phoned, a duplicate booking), with a reason that is stored and
 * told to the attendee in their cancellation e-mail. The cancelling itself is the attendee's own path
 * (ReservationsService.cancelLocked): seats freed, reminders dropped, the waiting list served at once.
 * Cancelling a cancelled reservation changes nothing and answers it as it is.
 */
@Injectable()
export class StaffCancellationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seats: EventSeats,
    private readonly reservations: ReservationsService,
    private readonly clinics: ClinicsService,
  ) {}

  async cancel(
    eventId: string,
    reservationId: string,
    reason: string | undefined,
    actor: Actor,
  ): Promise<StaffReservationView> {
    return withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const { event, reservation } = await lockForDesk(manager, this.seats, eventId, reservationId, actor);
        if (reservation.status === 'cancelled') return toStaffReservationView(reservation, null);
        // An offered seat (issue 9) is cancelled as a confirmed one: its held seats go to the next in line.
        if (!['confirmed', 'offered', 'waitlisted'].includes(reservation.status)) {
          throw new ConflictError('NOT_CANCELLABLE', 'Only a confirmed or waitlisted reservation can be cancelled.', {
            status: reservation.status,
          });
        }
        const before = reservationSnapshot(reservation);
        const clinic = await this.clinics.getById(event.clinicId, manager);
        await this.reservations.cancelLocked(
          manager,
          reservation,
          event,
          clinic,
          'attendee-cancellation',
          reason?.trim() || undefined,
        );
        // The reason itself stays out of the audit log: it is free text and may name the attendee (DESIGN rule 8).
        await recordDeskChange(manager, actor, 'reservation.cancelled', event, reservation, before, {
          by: 'staff',
          withReason: Boolean(reason?.trim()),
        });
        return toStaffReservationView(reservation, null);
      },
      'staffCancel',
    );
  }
}
