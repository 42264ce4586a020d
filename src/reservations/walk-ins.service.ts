import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { assertCanManageClinic } from '../common/auth/actor.js';
import { ConflictError } from '../common/errors/domain-error.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { assertPartySizeAllowed } from '../events/event-rules.js';
import { EventSeats } from '../events/event-seats.js';
import type { Event } from '../events/event.entity.js';
import { BookingNotifier } from './booking-notifier.js';
import { StaffReservationRow } from './dto/reservation-views.js';
import { ReservationInserter } from './reservation-inserter.js';
import { Reservation } from './reservation.entity.js';

export interface WalkInInput {
  name: string;
  email: string;
  phone?: string;
  partySize?: number;
}

/**
 * Someone arrives at the door without a reservation. The front desk seats them only if a seat is free,
 * never past capacity. Before the start that never jumps the waiting list (a free seat exists only when no
 * waitlisted party fits it); once the event has started, whoever is at the door is served. Registration
 * may have closed; the event must not have ended.
 */
@Injectable()
export class WalkInsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seats: EventSeats,
    private readonly inserter: ReservationInserter,
    private readonly notifier: BookingNotifier,
    private readonly clinics: ClinicsService,
  ) {}

  async addWalkIn(eventId: string, input: WalkInInput, actor: Actor): Promise<StaffReservationRow> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.seats.lockEvent(manager, eventId);
      assertCanManageClinic(actor, event.clinicId);
      assertWalkInsPossible(event, new Date());
      const partySize = input.partySize ?? 1;
      assertPartySizeAllowed(event, partySize);
      const existing = await manager.findOne(Reservation, { where: { eventId, email: input.email, status: Not('cancelled') } });
      if (existing) {
        throw new ConflictError('ALREADY_RESERVED', 'This person already has a reservation for this event: check them in from the list.', {
          reservationId: existing.id,
        });
      }
      if (!(await this.seats.takeSeats(manager, event.id, partySize))) {
        throw new ConflictError('EVENT_FULL', 'No seat is free for this party.', { seatsLeft: Math.max(0, event.capacity - event.confirmedSeats) });
      }
      const { entity } = await this.inserter.insert(manager, {
        event,
        input: { ...input, consent: { reminders: false, marketing: false } },
        partySize,
        status: 'confirmed',
        source: 'walk-in',
        checkedIn: true,
      });
      // They get the confirmation (with the invite and manage link) for their records; no reminders.
      await this.notifier.notify(manager, 'confirmation', { clinic: await this.clinics.getById(event.clinicId, manager), event, reservation: entity });
      return StaffReservationRow.from(entity, null);
    });
  }
}

function assertWalkInsPossible(event: Event, now: Date): void {
  if (event.status !== 'published' || now >= event.endsAt) {
    throw new ConflictError('EVENT_NOT_OPEN', 'Walk-ins can be added only to a published event that has not ended.');
  }
}
