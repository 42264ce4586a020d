import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import type { Clinic } from '../clinics/clinic.entity.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { Clock } from '../common/clock.js';
import { ManageTokens } from '../common/crypto/manage-tokens.js';
import { newConfirmationCode, sha256Hex } from '../common/crypto/tokens.js';
import { ConflictError, NotFoundError } from '../common/errors/domain-error.js';
import type { ErrorResponse } from '../common/errors/error-response.js';
import { isDatabaseUnavailable } from '../database/postgres-errors.js';
import { withSerializationRetry } from '../database/transactions.js';
import { toPublicEventView } from '../events/dto/event-views.js';
import { Event } from '../events/event.entity.js';
import type { PreparedOutboxRow } from '../notifications/outbox/outbox.service.js';
import { BookingNotifier } from './booking-notifier.js';
import type { ReservationReceiptView } from './dto/reservation-views.js';
import { IdempotencyStore, type StoredAnswer } from './idempotency.store.js';
import { InstanceHotEventGate } from './hot-event-gate.js';
import { type BatchTurn, PerKeyBatches, type Settled } from './per-key-batches.js';
import { type NewReservationRow, ReservationBatchWriter } from './reservation-batch-writer.js';
import { INACTIVE_STATUSES, Reservation, type ReservationSource } from './reservation.entity.js';
import { type LockedEventState, placeBatch, type Placement } from './seat-placement.js';
import { SessionAlternatives } from './session-alternatives.js';
import { WaitlistGroupJoin } from './waitlist-group-join.js';

export interface ReserveSeatsInput {
  name: string;
  email: string;
  phone?: string;
  partySize?: number;
  consent: { privacyPolicy: boolean; reminders?: boolean; marketing?: boolean };
  /** When the event is full: wait in these other sessions of the same seminar too (WaitlistGroupJoin). */
  alsoWaitFor?: string[];
}

/** One "reserve" request waiting for its batch. */
interface ReserveRequest {
  input: ReserveSeatsInput;
  partySize: number;
  source: ReservationSource;
  idempotency?: { scope: string; key: string; requestHash: string };
}

type Answer = Settled<StoredAnswer<ReservationReceiptView>>;
/** A batch's answers, built once its transaction has committed (see placeAndWrite). */
type Answers = () => Answer[];
const answered =
  (answers: Answer[]): Answers =>
  () =>
    answers;

/** The most reservations one transaction applies: bounds the lock hold and the statement's size. */
const MAX_BATCH = 64;
/** A confirmation-code collision is astronomically rare but possible: a row gets this many codes to try. */
const CODE_ATTEMPTS = 5;

/**
 * Reserving seats (DESIGN rules 1–3) at the database's speed. Requests for one event are queued in this
 * instance and applied in batches (group commit, PerKeyBatches): one transaction per batch takes the event's
 * lock (reading the event and its clinic in that statement), and only then takes its requests: all that
 * arrived while it waited. It reads what it needs in one statement, places every request in arrival order
 * exactly as if it had come alone (placeBatch), and writes all reservations, the seat counter and every
 * outbox row in one statement (ReservationBatchWriter). Each request still gets its own answer or its own
 * error. While one batch holds the lock the next one already waits for it in PostgreSQL, so the lock passes
 * on at the commit without a round trip through the app. Across instances the event's row lock orders the
 * batches, as it ordered single reservations (EventSeats).
 *
 * A request with an Idempotency-Key runs in a batch of its own: its key is claimed in the same transaction,
 * so a concurrent retry waits on the key's unique index and then replays the stored answer. So does a request
 * with `alsoWaitFor` (issue 9): it locks several events, all at once in id order, which a batch of one event
 * does not. A waitlisted or EVENT_FULL answer offers the other sessions of the same seminar with seats
 * (SessionAlternatives), read after the commit.
 */
@Injectable()
export class SeatBookingService {
  private readonly logger = new Logger('SeatBooking');
  private readonly batches = new PerKeyBatches<ReserveRequest, StoredAnswer<ReservationReceiptView>>(
    (eventId, turn) => this.applyTurn(eventId, turn),
    {
      maxBatch: MAX_BATCH,
      runsAlone: (request) => request.idempotency !== undefined || (request.input.alsoWaitFor?.length ?? 0) > 0,
      // A lock that timed out, or a database that is gone, would fail the event's queued requests one batch
      // at a time, each after its own wait: they are answered 503 at once instead (DESIGN rule 12).
      failsQueue: isDatabaseUnavailable,
      // And so are the event's requests still waiting for their turn at the HTTP door (hot-event-gate.ts).
      onQueueFailed: (eventId, error) => this.gate.failWaiting(eventId, error),
    },
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: ReservationBatchWriter,
    private readonly idempotency: IdempotencyStore,
    private readonly tokens: ManageTokens,
    private readonly notifier: BookingNotifier,
    private readonly clinics: ClinicsService,
    private readonly groupJoin: WaitlistGroupJoin,
    private readonly alternatives: SessionAlternatives,
    private readonly clock: Clock,
    private readonly gate: InstanceHotEventGate,
  ) {}

  /** Reserves seats, or a place on the waiting list. With an Idempotency-Key, a retry gets the first answer. */
  reserve(
    eventId: string,
    input: ReserveSeatsInput,
    idempotencyKey?: string,
    source: ReservationSource = 'web',
  ): Promise<StoredAnswer<ReservationReceiptView>> {
    const partySize = input.partySize ?? 1;
    const request: ReserveRequest = { input, partySize, source };
    if (idempotencyKey) {
      const requestHash = sha256Hex(JSON.stringify({ ...input, partySize, consent: { ...input.consent } }));
      request.idempotency = { scope: `reserve:${eventId}`, key: idempotencyKey, requestHash };
    }
    return this.batches.submit(eventId, request);
  }

  /**
   * Applies a turn's batch; if the batch as a whole fails after taking its requests, for a reason that is not
   * the database being unavailable (which would fail each request alone too), each request is applied alone,
   * so one request's failure never fails its batch-mates. Only the transaction can fail a batch: what runs
   * after its commit (receipts, other sessions) fails no request that it wrote.
   */
  private async applyTurn(eventId: string, turn: BatchTurn<ReserveRequest>): Promise<Answer[]> {
    let requests: ReserveRequest[] | undefined;
    // The same requests if the transaction is run again (withSerializationRetry).
    const take = () => (requests ??= turn.take());
    try {
      return await this.apply(eventId, turn.alone, take);
    } catch (error) {
      if (!requests || requests.length === 1 || isDatabaseUnavailable(error)) throw error;
      const results: Answer[] = [];
      for (const request of requests) {
        try {
          results.push(...(await this.apply(eventId, request, () => [request])));
        } catch (alone) {
          results.push({ ok: false, error: alone });
        }
      }
      return results;
    }
  }

  /**
   * One batch in one transaction: BEGIN, then the statement that locks the event and reads its clinic; only
   * then are the batch's requests taken (`take`), so it holds every request that arrived while it waited.
   * A request that runs `alone` is known before: its Idempotency-Key is claimed before the lock, and with
   * `alsoWaitFor` the event is read first, to check the other sessions before it locks them all.
   */
  private async apply(
    eventId: string,
    alone: ReserveRequest | undefined,
    take: () => ReserveRequest[],
  ): Promise<Answer[]> {
    const alsoWaitFor = alone?.input.alsoWaitFor ?? [];
    if (alsoWaitFor.length > 0) {
      const found = await this.dataSource.manager.findOne(Event, { where: { id: eventId } });
      const refusal = found
        ? await this.groupJoin.check(this.dataSource.manager, found, alsoWaitFor).catch((error: unknown) => error)
        : new NotFoundError('Event');
      if (refusal) return take().map(() => ({ ok: false, error: refusal }));
    }

    let locked: { event: Event; clinic: Clinic } | undefined;
    const answers = await withSerializationRetry<Answers>(
      this.dataSource,
      async (manager) => {
        if (alone?.idempotency) {
          const { scope, key, requestHash } = alone.idempotency;
          const replay = await this.idempotency.claim<ReservationReceiptView | ErrorResponse>(
            manager,
            scope,
            key,
            requestHash,
          );
          if (replay && replay.status >= 400)
            return answered(take().map(() => ({ ok: false, error: alreadyReserved() })));
          if (replay)
            return answered(take().map(() => ({ ok: true, value: replay as StoredAnswer<ReservationReceiptView> })));
        }
        if (alsoWaitFor.length > 0) await this.groupJoin.lockAll(manager, eventId, alsoWaitFor);
        try {
          locked = await this.writer.lockEvent(manager, eventId);
        } catch (error) {
          if (error instanceof NotFoundError) return answered(take().map(() => ({ ok: false, error })));
          throw error;
        }
        const requests = take();
        const { event, clinic } = locked;
        if (event.status === 'draft' || clinic.archivedAt)
          return answered(requests.map(() => ({ ok: false, error: new NotFoundError('Event') })));
        const queue = await this.writer.readQueue(
          manager,
          eventId,
          requests.map((request) => request.input.email),
        );
        return this.placeAndWrite(manager, { ...queue, event, clinic }, requests, alsoWaitFor);
      },
      'reserveSeats',
    );
    return this.offerAlternatives(eventId, locked, take(), answers());
  }

  /**
   * After the commit: waitlisted and EVENT_FULL answers offer the seminar's other sessions. The batch is
   * written whatever happens here, so a failed read leaves the answers as they are (and is logged): thrown
   * back to applyTurn, it would apply committed requests again one by one ("already reserved" for people who
   * have just booked), or answer 503 for seats that are held.
   */
  private async offerAlternatives(
    eventId: string,
    locked: { event: Event; clinic: Clinic } | undefined,
    requests: ReserveRequest[],
    results: Answer[],
  ): Promise<Answer[]> {
    try {
      // A replayed answer (Idempotency-Key) locked nothing: its event is read again, as its alternatives are.
      const context = locked ?? (await this.eventAndClinic(eventId));
      if (!context) return results;
      const partySizes = requests.map((request) => request.partySize);
      return await this.alternatives.attach(context.event, context.clinic, partySizes, results);
    } catch (error) {
      this.logger.warn(`Answers for event ${eventId} go without other sessions: ${String(error)}`);
      return results;
    }
  }

  /**
   * Under the event's lock: places the batch's requests (placeBatch) and writes them. Returns how to build
   * each one's answer once the transaction has committed, so the lock is not held while receipts are made; an
   * answer that must be stored in the transaction (Idempotency-Key) or that writes (waiting-list groups, the
   * "already reserved" e-mail) is made here.
   */
  private async placeAndWrite(
    manager: EntityManager,
    state: LockedEventState & { clinic: Clinic },
    requests: ReserveRequest[],
    alsoWaitFor: readonly string[],
  ): Promise<Answers> {
    const { event, clinic } = state;
    const now = this.clock.now();
    const { placements, seatsTaken } = placeBatch(
      state,
      requests.map((request) => ({ email: request.input.email, partySize: request.partySize })),
      now,
    );
    const grouped =
      alsoWaitFor.length > 0 && placements[0].outcome === 'waitlisted'
        ? await this.groupJoin.plan(manager, alsoWaitFor, requests[0].input.email, requests[0].partySize, now)
        : undefined;
    // One 'waitlisted' e-mail, the main place's, names every session the person now waits for.
    const otherSessions = grouped?.map((place) => place.event);
    const written = { event, clinic, now, seatsTaken, requests, placements, otherSessions };
    const accepted = await this.writeAccepted(manager, written);

    let confirmedSeats = event.confirmedSeats;
    // An answer made now, or how to make it after the commit.
    const results: (Answer | (() => Answer))[] = [];
    for (const [i, placement] of placements.entries()) {
      const request = requests[i];
      if (placement.outcome === 'refused') {
        results.push({ ok: false, error: placement.error });
      } else if (placement.outcome === 'already-reserved') {
        await this.remindOfExisting(manager, event, clinic, request.input.email);
        if (request.idempotency)
          await this.idempotency.store(manager, request.idempotency.scope, request.idempotency.key, {
            status: 409,
            body: alreadyReservedResponse(),
          });
        results.push({ ok: false, error: alreadyReserved() });
      } else {
        const { row, token } = accepted.get(i)!;
        if (placement.outcome === 'confirmed') confirmedSeats += row.partySize;
        const seatsAfter = confirmedSeats;
        const receipt = (): StoredAnswer<ReservationReceiptView> => ({
          status: 201,
          body: {
            reservationId: row.id,
            status: row.status,
            confirmationCode: row.confirmationCode,
            partySize: row.partySize,
            waitlistPosition: placement.outcome === 'waitlisted' ? placement.position : null,
            manageToken: token,
            manageUrl: this.tokens.manageUrl(token),
            // The event as this attendee's reservation left it, as if it had come alone.
            event: toPublicEventView(Object.assign(new Event(), event, { confirmedSeats: seatsAfter }), clinic),
          },
        });
        if (!grouped && !request.idempotency) {
          results.push(() => settle(receipt));
          continue;
        }
        const answer = receipt();
        if (grouped)
          answer.body.alsoWaitingFor = await this.groupJoin.write(manager, clinic, grouped, { mainRow: row }, now);
        if (request.idempotency)
          await this.idempotency.store(manager, request.idempotency.scope, request.idempotency.key, answer);
        results.push({ ok: true, value: answer });
      }
    }
    return () => results.map((result) => (typeof result === 'function' ? result() : result));
  }

  private async eventAndClinic(eventId: string): Promise<{ event: Event; clinic: Clinic } | undefined> {
    const event = await this.dataSource.manager.findOne(Event, { where: { id: eventId } });
    return event ? { event, clinic: await this.clinics.getById(event.clinicId) } : undefined;
  }

  /**
   * Writes the confirmed and waitlisted requests with their messages (a confirmation and reminders, or the
   * waiting-list notice) and the seats they take, in one statement; retries rows whose confirmation code
   * was taken with new codes. Returns each written request's row and manage token by request index.
   */
  private async writeAccepted(
    manager: EntityManager,
    {
      event,
      clinic,
      now,
      seatsTaken,
      requests,
      placements,
      otherSessions,
    }: {
      otherSessions?: Event[];
      event: Event;
      clinic: Clinic;
      now: Date;
      seatsTaken: number;
      requests: ReserveRequest[];
      placements: Placement[];
    },
  ): Promise<Map<number, { row: NewReservationRow; token: string }>> {
    const accepted = new Map<number, { row: NewReservationRow; token: string }>();
    placements.forEach((placement, i) => {
      if (placement.outcome !== 'confirmed' && placement.outcome !== 'waitlisted') return;
      const { input, partySize, source } = requests[i];
      const id = randomUUID();
      const issued = this.tokens.issue(id);
      accepted.set(i, {
        token: issued.token,
        row: {
          id,
          name: input.name,
          email: input.email,
          phone: input.phone ?? null,
          partySize,
          status: placement.outcome,
          confirmationCode: newConfirmationCode(),
          manageTokenHash: issued.hash,
          manageTokenNonce: issued.nonce,
          source,
          consentReminders: input.consent.reminders ?? true,
          consentMarketing: input.consent.marketing ?? false,
        },
      });
    });
    let toWrite = [...accepted.values()].map(({ row }) => row);
    let seats = seatsTaken;
    for (let attempt = 1; toWrite.length > 0; attempt += 1) {
      if (attempt > CODE_ATTEMPTS) throw new Error('Could not find free confirmation codes');
      const messages = toWrite.flatMap((row) => this.messagesFor(row, event, clinic, now, otherSessions));
      const written = await this.writer.write(manager, {
        eventId: event.id,
        seatsTaken: seats,
        acceptedAt: now,
        reservations: toWrite,
        messages,
      });
      if (written.size === 0)
        throw new Error('A reservation batch wrote nothing: the seats it counted under the lock did not fit');
      seats = 0;
      toWrite = toWrite.filter((row) => !written.has(row.id));
      for (const row of toWrite) row.confirmationCode = newConfirmationCode();
    }
    return accepted;
  }

  /** What a new reservation is sent (DESIGN rules 5 and 6), as outbox rows. */
  private messagesFor(
    row: NewReservationRow,
    event: Event,
    clinic: Clinic,
    now: Date,
    otherSessions?: Event[],
  ): PreparedOutboxRow[] {
    const reservation = Object.assign(new Reservation(), row, {
      eventId: event.id,
      inviteSequence: 0,
      cancellationReason: null,
      confirmedAt: row.status === 'confirmed' ? now : null,
    });
    const notice = { clinic, event, reservation };
    if (row.status === 'waitlisted') return this.notifier.prepare('waitlisted', { ...notice, otherSessions });
    return [...this.notifier.prepare('confirmation', notice), ...this.notifier.prepareReminders(notice)];
  }

  /**
   * DESIGN rule 2: say nothing in the answer about the existing reservation; its details and its manage link
   * go to the address itself. The link stays the one the attendee has: whoever typed the address must not be
   * able to break it.
   */
  private async remindOfExisting(manager: EntityManager, event: Event, clinic: Clinic, email: string): Promise<void> {
    const existing = await manager.findOne(Reservation, {
      where: { eventId: event.id, email, status: Not(In([...INACTIVE_STATUSES])) },
    });
    if (existing) await this.notifier.remindOfExistingReservation(manager, { clinic, event, reservation: existing });
  }
}

/**
 * A receipt built after the commit fails alone: thrown out of the batch, it would send the batch's committed
 * requests to be applied again one by one (applyTurn), as if nothing had been written.
 */
function settle(receipt: () => StoredAnswer<ReservationReceiptView>): Answer {
  try {
    return { ok: true, value: receipt() };
  } catch (error) {
    return { ok: false, error };
  }
}

function alreadyReserved(): ConflictError {
  const { code, message } = alreadyReservedResponse();
  return new ConflictError(code, message);
}

/** Deliberately says nothing about the existing reservation (DESIGN rule 2). */
function alreadyReservedResponse(): ErrorResponse & { code: 'ALREADY_RESERVED' } {
  return {
    statusCode: 409,
    code: 'ALREADY_RESERVED',
    message: 'This e-mail address already has a reservation for this event. We have sent its details to that address.',
  };
}
