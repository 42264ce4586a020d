import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import type { Clinic } from '../clinics/clinic.entity.js';
import { ManageTokens } from '../common/crypto/manage-tokens.js';
import { toPublicEventView } from '../events/dto/event-views.js';
import { Event } from '../events/event.entity.js';
import type { WaitingSiblingView } from './dto/reservation-views.js';
import { assertInTransaction } from '../database/transactions.js';
import { OutboxService } from '../notifications/outbox/outbox.service.js';
import { OUTBOX_KINDS } from '../notifications/notification-context.js';
import type { Reservation } from './reservation.entity.js';

/**
 * A waiting list across sessions (issue 9): one person's waitlisted places in several sessions of the same
 * seminar share a `waitlist_group_id`; the first seat that frees up in any of them confirms that place and
 * withdraws the others, in the same transaction.
 *
 * Why two places of one group can never both be confirmed. A seat freeing up in session A is served by a
 * transaction that holds A's event lock (EventSeats). Before it reads A's waiting list it locks every row of
 * every group waiting in A (`lockGroupsWaitingIn`, FOR UPDATE). A transaction serving session B at the same
 * moment holds B's event lock and locks the same group's rows the same way: whichever locks them first goes
 * on, the other waits until it commits. The winner confirms its place and withdraws the sibling (status
 * `withdrawn`) before it commits; the second then reads its waiting list in a new statement, which under READ
 * COMMITTED sees the sibling as withdrawn, so it never picks it and serves the next in line instead. A new
 * group cannot appear in A meanwhile: joining takes A's event lock, which the first holds.
 *
 * Why it cannot deadlock. The group rows are locked in one statement in a fixed order (ORDER BY id), by
 * transactions that already hold all the event locks they will take (their own event, or several taken at
 * once in id order by lockEvents): none of them asks for an event lock while holding group rows, and two of
 * them asking for group rows ask in the same order, so no wait can close a cycle. That needs one more rule:
 * a transaction writes a grouped row only after its sweep, never before one. So a change through a grouped
 * waitlisted place's manage link (which may serve the waiting list afterwards) sweeps its event's groups
 * first (ReservationsService.lockByToken), and a later sweep in the same transaction (promote) asks for the
 * same rows again: no new group can join the event meanwhile, as joining needs the event's lock. Other
 * writers of a grouped row (an attendee's or the clinic's cancellation) take no group lock after it. Every
 * wait is bounded by the transaction's lock_timeout, set when the event was locked.
 */
@Injectable()
export class WaitlistGroups {
  constructor(
    private readonly outbox: OutboxService,
    private readonly tokens: ManageTokens,
  ) {}

  /**
   * Locks, in id order, every reservation of every group that has a waitlisted place in this event. The
   * caller holds the event's lock and reads the waiting list afterwards, in a statement of its own.
   */
  async lockGroupsWaitingIn(manager: EntityManager, eventId: string): Promise<void> {
    assertInTransaction(manager, 'A waiting-list group lock');
    await manager.query(
      `SELECT id FROM reservations
        WHERE waitlist_group_id = ANY(ARRAY(
                SELECT DISTINCT waitlist_group_id FROM reservations
                 WHERE event_id = $1 AND status = 'waitlisted' AND waitlist_group_id IS NOT NULL))
        ORDER BY id FOR UPDATE`,
      [eventId],
    );
  }

  /** Locks one group's rows in id order (a single place promoted by hand); false if it is no longer waitlisted. */
  async lockAndRecheck(manager: EntityManager, reservation: Reservation): Promise<boolean> {
    if (!reservation.waitlistGroupId) return true;
    assertInTransaction(manager, 'A waiting-list group lock');
    const rows = (await manager.query(
      `SELECT id, status FROM reservations WHERE waitlist_group_id = $1 ORDER BY id FOR UPDATE`,
      [reservation.waitlistGroupId],
    )) as { id: string; status: string }[];
    return rows.some((row) => row.id === reservation.id && row.status === 'waitlisted');
  }

  /**
   * For each newly confirmed place of a group: withdraws the group's other waitlisted places and drops
   * their unsent messages. The caller holds the group's rows (`lockGroupsWaitingIn` or `lockAndRecheck`).
   * Returns, per confirmed place that had any, the sessions it was withdrawn from (its promotion e-mail says so).
   */
  async withdrawSiblings(manager: EntityManager, confirmed: readonly Reservation[]): Promise<Map<string, Event[]>> {
    const withdrawnFrom = new Map<string, Event[]>();
    for (const reservation of confirmed) {
      if (!reservation.waitlistGroupId) continue;
      const [rows] = (await manager.query(
        `UPDATE reservations SET status = 'withdrawn', updated_at = now()
          WHERE waitlist_group_id = $1 AND id <> $2 AND status = 'waitlisted'
          RETURNING id, event_id AS "eventId"`,
        [reservation.waitlistGroupId, reservation.id],
      )) as [{ id: string; eventId: string }[], number];
      if (rows.length === 0) continue;
      for (const { id } of rows) await this.outbox.cancelPendingForReservation(manager, id, OUTBOX_KINDS);
      const events = await manager.find(Event, { where: { id: In(rows.map((row) => row.eventId)) } });
      withdrawnFrom.set(
        reservation.id,
        events.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
      );
    }
    return withdrawnFrom;
  }

  /** The other places still waitlisted in a place's group, soonest session first (the manage page lists them). */
  async waitingSiblings(
    manager: EntityManager,
    reservation: Pick<Reservation, 'id' | 'waitlistGroupId' | 'status'>,
  ): Promise<{ id: string; manageTokenNonce: string; event: Event }[]> {
    if (!reservation.waitlistGroupId || reservation.status !== 'waitlisted') return [];
    const rows = (await manager.query(
      `SELECT id, event_id AS "eventId", manage_token_nonce AS "manageTokenNonce" FROM reservations
        WHERE waitlist_group_id = $1 AND id <> $2 AND status = 'waitlisted'`,
      [reservation.waitlistGroupId, reservation.id],
    )) as { id: string; eventId: string; manageTokenNonce: string }[];
    if (rows.length === 0) return [];
    const events = await manager.find(Event, { where: { id: In(rows.map((row) => row.eventId)) } });
    return rows
      .map((row) => ({ ...row, event: events.find((event) => event.id === row.eventId)! }))
      .sort((a, b) => a.event.startsAt.getTime() - b.event.startsAt.getTime());
  }

  /** A grouped waitlisted place's other places, each with its own manage link (to cancel it alone); {} otherwise. */
  async siblingViews(
    manager: EntityManager,
    reservation: Reservation,
    clinic: Clinic,
  ): Promise<{ alsoWaitingFor?: WaitingSiblingView[] }> {
    const siblings = await this.waitingSiblings(manager, reservation);
    if (siblings.length === 0) return {};
    return {
      alsoWaitingFor: siblings.map((sibling) => ({
        reservationId: sibling.id,
        manageUrl: this.tokens.manageUrl(this.tokens.tokenFor(sibling.id, sibling.manageTokenNonce)),
        event: toPublicEventView(sibling.event, clinic),
      })),
    };
  }
}
