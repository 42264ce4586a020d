import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditLog } from '../../audit/audit-log.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { Clock } from '../../common/clock.js';
import { assertInTransaction } from '../../database/transactions.js';
import { affectedRows } from '../../database/affected-rows.js';
import { EventSeats } from '../../events/event-seats.js';
import type { Event } from '../../events/event.entity.js';
import { OutboxService } from '../../notifications/outbox/outbox.service.js';
import { BookingNotifier } from '../booking-notifier.js';
import { Reservation } from '../reservation.entity.js';
import { WaitlistService } from '../waitlist.service.js';
import { isReleaseDue, pickReleased } from './reconfirm-rules.js';
import { reconfirmSettings } from './reconfirm-scheduler.js';

/** Per run, at most this many events released; the rest wait a tick. */
const MAX_EVENTS_PER_RUN = 200;

export interface ReleaseRunReport {
  eventsReleased: number;
  reservationsReleased: number;
}

/**
 * "Release if unconfirmed" at the deadline (issue 9, DESIGN rule 11), run by the periodic jobs of every app
 * instance and the worker (AttendanceJobs). One transaction per event:
 * 1. the claim: `SELECT … FOR UPDATE SKIP LOCKED` on an event whose deadline has passed, whose release has
 *    not run and that has not started, so another instance skips it rather than waits; then the event lock
 *    (EventSeats.lockEvent) that every seat change takes;
 * 2. `events.unconfirmed_released_at` is set by a conditional UPDATE (… AND unconfirmed_released_at IS NULL):
 *    a run that claimed the event after another committed changes nothing and stops there; PostgreSQL
 *    re-checks that WHERE against the newest row version, so each event's release runs once;
 * 3. the confirmed reservations are locked, the rule picks who is released (reconfirm-rules.ts: warned, no
 *    "yes", not checked in), and the UPDATE to `released` repeats those conditions, so a "yes" or a check-in
 *    that got its row lock first keeps the seat;
 * 4. the seats go back (EventSeats.releaseSeats), reminders and questions are dropped, each released attendee
 *    is told (with a CANCEL of their invite), and the waiting list is served (WaitlistService.promote), all
 *    in the same transaction.
 */
@Injectable()
export class UnconfirmedRelease {
  private readonly logger = new Logger('UnconfirmedRelease');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seats: EventSeats,
    private readonly waitlist: WaitlistService,
    private readonly notifier: BookingNotifier,
    private readonly outbox: OutboxService,
    private readonly clinics: ClinicsService,
    private readonly clock: Clock,
  ) {}

  /** Releases every event whose deadline has passed at `now`, one transaction each. */
  async releaseDue(now = this.clock.now(), stillWanted: () => boolean = () => true): Promise<ReleaseRunReport> {
    let eventsReleased = 0;
    let reservationsReleased = 0;
    const failed: string[] = [];
    while (eventsReleased + failed.length < MAX_EVENTS_PER_RUN && stillWanted()) {
      let claimed: string | undefined;
      try {
        const released = await this.dataSource.transaction(async (manager) => {
          claimed = await claimReleaseDue(manager, now, failed);
          return claimed ? this.releaseLocked(manager, claimed, now) : undefined;
        });
        if (released === undefined) break;
        if (released === null) continue; // another instance released it first
        eventsReleased += 1;
        reservationsReleased += released;
      } catch (error) {
        if (!claimed) throw error;
        failed.push(claimed);
        this.logger.error({ message: 'could not release unconfirmed seats', eventId: claimed, error: String(error) });
      }
    }
    if (eventsReleased > 0)
      this.logger.log({ message: 'released unconfirmed seats', eventsReleased, reservationsReleased });
    return { eventsReleased, reservationsReleased };
  }

  /** With the event claimed: its release, once. How many reservations were released; null if it had run already. */
  private async releaseLocked(manager: EntityManager, eventId: string, now: Date): Promise<number | null> {
    const event = await this.seats.lockEvent(manager, eventId);
    const clinic = await this.clinics.getById(event.clinicId, manager);
    const marked = await affectedRows(
      manager,
      `UPDATE events SET unconfirmed_released_at = $2 WHERE id = $1 AND unconfirmed_released_at IS NULL`,
      [event.id, now],
    );
    const settings = { ...reconfirmSettings(event, clinic), status: event.status, unconfirmedReleasedAt: null };
    if (marked === 0) return null;
    if (!isReleaseDue(settings, now)) return 0;

    const confirmed = await manager.find(Reservation, {
      where: { eventId: event.id, status: 'confirmed' },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const warned = await this.outbox.sentTo(
      manager,
      confirmed.map((r) => r.id),
      'release-warning',
    );
    const chosen = pickReleased(confirmed.map((r) => ({ ...r, warned: warned.has(r.id) })));
    const releasedIds = await releaseReservations(
      manager,
      chosen.map((r) => r.id),
      now,
    );
    const released = await manager.find(Reservation, { where: { id: In(releasedIds) }, order: { id: 'ASC' } });
    const seats = released.reduce((sum, r) => sum + r.partySize, 0);
    if (seats > 0) {
      await this.seats.releaseSeats(manager, event.id, seats);
      event.confirmedSeats -= seats;
    }
    for (const reservation of released) {
      await this.notifier.dropReminders(manager, reservation.id);
      await this.notifier.notify(manager, 'released', { clinic, event, reservation, statusBefore: 'confirmed' });
    }
    const promoted = seats > 0 ? await this.waitlist.promote(manager, event.id, clinic) : [];
    await this.record(manager, event, releasedIds, promoted);
    return released.length;
  }

  private async record(manager: EntityManager, event: Event, releasedIds: string[], promoted: Reservation[]) {
    await AuditLog.record(manager, {
      actor: null,
      action: 'event.unconfirmed_released',
      clinicId: event.clinicId,
      eventId: event.id,
      subject: { type: 'event', id: event.id },
      after: { releasedReservationIds: releasedIds, promotedReservationIds: promoted.map((r) => r.id) },
    });
  }
}

/**
 * One published event, release on, not yet released, whose deadline has passed at `now` and which has not
 * started, locked for this transaction (SKIP LOCKED: an event another instance is releasing is skipped); or none.
 */
async function claimReleaseDue(manager: EntityManager, now: Date, skip: string[]): Promise<string | undefined> {
  assertInTransaction(manager, 'Claiming an event to release');
  const [row] = (await manager.query(
    `SELECT id FROM events
      WHERE release_unconfirmed AND unconfirmed_released_at IS NULL AND status = 'published'
        AND starts_at > $1::timestamptz
        AND starts_at - make_interval(mins => release_deadline_minutes) <= $1::timestamptz
        AND NOT (id = ANY($2::uuid[]))
      ORDER BY starts_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED`,
    [now, skip],
  )) as { id: string }[];
  return row?.id;
}

/** The conditional UPDATE that releases: only rows still confirmed, unanswered and not checked in. */
async function releaseReservations(manager: EntityManager, ids: string[], now: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const [rows] = (await manager.query(
    `UPDATE reservations
        SET status = 'released', released_at = $2, invite_sequence = invite_sequence + 1, updated_at = now()
      WHERE id = ANY($1::uuid[]) AND status = 'confirmed' AND reconfirmed_at IS NULL AND checked_in_at IS NULL
  RETURNING id`,
    [ids, now],
  )) as [{ id: string }[], number];
  return rows.map((row) => row.id).sort();
}
