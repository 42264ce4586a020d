import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type EntityManager, In } from 'typeorm';
import type { Clinic } from '../clinics/clinic.entity.js';
import { ManageTokens } from '../common/crypto/manage-tokens.js';
import { newConfirmationCode } from '../common/crypto/tokens.js';
import { ConflictError, DomainError } from '../common/errors/domain-error.js';
import { toPublicEventView } from '../events/dto/event-views.js';
import { EventSeats } from '../events/event-seats.js';
import { Event } from '../events/event.entity.js';
import { sameSeminarRelation } from '../events/same-seminar.js';
import type { GroupPlaceView } from './dto/reservation-views.js';
import { type NewReservationRow, ReservationBatchWriter } from './reservation-batch-writer.js';
import { placeBatch } from './seat-placement.js';

/** A party that waits in the other sessions too: the new rows are made like the main one. */
export interface GroupJoinRequest {
  /** The main reservation's row, already written: its fields are copied, and it joins the group. */
  mainRow: NewReservationRow;
}

/** One other session the party will wait in, with the place it gets on that waiting list. */
export interface PlannedPlace {
  event: Event;
  position: number;
}

const CODE_ATTEMPTS = 5;

function invalid(eventId: string, reason: string, message: string): DomainError {
  return new DomainError('ALSO_WAIT_FOR_INVALID', message, { eventId, reason });
}

/**
 * "Any of these sessions" (issue 9): a person joining a full event's waiting list also waits in other
 * sessions of the same seminar. One transaction (SeatBookingService, the request runs alone, not in a batch)
 * locks every event at once in id order (EventSeats.lockEvents), places the main request as usual and, if it is
 * waitlisted, one waitlisted place per other session, all sharing a new waitlist_group_id. Promotion then
 * confirms the first place a seat frees up for and withdraws the others (WaitlistGroups).
 */
@Injectable()
export class WaitlistGroupJoin {
  constructor(
    private readonly seats: EventSeats,
    private readonly writer: ReservationBatchWriter,
    private readonly tokens: ManageTokens,
  ) {}

  /**
   * Before the transaction, without locks: every id names another session of the same seminar (same clinic,
   * same series or title, or the webinar twin). Unknown ids, drafts, other clinics and other seminars are
   * ALSO_WAIT_FOR_INVALID (422) with the id and the reason in the details.
   */
  async check(manager: EntityManager, main: Event, ids: readonly string[]): Promise<void> {
    const found = await manager.find(Event, { where: { id: In([...ids]) } });
    for (const id of ids) {
      const event = found.find((candidate) => candidate.id === id);
      if (!event || event.status === 'draft' || id === main.id)
        throw invalid(id, 'unknown', 'alsoWaitFor names an event that is not another session of this clinic.');
      if (event.clinicId !== main.clinicId)
        throw invalid(id, 'other-clinic', 'alsoWaitFor names a session of another clinic.');
      if (!sameSeminarRelation(main, event))
        throw invalid(id, 'other-seminar', 'alsoWaitFor names a session of another seminar.');
    }
  }

  /** Locks the main event and every other session at once, in id order: the fixed order of EventSeats. */
  async lockAll(manager: EntityManager, mainId: string, ids: readonly string[]): Promise<void> {
    await this.seats.lockEvents(manager, [mainId, ...ids]);
  }

  /**
   * Under the locks: the party would be waitlisted in each other session now, by the very rules of a
   * reservation there (placeBatch). A session with a seat for the party is ALSO_WAIT_FOR_NOT_FULL (409: book
   * it instead); one that refuses the party (closed, started, list off, party too large), or where the address
   * already holds a place, is ALSO_WAIT_FOR_INVALID.
   */
  async plan(manager: EntityManager, ids: readonly string[], email: string, partySize: number, now: Date) {
    const planned: PlannedPlace[] = [];
    for (const id of ids) {
      const state = await this.writer.lock(manager, id, [email]);
      const [placement] = placeBatch(state, [{ email, partySize }], now).placements;
      if (placement.outcome === 'waitlisted') planned.push({ event: state.event, position: placement.position });
      else if (placement.outcome === 'confirmed')
        throw new ConflictError('ALSO_WAIT_FOR_NOT_FULL', 'A session in alsoWaitFor has a free seat: book it.', {
          eventId: id,
        });
      else if (placement.outcome === 'already-reserved')
        throw invalid(id, 'already-reserved', 'This e-mail address already has a place in a session of alsoWaitFor.');
      else throw invalid(id, placement.error.code, placement.error.message);
    }
    return planned;
  }

  /** Writes one waitlisted place per planned session and puts them and the main place in one new group. */
  async write(
    manager: EntityManager,
    clinic: Clinic,
    planned: readonly PlannedPlace[],
    { mainRow }: GroupJoinRequest,
    now: Date,
  ): Promise<GroupPlaceView[]> {
    const groupId = randomUUID();
    const views: GroupPlaceView[] = [];
    for (const { event, position } of planned) {
      const id = randomUUID();
      const issued = this.tokens.issue(id);
      const row: NewReservationRow = {
        ...mainRow,
        id,
        status: 'waitlisted',
        confirmationCode: newConfirmationCode(),
        manageTokenHash: issued.hash,
        manageTokenNonce: issued.nonce,
      };
      // The main place's 'waitlisted' e-mail names every session: the others send none of their own.
      for (let attempt = 1; ; attempt += 1) {
        const written = await this.writer.write(manager, {
          eventId: event.id,
          seatsTaken: 0,
          acceptedAt: now,
          reservations: [row],
          messages: [],
        });
        if (written.has(id)) break;
        if (attempt >= CODE_ATTEMPTS) throw new Error('Could not find a free confirmation code');
        row.confirmationCode = newConfirmationCode();
      }
      views.push({
        reservationId: id,
        status: 'waitlisted',
        confirmationCode: row.confirmationCode,
        waitlistPosition: position,
        manageToken: issued.token,
        manageUrl: this.tokens.manageUrl(issued.token),
        event: toPublicEventView(event, clinic, now),
      });
    }
    await manager.query(`UPDATE reservations SET waitlist_group_id = $1 WHERE id = ANY($2::uuid[])`, [
      groupId,
      [mainRow.id, ...views.map((view) => view.reservationId)],
    ]);
    return views;
  }
}
