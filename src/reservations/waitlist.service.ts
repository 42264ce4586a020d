import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { ConflictError } from '../common/errors/domain-error.js';
import type { EntityManager } from 'typeorm';
import type { Clinic } from '../clinics/clinic.entity.js';
import { EventSeats } from '../events/event-seats.js';
import type { Event } from '../events/event.entity.js';
import { BookingNotifier } from './booking-notifier.js';
import { Reservation } from './reservation.entity.js';
import { WaitlistGroups } from './waitlist-groups.js';
import { isLatePromotion, isWaitlistServed, offerExpiry, pickPromotions } from './waitlist.js';
import { seatsLeft } from '../events/event-rules.js';

/** Serves the waiting list whenever seats free up (DESIGN rule 3). */
@Injectable()
export class WaitlistService {
  constructor(
    private readonly seats: EventSeats,
    private readonly notifier: BookingNotifier,
    private readonly groups: WaitlistGroups,
    private readonly clock: Clock,
  ) {}

  /**
   * Confirms the earliest waitlisted reservations that fit the free seats, in the caller's transaction,
   * which must hold the event's lock (EventSeats.lockEvent). Returns the promoted reservations. A promoted
   * place that waits in other sessions too withdraws from them (WaitlistGroups: its rows are locked before
   * the waiting list is read, so a sibling confirmed meanwhile in another session is seen as withdrawn).
   * Less than the clinic's offer threshold before the start they are `offered` instead (issue 9): seats held,
   * a 'seat-offer' e-mail, until accepted or lapsed (SeatOffersService). An offer takes the group's turn as a
   * seat does (its siblings withdraw now): the seat is theirs to take, and a lapsed offer is their turn passed.
   */
  async promote(manager: EntityManager, eventId: string, clinic: Clinic): Promise<Reservation[]> {
    const event = await this.seats.lockEvent(manager, eventId);
    const now = this.clock.now();
    if (!isWaitlistServed(event, now)) return [];
    const free = seatsLeft(event);
    if (free <= 0) return [];

    await this.groups.lockGroupsWaitingIn(manager, eventId);
    const waitlist = await manager.find(Reservation, {
      where: { eventId, status: 'waitlisted' },
      order: { queueNumber: 'ASC' },
    });
    const chosen = new Set(pickPromotions(waitlist, free).map((entry) => entry.id));
    const promoted = waitlist.filter((reservation) => chosen.has(reservation.id));
    if (promoted.length === 0) return [];

    const seatsNeeded = promoted.reduce((sum, reservation) => sum + reservation.partySize, 0);
    if (!(await this.seats.takeSeats(manager, eventId, seatsNeeded))) {
      throw new Error('Waiting list promotion found fewer free seats than the locked event showed');
    }
    // Close to the start a seat is offered, held until it is accepted or lapses (issue 9), not confirmed.
    const offerExpiresAt = isLatePromotion(event.startsAt, now, clinic.offerThresholdMinutes)
      ? offerExpiry(event.startsAt, now, clinic.offerWindowMinutes)
      : null;
    for (const reservation of promoted) {
      const placed = offerExpiresAt
        ? { status: 'offered' as const, offerExpiresAt }
        : { status: 'confirmed' as const, confirmedAt: now, promotedAt: now };
      Object.assign(reservation, placed);
      await manager.update(Reservation, { id: reservation.id }, placed);
    }
    event.confirmedSeats += seatsNeeded;
    const withdrawnFrom = await this.groups.withdrawSiblings(manager, promoted);
    for (const reservation of promoted) {
      const notice = { clinic, event, reservation };
      if (offerExpiresAt)
        await this.notifier.notify(manager, 'seat-offer', {
          ...notice,
          otherSessions: withdrawnFrom.get(reservation.id),
        });
      else await this.announcePromotion(manager, notice, withdrawnFrom.get(reservation.id));
    }
    return promoted;
  }

  /**
   * Staff confirm one waitlisted reservation by hand (issue 8: at the door once the event has started, when
   * the automatic promotion above has stopped), in the caller's transaction holding the event's lock. Only
   * if its whole party fits the free seats: takeSeats decides, in the database. Returns false, having
   * changed nothing, when it does not fit. It is told exactly as an automatic promotion is.
   */
  async promoteOne(manager: EntityManager, event: Event, reservation: Reservation, clinic: Clinic): Promise<boolean> {
    if (!(await this.groups.lockAndRecheck(manager, reservation)))
      throw new ConflictError('NOT_WAITLISTED', 'This place was withdrawn: a seat in another session took it.');
    if (!(await this.seats.takeSeats(manager, event.id, reservation.partySize))) return false;
    const now = this.clock.now();
    Object.assign(reservation, { status: 'confirmed', confirmedAt: now, promotedAt: now });
    await manager.update(
      Reservation,
      { id: reservation.id },
      { status: 'confirmed', confirmedAt: now, promotedAt: now },
    );
    event.confirmedSeats += reservation.partySize;
    const withdrawnFrom = await this.groups.withdrawSiblings(manager, [reservation]);
    await this.announcePromotion(manager, { clinic, event, reservation }, withdrawnFrom.get(reservation.id));
    return true;
  }

  /** The 'promotion' e-mail with the invite (and the lists it left), and the reminders: a seat confirmed from the waiting list. */
  async announcePromotion(
    manager: EntityManager,
    notice: { clinic: Clinic; event: Event; reservation: Reservation },
    withdrawnFrom?: Event[],
  ) {
    // A place that waited in other sessions too is told which lists it has left (issue 9).
    await this.notifier.notify(manager, 'promotion', { ...notice, otherSessions: withdrawnFrom });
    await this.notifier.scheduleReminders(manager, notice);
  }

  /** 1-based place in the queue of a waitlisted reservation. */
  async positionOf(manager: EntityManager, reservation: Reservation): Promise<number | null> {
    if (reservation.status !== 'waitlisted') return null;
    const [row] = (await manager.query(
      `SELECT count(*)::int AS position FROM reservations
        WHERE event_id = $1 AND status = 'waitlisted' AND queue_number <= $2`,
      [reservation.eventId, reservation.queueNumber],
    )) as { position: number }[];
    return row.position;
  }
}
