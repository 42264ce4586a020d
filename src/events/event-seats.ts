import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { assertInTransaction } from '../database/transactions.js';
import type { Clinic } from '../clinics/clinic.entity.js';
import { Event } from './event.entity.js';
import { affectedRows } from '../database/affected-rows.js';

/**
 * The only code that changes an event's seat counter. Why it cannot oversell:
 *
 * 1. Every transaction that changes seats first takes the event row's lock (`lockEvent`, SELECT … FOR
 *    UPDATE), so seat changes for one event run one after another, on every app instance, and each sees
 *    the counter as the previous one committed it. The waiting list is read under the same lock, so a
 *    freed seat and a newcomer can never both miss each other.
 * 2. `takeSeats` is a conditional UPDATE: it adds seats only `WHERE confirmed_seats + n <= capacity +
 *    extra_seats` (the bookable seats: extra_seats is 0 unless the event overbooks, DESIGN rule 11), in
 *    the database, and reports whether it did. Application code never writes a computed total.
 *    Reservations come in batches (group commit, SeatBookingService): one transaction per batch takes the
 *    lock as in 1, reads the counter and the queue after the lock is granted, places the batch's requests in
 *    arrival order against that state (placeBatch, the same rules as one request at a time), and adds the
 *    batch's seats with the same conditional UPDATE (ReservationBatchWriter.write), which writes the
 *    reservations only if it matched. A batch takes its requests only once it holds the lock (the next one
 *    may already wait for the lock, holding none), so batches of one event hold the lock one after another,
 *    in an instance and across instances, and the argument is the one for single reservations with "a
 *    batch" in place of "a reservation".
 * 3. The CHECK constraint `ck_events_seats_within_bookable` (confirmed_seats between 0 and capacity + extra_seats) is
 *    the last line of defence: a commit that would oversell fails instead.
 *
 * Why it cannot deadlock: a transaction takes all the event locks it will need before it writes any
 * reservation, and when it needs several (a switch) it takes them at once through `lockEvents`, in id
 * order; it never locks another event afterwards. Why it cannot hang (DESIGN rule 12): each lock waits at
 * most DATABASE_LOCK_TIMEOUT_MS (`SET LOCAL lock_timeout`, 3 s as pretix), then fails with 55P03, which the
 * error filter answers as 503 SERVICE_UNAVAILABLE with Retry-After. A lock outside a transaction would be
 * released at once and protect nothing, so it is refused.
 */
@Injectable()
export class EventSeats {
  private readonly lockTimeoutMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.lockTimeoutMs = config.database.timeouts.lockMs;
  }

  /** Locks the event row for the rest of the transaction and returns it as it now is. */
  async lockEvent(manager: EntityManager, eventId: string): Promise<Event> {
    await this.boundLockWaits(manager);
    return this.lockRow(manager, eventId);
  }

  /**
   * As lockEvent, and reads the event's clinic in the same statement (`FOR UPDATE OF event`: the clinic's
   * row is not locked), for a caller that needs both and would otherwise read the clinic in a round trip of its own.
   */
  async lockEventAndClinic(manager: EntityManager, eventId: string): Promise<{ event: Event; clinic: Clinic }> {
    await this.boundLockWaits(manager);
    const event = await this.lockRow(manager, eventId, { withClinic: true });
    const { clinic } = event;
    // The event goes on as the other locks return it, without the relation (no message or view expects it).
    delete (event as Partial<Event>).clinic;
    return { event, clinic };
  }

  /** Locks several events in a fixed order (by id), so two transactions never wait on each other. */
  async lockEvents(manager: EntityManager, eventIds: string[]): Promise<Map<string, Event>> {
    await this.boundLockWaits(manager);
    const locked = new Map<string, Event>();
    for (const id of [...new Set(eventIds)].sort()) locked.set(id, await this.lockRow(manager, id));
    return locked;
  }

  /** Every lock wait for the rest of the transaction (this one and those after it) gives up in time. */
  private async boundLockWaits(manager: EntityManager): Promise<void> {
    assertInTransaction(manager, 'An event seat lock');
    await manager.query(`SET LOCAL lock_timeout = ${this.lockTimeoutMs}`);
  }

  private async lockRow(manager: EntityManager, eventId: string, { withClinic = false } = {}): Promise<Event> {
    const query = manager.createQueryBuilder(Event, 'event');
    if (withClinic) query.innerJoinAndSelect('event.clinic', 'clinic');
    const event = await query
      .setLock('pessimistic_write', undefined, withClinic ? ['event'] : undefined)
      .where('event.id = :eventId', { eventId })
      .getOne();
    if (!event) throw new NotFoundError('Event');
    return event;
  }

  /** Adds `seats` confirmed seats if they fit the bookable seats (capacity + extra_seats); false (and nothing changed) if not. */
  async takeSeats(manager: EntityManager, eventId: string, seats: number): Promise<boolean> {
    const updated = await affectedRows(
      manager,
      `UPDATE events
          SET confirmed_seats = confirmed_seats + $2
        WHERE id = $1
          AND confirmed_seats + $2 <= capacity + extra_seats`,
      [eventId, seats],
    );
    return updated === 1;
  }

  async releaseSeats(manager: EntityManager, eventId: string, seats: number): Promise<void> {
    await manager.query(`UPDATE events SET confirmed_seats = confirmed_seats - $2 WHERE id = $1`, [eventId, seats]);
  }

  /** The confirmed seats as the database holds them now (the caller holds the event's lock). */
  async confirmedSeats(manager: EntityManager, eventId: string): Promise<number> {
    const [row] = (await manager.query(`SELECT confirmed_seats FROM events WHERE id = $1`, [eventId])) as {
      confirmed_seats: number;
    }[];
    if (!row) throw new NotFoundError('Event');
    return row.confirmed_seats;
  }

  /** Sets the capacity, only if it stays at or above the confirmed seats; false if it would not. */
  async setCapacity(manager: EntityManager, eventId: string, capacity: number): Promise<boolean> {
    const updated = await affectedRows(
      manager,
      `UPDATE events SET capacity = $2, updated_at = now()
        WHERE id = $1 AND confirmed_seats <= $2 + extra_seats`,
      [eventId, capacity],
    );
    return updated === 1;
  }
}
