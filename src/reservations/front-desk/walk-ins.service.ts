import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { assertCanManageClinic } from '../../common/auth/actor.js';
import { ConflictError } from '../../common/errors/domain-error.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { withSerializationRetry } from '../../database/transactions.js';
import { assertPartySizeAllowed, seatsLeft } from '../../events/event-rules.js';
import { EventSeats } from '../../events/event-seats.js';
import { BookingNotifier } from '../booking-notifier.js';
import { StaffReservationView, toStaffReservationView } from '../dto/reservation-views.js';
import { assertCheckInOpen } from './check-in-window.js';
import { recordDeskChange } from './front-desk-audit.js';
import { admitToRoom, seatsInRoom } from './room-capacity.js';
import { ReservationInserter } from '../reservation-inserter.js';
import { INACTIVE_STATUSES, Reservation } from '../reservation.entity.js';
import { Clock } from '../../common/clock.js';

export interface WalkInInput {
  name: string;
  /** Optional at the door; without one the walk-in gets no e-mail at all. */
  email?: string | null;
  phone?: string;
  partySize?: number;
  /** Seat them although the room is full (an overbooked room: DESIGN rule 11); recorded. */
  overrideCapacity?: boolean;
}

/**
 * Someone arrives at the door without a reservation. The front desk seats them only if a seat is free,
 * never past capacity. Before the start that never jumps the waiting list (a free seat exists only when no
 * waitlisted party fits it); once the event has started, whoever is at the door is served. Registration
 * may have closed; a walk-in is checked in as it is added, so the check-in window must be open (from
 * CHECK_IN_OPENS_MINUTES_BEFORE the start to the end: check-in-window.ts).
 */
@Injectable()
export class WalkInsService {
  private readonly opensMinutesBefore: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seats: EventSeats,
    private readonly inserter: ReservationInserter,
    private readonly notifier: BookingNotifier,
    private readonly clinics: ClinicsService,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.opensMinutesBefore = config.frontDesk.checkInOpensMinutesBefore;
  }

  async addWalkIn(
    eventId: string,
    input: WalkInInput,
    actor: Actor,
    now = this.clock.now(),
  ): Promise<StaffReservationView> {
    const email = input.email?.trim().toLowerCase() || null;
    return withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const event = await this.seats.lockEvent(manager, eventId);
        assertCanManageClinic(actor, event.clinicId);
        assertCheckInOpen(event, now, this.opensMinutesBefore);
        const partySize = input.partySize ?? 1;
        assertPartySizeAllowed(event, partySize);
        const existing = email
          ? await manager.findOne(Reservation, { where: { eventId, email, status: Not(In([...INACTIVE_STATUSES])) } })
          : null;
        if (existing) {
          throw new ConflictError(
            'ALREADY_RESERVED',
            'This person already has a reservation for this event: check them in from the list.',
            {
              reservationId: existing.id,
            },
          );
        }
        if (!(await this.seats.takeSeats(manager, event.id, partySize))) {
          throw new ConflictError('EVENT_FULL', 'No seat is free for this party.', { seatsLeft: seatsLeft(event) });
        }
        // The room, not only the bookings: an overbooking event may have more seats confirmed than it holds, so
        // a free bookable seat is not yet a free chair (a refusal here rolls the seats taken above back).
        const { overCapacity } = admitToRoom(
          { capacity: event.capacity, seatsInRoom: await seatsInRoom(manager, event.id) },
          partySize,
          input.overrideCapacity === true,
        );
        event.confirmedSeats += partySize;
        const { entity } = await this.inserter.insert(manager, {
          event,
          input: { name: input.name, email, phone: input.phone, consent: { reminders: false, marketing: false } },
          partySize,
          status: 'confirmed',
          source: 'walk-in',
          checkedIn: true,
        });
        // With an address they get the confirmation (invite and manage link) for their records; no reminders.
        // Without one, BookingNotifier writes nothing.
        await this.notifier.notify(manager, 'confirmation', {
          clinic: await this.clinics.getById(event.clinicId, manager),
          event,
          reservation: entity,
        });
        if (overCapacity) {
          await manager.update(Reservation, { id: entity.id }, { admittedOverCapacity: true });
          entity.admittedOverCapacity = true;
        }
        await recordDeskChange(manager, actor, 'reservation.walked_in', event, entity, null, {
          withEmail: email !== null,
          ...(overCapacity ? { overCapacity: true } : {}),
        });
        return toStaffReservationView(entity, null);
      },
      'addWalkIn',
    );
  }
}
