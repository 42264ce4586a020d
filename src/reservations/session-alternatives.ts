import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Clinic } from '../clinics/clinic.entity.js';
import { Clock } from '../common/clock.js';
import { ConflictError, DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { toPublicEventView } from '../events/dto/event-views.js';
import type { Event } from '../events/event.entity.js';
import { alternativesFor, waitlistChoicesFor, type RankedSession } from '../events/same-seminar.js';
import { SameSeminarSessions } from '../events/same-seminar-sessions.js';
import type { AlternativeSessionView, ReservationReceiptView } from './dto/reservation-views.js';
import type { StoredAnswer } from './idempotency.store.js';
import type { Settled } from './per-key-batches.js';

type Answer = Settled<StoredAnswer<ReservationReceiptView>>;

/**
 * The other sessions a full event's answer offers (issue 9): the clinic's open sessions of the same seminar
 * with seats for the party. Read after the reservation's transaction has committed, never under the event's
 * lock, and only when some answer of the batch is a waiting-list place or EVENT_FULL: one statement per such
 * batch, none for a batch that only confirms.
 */
@Injectable()
export class SessionAlternatives {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sameSeminar: SameSeminarSessions,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every open session of the same seminar, full or not, ranked (SameSeminarSessions). */
  ranked(event: Event, now = this.clock.now()): Promise<RankedSession<Event>[]> {
    return this.sameSeminar.find(this.dataSource.manager, event, now);
  }

  /** Sessions with seats for the party, as the API shows them. */
  views(ranked: readonly RankedSession<Event>[], clinic: Clinic, partySize: number): AlternativeSessionView[] {
    const now = this.clock.now();
    return alternativesFor(ranked, partySize).map(({ event, relation }) => ({
      ...toPublicEventView(event, clinic, now),
      relation,
      url: `${this.config.publicBaseUrl}/events/${event.id}`,
    }));
  }

  /** Sessions whose waiting list the party could join as well (full, list on): the form's "any of these". */
  waitlistChoices(ranked: readonly RankedSession<Event>[], partySize: number): Event[] {
    return waitlistChoicesFor(ranked, partySize).map(({ event }) => event);
  }

  /** Adds `alternatives` to waitlisted answers and to EVENT_FULL refusals' details; other answers pass unchanged. */
  async attach(event: Event, clinic: Clinic, partySizes: readonly number[], results: Answer[]): Promise<Answer[]> {
    const wanted = results.some((result) => isWaitlisted(result) || isFull(result));
    if (!wanted) return results;
    const ranked = await this.ranked(event);
    return results.map((result, i) => {
      if (isWaitlisted(result)) {
        const alternatives = this.views(ranked, clinic, partySizes[i]);
        return { ok: true, value: { ...result.value, body: { ...result.value.body, alternatives } } };
      }
      if (isFull(result)) {
        const error = result.error as DomainError;
        const alternatives = this.views(ranked, clinic, partySizes[i]);
        const details = { ...(error.details as object | undefined), alternatives };
        return { ok: false, error: new ConflictError(error.code, error.message, details) };
      }
      return result;
    });
  }
}

const isWaitlisted = (result: Answer): result is { ok: true; value: StoredAnswer<ReservationReceiptView> } =>
  result.ok && result.value.status === 201 && result.value.body.status === 'waitlisted';

const isFull = (result: Answer) =>
  !result.ok && result.error instanceof DomainError && result.error.code === 'EVENT_FULL';
