import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { completeLockedEvent } from '../../attendance/event-completion.js';
import { AuditLog } from '../../audit/audit-log.js';
import { changedFields, eventSnapshot, type Snapshot } from '../../audit/audit-snapshots.js';
import type { Actor } from '../../common/auth/actor.js';
import { Clock } from '../../common/clock.js';
import { assertCanManageClinic } from '../../common/auth/actor.js';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import type { UpdateEventDto } from '../../events/dto/event.dto.js';
import { type StaffEventView, toStaffEventView } from '../../events/dto/event-views.js';
import {
  assertCapacityAtLeastConfirmed,
  assertEditable,
  assertStatusMove,
  capacityBelowConfirmed,
  seatsLeft,
} from '../../events/event-rules.js';
import { withSerializationRetry } from '../../database/transactions.js';
import { EventSeats } from '../../events/event-seats.js';
import { Event } from '../../events/event.entity.js';
import { EventsService } from '../../events/events.service.js';
import { attendeesCsv } from '../front-desk/attendee-export.js';
import { BookingNotifier } from '../booking-notifier.js';
import { type EventReservationsView, toStaffReservationView } from '../dto/reservation-views.js';
import { Reservation } from '../reservation.entity.js';
import { ReservationsService } from '../reservations.service.js';
import { WaitlistService } from '../waitlist.service.js';
import { OverbookingService } from '../overbooking/overbooking.service.js';

/** How many of the clinic's other sessions a cancelled event's attendees are offered. */
const OTHER_SESSIONS_OFFERED = 3;

export interface CancelEventOptions {
  /** Why, as the attendees read it in their cancellation e-mail. */
  reason?: string;
  /** Sessions not to offer instead (the rest of a series being cancelled). */
  notOffered?: string[];
}

/** What clinic staff and admins do to an event that touches its attendees: edit, resize, cancel, list. */
@Injectable()
export class EventOperationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly seats: EventSeats,
    private readonly waitlist: WaitlistService,
    private readonly reservations: ReservationsService,
    private readonly notifier: BookingNotifier,
    private readonly clinics: ClinicsService,
    private readonly overbooking: OverbookingService,
    private readonly clock: Clock,
  ) {}

  async staffView(eventId: string, actor: Actor): Promise<StaffEventView> {
    const { event, clinic } = await this.events.getForStaff(eventId, actor);
    return toStaffEventView(
      event,
      clinic,
      await this.waitlistedSeats(this.dataSource.manager, [event.id]).then((m) => m.get(event.id) ?? 0),
    );
  }

  async listForClinic(clinic: Clinic, actor: Actor): Promise<StaffEventView[]> {
    const { events } = await this.events.listForClinic(clinic, actor);
    return this.staffViews(clinic, events);
  }

  /** Staff views of one clinic's events, each with the seats its waiting list holds. */
  async staffViews(clinic: Clinic, events: Event[]): Promise<StaffEventView[]> {
    const waitlisted = await this.waitlistedSeats(
      this.dataSource.manager,
      events.map((event) => event.id),
    );
    return events.map((event) => toStaffEventView(event, clinic, waitlisted.get(event.id) ?? 0));
  }

  /** Edits an event; confirmed attendees get an updated invite when what they see changed. */
  async update(eventId: string, changes: UpdateEventDto, actor: Actor): Promise<StaffEventView> {
    await withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const event = await this.lockForStaff(manager, eventId, actor);
        const before = eventSnapshot(event);
        const { capacity, ...details } = changes;
        const change = await this.events.applyChanges(manager, event, details);
        if (capacity !== undefined) await this.resize(manager, event, capacity);
        if (change.startMoved) await this.notifier.moveReminders(manager, change.event);
        await this.recordEventChange(manager, actor, 'event.updated', event, before);
        const reschedule = change.reminderOffsetsChanged || change.reconfirmChanged;
        if (!change.attendeesMustBeTold && !reschedule) return;
        const clinic = await this.clinics.getById(event.clinicId, manager);
        if (change.attendeesMustBeTold)
          await manager.increment(Reservation, { eventId, status: 'confirmed' }, 'inviteSequence', 1);
        const confirmed = await manager.find(Reservation, { where: { eventId, status: 'confirmed' } });
        for (const reservation of confirmed) {
          const notice = { clinic, event: change.event, reservation };
          if (change.attendeesMustBeTold) await this.notifier.notify(manager, 'event-changed', notice);
          // New offsets (or new "still coming?" settings): each attendee's unsent reminders and questions are
          // replaced by those the event now calls for, still ahead.
          if (reschedule) await this.notifier.scheduleReminders(manager, notice);
        }
      },
      'update',
    );
    return this.staffView(eventId, actor);
  }

  /** Raising capacity serves the waiting list at once; it can never drop below the confirmed seats. */
  async changeCapacity(eventId: string, capacity: number, actor: Actor): Promise<StaffEventView> {
    await withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const event = await this.lockForStaff(manager, eventId, actor);
        const before = eventSnapshot(event);
        const promoted = await this.resize(manager, event, capacity);
        await this.recordEventChange(manager, actor, 'event.capacity_changed', event, before, {
          promotedReservationIds: promoted.map((reservation) => reservation.id),
        });
      },
      'changeCapacity',
    );
    return this.staffView(eventId, actor);
  }

  /** With the event locked: the new capacity (never below the confirmed seats), then the waiting list. */
  private async resize(manager: EntityManager, event: Event, capacity: number): Promise<Reservation[]> {
    assertEditable(event);
    assertCapacityAtLeastConfirmed(event, capacity);
    // The database has the last word (DESIGN rule 1): if the row's confirmed seats exceed the new capacity
    // whatever this copy of the event says, refuse with the seats as they are stored, never carry on.
    if (!(await this.seats.setCapacity(manager, event.id, capacity))) {
      throw capacityBelowConfirmed(await this.seats.confirmedSeats(manager, event.id));
    }
    event.capacity = capacity;
    // The extra seats an overbooking event may hold depend on the room (issue 9); promote serves what is free.
    await this.overbooking.refreshLocked(manager, event);
    return this.waitlist.promote(manager, event.id, await this.clinics.getById(event.clinicId, manager));
  }

  async publish(eventId: string, actor: Actor): Promise<StaffEventView> {
    await this.dataSource.transaction(async (manager) => {
      const event = await this.lockForStaff(manager, eventId, actor);
      assertStatusMove(event, 'published', this.clock.now());
      const before = eventSnapshot(event);
      event.status = 'published';
      await manager.update(Event, { id: event.id }, { status: 'published' });
      await this.recordEventChange(manager, actor, 'event.published', event, before);
    });
    return this.staffView(eventId, actor);
  }

  /** Completes the event: confirmed attendees not checked in become no-shows (the same rule as the job after the end). */
  async complete(eventId: string, actor: Actor): Promise<StaffEventView> {
    const event = await withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const event = await this.lockForStaff(manager, eventId, actor);
        await completeLockedEvent(manager, event, actor, this.clock.now());
        return event;
      },
      'complete',
    );
    // Its attendance changed the clinic's show rate: the upcoming overbooking events follow (issue 9).
    await this.overbooking.refreshUpcoming(event.clinicId, event.kind);
    return this.staffView(eventId, actor);
  }

  /**
   * Cancels the event and every active reservation in it; everyone is told (with the reason, when given, and
   * the clinic's other sessions that still have seats, but those in `notOffered`), reminders are dropped.
   */
  async cancelEvent(eventId: string, actor: Actor, options: CancelEventOptions = {}): Promise<StaffEventView> {
    await withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const event = await this.lockForStaff(manager, eventId, actor);
        const now = this.clock.now();
        assertStatusMove(event, 'cancelled', now);
        const before = eventSnapshot(event);
        const clinic = await this.clinics.getById(event.clinicId, manager);
        event.status = 'cancelled';
        event.cancelledAt = now;
        event.sequence += 1;
        await manager.update(
          Event,
          { id: event.id },
          { status: 'cancelled', cancelledAt: event.cancelledAt, sequence: event.sequence },
        );
        const active = await manager.find(Reservation, {
          where: { eventId, status: In(['confirmed', 'offered', 'waitlisted']) },
          order: { queueNumber: 'ASC' },
        });
        const reason = options.reason?.trim() || undefined;
        const offered =
          active.length === 0
            ? []
            : await this.events.bookableSessions(
                manager,
                event.clinicId,
                [event.id, ...(options.notOffered ?? [])],
                now,
                OTHER_SESSIONS_OFFERED,
              );
        for (const reservation of active)
          await this.reservations.cancelLocked(manager, reservation, event, clinic, 'event-cancelled', reason, offered);
        await this.recordEventChange(manager, actor, 'event.cancelled', event, before, {
          cancelledReservationIds: active.map((reservation) => reservation.id),
        });
      },
      'cancelEvent',
    );
    return this.staffView(eventId, actor);
  }

  async listReservations(eventId: string, actor: Actor): Promise<EventReservationsView> {
    const { event } = await this.events.getForStaff(eventId, actor);
    const rows = await this.dataSource.manager.find(Reservation, { where: { eventId }, order: { queueNumber: 'ASC' } });
    let position = 0;
    const reservations = rows.map((reservation) =>
      toStaffReservationView(reservation, reservation.status === 'waitlisted' ? (position += 1) : null),
    );
    const waitlistedSeats = rows.filter((r) => r.status === 'waitlisted').reduce((sum, r) => sum + r.partySize, 0);
    return {
      counts: {
        capacity: event.capacity,
        confirmedSeats: event.confirmedSeats,
        waitlistedSeats,
        seatsLeft: seatsLeft(event),
      },
      reservations,
    };
  }

  /** The attendee list as CSV for the clinic's front desk. */
  async exportAttendees(eventId: string, actor: Actor): Promise<{ filename: string; csv: string }> {
    const { event } = await this.events.getForStaff(eventId, actor);
    const rows = await this.dataSource.manager.find(Reservation, { where: { eventId }, order: { queueNumber: 'ASC' } });
    const day = event.startsAt.toISOString().slice(0, 10);
    return { filename: `attendees-${day}-${event.id.slice(0, 8)}.csv`, csv: attendeesCsv(rows) };
  }

  /** One audit row for a change to a locked event, in its transaction: the fields that changed, before and after. */
  private async recordEventChange(
    manager: EntityManager,
    actor: Actor,
    action: string,
    event: Event,
    before: Snapshot,
    extra: Snapshot = {},
  ) {
    const diff = changedFields(before, eventSnapshot(event));
    await AuditLog.record(manager, {
      actor,
      action,
      clinicId: event.clinicId,
      eventId: event.id,
      subject: { type: 'event', id: event.id },
      before: diff.before,
      after: { ...diff.after, ...extra },
    });
  }

  private async lockForStaff(manager: EntityManager, eventId: string, actor: Actor): Promise<Event> {
    const event = await this.seats.lockEvent(manager, eventId);
    assertCanManageClinic(actor, event.clinicId);
    return event;
  }

  private async waitlistedSeats(manager: EntityManager, eventIds: string[]): Promise<Map<string, number>> {
    if (eventIds.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT event_id, COALESCE(SUM(party_size), 0)::int AS seats FROM reservations
        WHERE event_id = ANY($1) AND status = 'waitlisted' GROUP BY event_id`,
      [eventIds],
    )) as { event_id: string; seats: number }[];
    return new Map(rows.map((row) => [row.event_id, row.seats]));
  }
}
