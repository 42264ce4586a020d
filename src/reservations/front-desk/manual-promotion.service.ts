import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { reservationSnapshot } from '../../audit/audit-snapshots.js';
import type { Actor } from '../../common/auth/actor.js';
import { ConflictError } from '../../common/errors/domain-error.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { seatsLeft } from '../../events/event-rules.js';
import { EventSeats } from '../../events/event-seats.js';
import { withSerializationRetry } from '../../database/transactions.js';
import { StaffReservationView, toStaffReservationView } from '../dto/reservation-views.js';
import { WaitlistService } from '../waitlist.service.js';
import { lockForDesk } from './desk-locks.js';
import { recordDeskChange } from './front-desk-audit.js';
import { Clock } from '../../common/clock.js';

/**
 * Staff promote one waitlisted reservation by hand (issue 8). Before the start the waiting list serves
 * itself whenever seats free up (first come, first fit: DESIGN rule 3), so a party that fits has already
 * been confirmed; the hand promotion is for the door, once the event has started and a waitlisted attendee
 * turns up. The seats come from the same place as every other seat (WaitlistService.promoteOne →
 * EventSeats.takeSeats), never past capacity; the attendee gets the promotion e-mail with the invite.
 */
@Injectable()
export class ManualPromotionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seats: EventSeats,
    private readonly waitlist: WaitlistService,
    private readonly clinics: ClinicsService,
    private readonly clock: Clock,
  ) {}

  async promote(
    eventId: string,
    reservationId: string,
    actor: Actor,
    now = this.clock.now(),
  ): Promise<StaffReservationView> {
    return withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const { event, reservation } = await lockForDesk(manager, this.seats, eventId, reservationId, actor);
        if (event.status !== 'published' || now >= event.endsAt) {
          throw new ConflictError(
            'EVENT_NOT_OPEN',
            'Only a published event that has not ended can take someone from its waiting list.',
          );
        }
        if (reservation.status !== 'waitlisted') {
          throw new ConflictError('NOT_WAITLISTED', 'Only a reservation on the waiting list can be promoted.', {
            status: reservation.status,
          });
        }
        const before = reservationSnapshot(reservation);
        const clinic = await this.clinics.getById(event.clinicId, manager);
        if (!(await this.waitlist.promoteOne(manager, event, reservation, clinic))) {
          throw new ConflictError(
            'PARTY_DOES_NOT_FIT',
            `Only ${seatsLeft(event)} seats are free; this party needs ${reservation.partySize}.`,
            {
              seatsLeft: seatsLeft(event),
              partySize: reservation.partySize,
            },
          );
        }
        await recordDeskChange(manager, actor, 'reservation.promoted', event, reservation, before, { by: 'hand' });
        return toStaffReservationView(reservation, null);
      },
      'promoteByHand',
    );
  }
}
