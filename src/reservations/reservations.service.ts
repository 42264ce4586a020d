import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ConflictError, NotFoundError } from '../common/errors/domain-error.js';
import { hashManageToken } from '../common/crypto/tokens.js';
import { ReservationLinks } from '../common/crypto/reservation-links.js';
import type { Clinic } from '../clinics/clinic.entity.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { toPublicEventView } from '../events/dto/event-views.js';
import {
  assertOpenForReservations,
  assertPartySizeAllowed,
  assertStillUpcoming,
  seatsLeft,
} from '../events/event-rules.js';
import { EventSeats } from '../events/event-seats.js';
import { Event } from '../events/event.entity.js';
import { withSerializationRetry } from '../database/transactions.js';
import { buildInvite } from '../notifications/messages/invite.js';
import { BookingNotifier } from './booking-notifier.js';
import type { ManagedReservationView, ReservationReceiptView } from './dto/reservation-views.js';
import type { StoredAnswer } from './idempotency.store.js';
import { SeatBookingService, type ReserveSeatsInput } from './seat-booking.service.js';
import { INACTIVE_STATUSES, Reservation, SEAT_HOLDING_STATUSES, type ReservationSource } from './reservation.entity.js';
import { WaitlistService } from './waitlist.service.js';
import { WaitlistGroups } from './waitlist-groups.js';

export type { ReserveSeatsInput } from './seat-booking.service.js';

/** What an attendee can do: reserve, and through the manage link read, resize, switch and cancel. */
@Injectable()
export class ReservationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seats: EventSeats,
    private readonly waitlist: WaitlistService,
    private readonly booking: SeatBookingService,
    private readonly notifier: BookingNotifier,
    private readonly clinics: ClinicsService,
    private readonly groups: WaitlistGroups,
    private readonly clock: Clock,
    private readonly links: ReservationLinks,
  ) {}

  /** Reserves seats, or a place on the waiting list (SeatBookingService: batched per event). */
  reserveSeats(
    eventId: string,
    input: ReserveSeatsInput,
    idempotencyKey?: string,
    source: ReservationSource = 'web',
  ): Promise<StoredAnswer<ReservationReceiptView>> {
    return this.booking.reserve(eventId, input, idempotencyKey, source);
  }

  async viewByToken(token: string): Promise<ManagedReservationView> {
    const reservation = await this.findActiveByToken(this.dataSource.manager, token);
    const event = await this.dataSource.manager.findOneOrFail(Event, { where: { id: reservation.eventId } });
    const clinic = await this.clinics.getById(event.clinicId);
    return this.managedView(this.dataSource.manager, reservation, event, clinic);
  }

  /** The invite as it stands now, for a confirmed seat: what a calendar would hold after every update. */
  async currentInvite(token: string): Promise<{ filename: string; ics: string }> {
    const reservation = await this.findActiveByToken(this.dataSource.manager, token);
    if (reservation.status !== 'confirmed') {
      throw new ConflictError(
        'NOT_CONFIRMED',
        'A calendar invite comes with a confirmed seat; you are on the waiting list.',
      );
    }
    const event = await this.dataSource.manager.findOneOrFail(Event, { where: { id: reservation.eventId } });
    const clinic = await this.clinics.getById(event.clinicId);
    const invite = buildInvite({ method: 'REQUEST', context: this.notifier.context({ clinic, event, reservation }) });
    return { filename: `${reservation.confirmationCode}.ics`, ics: invite.ics };
  }

  /** The attendee cancels; their seats go to the waiting list at once. The link is used up. */
  async cancelByToken(token: string): Promise<ManagedReservationView> {
    return withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const { reservation, event, clinic } = await this.lockByToken(manager, token);
        await this.cancelLocked(manager, reservation, event, clinic, 'attendee-cancellation');
        return this.managedView(manager, reservation, event, clinic);
      },
      'cancelByToken',
    );
  }

  /**
   * Cancels a reservation whose event the caller has locked; frees its seats and serves the waiting list.
   * A staff cancellation gives its reason, which is stored and told to the attendee.
   */
  async cancelLocked(
    manager: EntityManager,
    reservation: Reservation,
    event: Event,
    clinic: Clinic,
    notice: 'attendee-cancellation' | 'event-cancelled',
    reason?: string,
    otherSessions?: Event[],
  ): Promise<void> {
    const statusBefore = reservation.status;
    // A late seat offer holds its seats as a confirmed seat does (issue 9).
    const wasConfirmed = SEAT_HOLDING_STATUSES.includes(statusBefore);
    reservation.status = 'cancelled';
    reservation.cancelledAt = this.clock.now();
    reservation.inviteSequence += 1;
    if (reason !== undefined) reservation.cancellationReason = reason;
    await manager.update(
      Reservation,
      { id: reservation.id },
      {
        status: 'cancelled',
        cancelledAt: reservation.cancelledAt,
        inviteSequence: reservation.inviteSequence,
        ...(reason !== undefined ? { cancellationReason: reason } : {}),
      },
    );
    await this.notifier.dropReminders(manager, reservation.id);
    await this.notifier.notify(manager, notice, { clinic, event, reservation, statusBefore, otherSessions });
    if (wasConfirmed) {
      await this.seats.releaseSeats(manager, event.id, reservation.partySize);
      event.confirmedSeats -= reservation.partySize;
      if (notice === 'attendee-cancellation') await this.waitlist.promote(manager, event.id, clinic);
    }
  }

  async changePartySize(token: string, partySize: number): Promise<ManagedReservationView> {
    return withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const { reservation, event, clinic } = await this.lockByToken(manager, token);
        assertStillUpcoming(event, this.clock.now());
        assertPartySizeAllowed(event, partySize);
        const delta = partySize - reservation.partySize;
        const holdsSeats = SEAT_HOLDING_STATUSES.includes(reservation.status);
        if (holdsSeats && delta > 0 && !(await this.seats.takeSeats(manager, event.id, delta))) {
          throw new ConflictError('EVENT_FULL', `Only ${seatsLeft(event)} more seats are free.`, {
            seatsLeft: seatsLeft(event),
          });
        }
        if (holdsSeats && delta < 0) await this.seats.releaseSeats(manager, event.id, -delta);
        reservation.partySize = partySize;
        // A confirmed attendee's calendar shows the seats (the invite's DESCRIPTION): a change is a new revision
        // of the invite, with a higher SEQUENCE, sent as a REQUEST (DESIGN rule 7), and the reminders say it too.
        const attendeeSeesIt = reservation.status === 'confirmed' && delta !== 0;
        if (attendeeSeesIt) reservation.inviteSequence += 1;
        await manager.update(
          Reservation,
          { id: reservation.id },
          { partySize, ...(attendeeSeesIt ? { inviteSequence: reservation.inviteSequence } : {}) },
        );
        if (attendeeSeesIt) {
          const notice = { clinic, event, reservation };
          await this.notifier.notify(manager, 'confirmation', notice);
          await this.notifier.scheduleReminders(manager, notice);
        }
        if (delta !== 0) await this.waitlist.promote(manager, event.id, clinic);
        const current = await manager.findOneOrFail(Reservation, { where: { id: reservation.id } });
        return this.managedView(manager, current, await this.seats.lockEvent(manager, event.id), clinic);
      },
      'changePartySize',
    );
  }

  /**
   * Moves the reservation to another session of the same clinic: both changes or neither. Both events are
   * locked at once, in id order, and the reservation is read again under those locks. If it moved meanwhile
   * its event is not among them, and locking that third event now would break the id order (the
   * intermittent deadlock of issue 10), so the answer is RESERVATION_CHANGED with no further lock.
   */
  async switchEvent(token: string, targetEventId: string): Promise<ManagedReservationView> {
    return withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const seen = await this.findActiveByToken(manager, token);
        const locked = await this.seats.lockEvents(manager, [seen.eventId, targetEventId]);
        const reservation = await this.findActiveByToken(manager, token);
        // A place waiting in other sessions too may have been withdrawn by a seat there: its group decides (issue 9).
        const grouped = reservation.status === 'waitlisted' && reservation.waitlistGroupId !== null;
        if (
          reservation.eventId !== seen.eventId ||
          (grouped && !(await this.groups.lockAndRecheck(manager, reservation)))
        )
          throw new ConflictError('RESERVATION_CHANGED', 'The reservation changed meanwhile; try again.');
        const from = locked.get(seen.eventId)!;
        const to = locked.get(targetEventId)!;
        const clinic = await this.clinics.getById(from.clinicId, manager);
        if (to.id === from.id || to.clinicId !== from.clinicId || to.status === 'draft') {
          throw new ConflictError(
            'SWITCH_NOT_ALLOWED',
            'A reservation can only move to another session of the same clinic.',
          );
        }
        const now = this.clock.now();
        assertOpenForReservations(to, reservation.partySize, now);
        const clash = reservation.email
          ? await manager.findOne(Reservation, {
              where: { eventId: to.id, email: reservation.email, status: Not(In([...INACTIVE_STATUSES])) },
            })
          : null;
        if (clash)
          throw new ConflictError(
            'ALREADY_RESERVED',
            'This e-mail address already has a reservation for that session.',
          );
        if (!(await this.seats.takeSeats(manager, to.id, reservation.partySize))) {
          throw new ConflictError('EVENT_FULL', 'That session has no free seats for this party.');
        }
        const wasConfirmed = SEAT_HOLDING_STATUSES.includes(reservation.status);
        Object.assign(reservation, {
          eventId: to.id,
          status: 'confirmed',
          confirmedAt: now,
          offerExpiresAt: null,
          // "Still coming?" was answered for the old session; the new one asks again in its own time.
          reconfirmedAt: null,
          inviteSequence: reservation.inviteSequence + 1,
        });
        await manager.update(
          Reservation,
          { id: reservation.id },
          {
            eventId: to.id,
            status: 'confirmed',
            confirmedAt: now,
            offerExpiresAt: null,
            reconfirmedAt: null,
            inviteSequence: reservation.inviteSequence,
          },
        );
        if (grouped) await this.groups.withdrawSiblings(manager, [reservation]);
        await this.notifier.dropReminders(manager, reservation.id);
        const switchedTo = await this.seats.lockEvent(manager, to.id);
        const notice = { clinic, event: switchedTo, reservation };
        await this.notifier.notify(manager, 'confirmation', notice);
        await this.notifier.scheduleReminders(manager, notice);
        if (wasConfirmed) {
          await this.seats.releaseSeats(manager, from.id, reservation.partySize);
          await this.waitlist.promote(manager, from.id, clinic);
        }
        return this.managedView(manager, reservation, switchedTo, clinic);
      },
      'switchEvent',
    );
  }

  /**
   * The clinic a manage link belongs to, whatever became of its reservation (a used-up link still deserves
   * the clinic's phone number); undefined when the token names nothing.
   */
  async clinicOfToken(token: string): Promise<Clinic | undefined> {
    if (token.length < 20 || token.length > 100) return undefined;
    const reservation = await this.dataSource.manager.findOne(Reservation, {
      where: { manageTokenHash: hashManageToken(token) },
    });
    if (!reservation) return undefined;
    const event = await this.dataSource.manager.findOneOrFail(Event, { where: { id: reservation.eventId } });
    return this.clinics.getById(event.clinicId);
  }

  private async findActiveByToken(manager: EntityManager, token: string): Promise<Reservation> {
    const reservation =
      token.length >= 20 && token.length <= 100
        ? await manager.findOne(Reservation, {
            where: { manageTokenHash: hashManageToken(token), status: Not(In([...INACTIVE_STATUSES])) },
          })
        : null;
    if (!reservation) throw new NotFoundError('Reservation');
    return reservation;
  }

  /** Locks the reservation's event, then reads the reservation again under that lock. */
  private async lockByToken(
    manager: EntityManager,
    token: string,
  ): Promise<{ reservation: Reservation; event: Event; clinic: Clinic }> {
    const found = await this.findActiveByToken(manager, token);
    const event = await this.seats.lockEvent(manager, found.eventId);
    // A grouped waitlisted place takes its event's group rows before anything writes it, in the one ordered
    // sweep a promotion takes too (WaitlistGroups); read after it, it is seen withdrawn if a seat elsewhere took it.
    if (found.waitlistGroupId !== null && found.status === 'waitlisted')
      await this.groups.lockGroupsWaitingIn(manager, event.id);
    const reservation = await this.findActiveByToken(manager, token);
    if (reservation.eventId !== event.id)
      throw new ConflictError('RESERVATION_CHANGED', 'The reservation changed meanwhile; try again.');
    return { reservation, event, clinic: await this.clinics.getById(event.clinicId, manager) };
  }

  private async managedView(
    manager: EntityManager,
    reservation: Reservation,
    event: Event,
    clinic: Clinic,
  ): Promise<ManagedReservationView> {
    return {
      reservationId: reservation.id,
      status: reservation.status,
      confirmationCode: reservation.confirmationCode,
      name: reservation.name,
      email: reservation.email ?? '',
      phone: reservation.phone,
      partySize: reservation.partySize,
      waitlistPosition: await this.waitlist.positionOf(manager, reservation),
      event: toPublicEventView(event, clinic),
      // The attendee's personal join link (issue 9), never the meeting's own URL, and only for a confirmed seat.
      joinUrl:
        event.kind === 'webinar' && event.joinUrl && reservation.status === 'confirmed'
          ? this.links.urlFor('join', reservation.id, reservation.manageTokenNonce)
          : null,
      offerExpiresAt: reservation.status === 'offered' ? (reservation.offerExpiresAt?.toISOString() ?? null) : null,
      ...(await this.groups.siblingViews(manager, reservation, clinic)),
    };
  }
}
