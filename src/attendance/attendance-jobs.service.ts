import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import { deleteExpiredRateLimits } from '../common/rate-limit-counts.js';
import { APP_CONFIG, type AppConfig, type JobsConfig } from '../config/app-config.js';
import { Event, type EventKind } from '../events/event.entity.js';
import { OverbookingService } from '../reservations/overbooking/overbooking.service.js';
import { AttendeeErasureService } from '../privacy/attendee-erasure.service.js';
import { IdempotencyStore } from '../reservations/idempotency.store.js';
import { UnconfirmedRelease } from '../reservations/reconfirm/unconfirmed-release.js';
import { SeatOffersService } from '../reservations/offers/seat-offers.service.js';
import { claimEndedEvent, claimExpiredReservations, type ExpiredReservation } from './attendance-claims.js';
import { completeLockedEvent } from './event-completion.js';
import { Clock } from '../common/clock.js';

/** Per run, at most this many events completed and this many reservations anonymised; the rest wait a tick. */
const MAX_EVENTS_PER_RUN = 500;
const RETENTION_BATCH = 200;
const MAX_RETENTION_BATCHES_PER_RUN = 50;

export interface JobRunReport {
  eventsCompleted: number;
  noShows: number;
  reservationsAnonymised: number;
  /** Idempotency keys past their day, deleted with the sealed answers (attendee details) they kept. */
  idempotencyAnswersForgotten: number;
  /** Rate-limit counters whose window ended over an hour ago. */
  rateLimitCountersDeleted: number;
  /** Issue 9: events whose unanswered seats were released at their deadline, and the reservations released. */
  eventsReleased: number;
  reservationsReleased: number;
  /** Late seat offers whose deadline passed (issue 9): ended, seats given to the next in line. */
  offersLapsed: number;
}

/**
 * The attendance jobs, every JOBS_INTERVAL_MS in every app instance and the worker (JOBS_ENABLED):
 * 1. completes published events whose end is COMPLETION_GRACE_MINUTES past, one transaction per event,
 *    with the same rule as a person pressing "complete" (completeLockedEvent): no-shows marked, one audit row;
 * 2. anonymises the attendees of events that ended more than RETENTION_DAYS ago, with erasure's own
 *    anonymisation (AttendeeErasureService.anonymise): seats, statuses and check-ins stay, names go;
 * 3. (issue 9) releases the unanswered seats of events with "release if unconfirmed" at their deadline
 *    (UnconfirmedRelease, run first: it is the one whose timing attendees feel).
 * 4. lapses late seat offers past their deadline (SeatOffersService.lapseDue, issue 9), right after.
 * Any number of instances may run at once: see attendance-claims.ts. Shutting down waits for the run in flight.
 */
@Injectable()
export class AttendanceJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AttendanceJobs');
  private readonly settings: JobsConfig;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly erasure: AttendeeErasureService,
    private readonly idempotency: IdempotencyStore,
    private readonly overbooking: OverbookingService,
    private readonly clock: Clock,
    private readonly release: UnconfirmedRelease,
    private readonly offers: SeatOffersService,
  ) {
    this.settings = config.jobs;
  }

  onApplicationBootstrap(): void {
    if (this.settings.enabled) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops the schedule; resolves once the run in flight (if any) has finished its current transaction. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** One run of both jobs. */
  async runOnce(now = this.clock.now()): Promise<JobRunReport> {
    const released = await this.release.releaseDue(now, () => this.stillWanted());
    const offersLapsed = await this.offers.lapseDue(now);
    const completion = await this.completeEndedEvents(now);
    const reservationsAnonymised = await this.anonymiseExpired(now);
    const idempotencyAnswersForgotten = await this.idempotency.deleteExpired(this.dataSource.manager);
    const rateLimitCountersDeleted = await deleteExpiredRateLimits(this.dataSource.manager, now.getTime());
    return {
      ...completion,
      reservationsAnonymised,
      idempotencyAnswersForgotten,
      rateLimitCountersDeleted,
      ...released,
      offersLapsed,
    };
  }

  /** Completes every event that ended (plus the grace) before `now`, each in its own transaction. */
  async completeEndedEvents(now = this.clock.now()): Promise<{ eventsCompleted: number; noShows: number }> {
    let eventsCompleted = 0;
    let noShows = 0;
    const failed: string[] = [];
    const showRatesChanged = new Map<string, { clinicId: string; kind: EventKind }>();
    while (eventsCompleted + failed.length < MAX_EVENTS_PER_RUN && this.stillWanted()) {
      let claimed: string | undefined;
      try {
        const outcome = await this.dataSource.transaction(async (manager) => {
          claimed = await claimEndedEvent(manager, now, this.settings.completionGraceMinutes, failed);
          if (!claimed) return undefined;
          const event = await manager.findOneByOrFail(Event, { id: claimed });
          showRatesChanged.set(`${event.clinicId}/${event.kind}`, { clinicId: event.clinicId, kind: event.kind });
          return completeLockedEvent(manager, event, null, now);
        });
        if (!outcome) break;
        eventsCompleted += 1;
        noShows += outcome.noShowReservationIds.length;
      } catch (error) {
        if (!claimed) throw error; // the claim itself failed (the database is away): try again next run
        failed.push(claimed);
        this.logger.error({ message: 'could not complete an ended event', eventId: claimed, error: errorText(error) });
      }
    }
    if (eventsCompleted > 0) this.logger.log({ message: 'completed ended events', eventsCompleted, noShows });
    // New attendance records move the clinics' show rates: their upcoming overbooking events follow (issue 9).
    for (const { clinicId, kind } of showRatesChanged.values()) {
      await this.overbooking.refreshUpcoming(clinicId, kind).catch((error: unknown) => {
        this.logger.error({ message: 'could not refresh overbooking', clinicId, kind, error: errorText(error) });
      });
    }
    return { eventsCompleted, noShows };
  }

  /** Anonymises, batch by batch, the reservations whose event ended more than RETENTION_DAYS before `now`. */
  async anonymiseExpired(now = this.clock.now()): Promise<number> {
    let anonymised = 0;
    for (let batch = 0; batch < MAX_RETENTION_BATCHES_PER_RUN && this.stillWanted(); batch += 1) {
      const count = await this.dataSource.transaction(async (manager) => {
        const claimed = await claimExpiredReservations(manager, now, this.settings.retentionDays, RETENTION_BATCH);
        if (claimed.length === 0) return 0;
        await this.erasure.anonymise(manager, { reservationIds: claimed.map((row) => row.id) });
        for (const [eventId, rows] of byEvent(claimed)) {
          await AuditLog.record(manager, {
            actor: null,
            action: 'event.attendees_anonymised',
            clinicId: rows[0].clinicId,
            eventId,
            subject: { type: 'event', id: eventId },
            after: {
              reason: 'retention',
              retentionDays: this.settings.retentionDays,
              reservationIds: rows.map((row) => row.id),
            },
          });
        }
        return claimed.length;
      });
      if (count === 0) break;
      anonymised += count;
    }
    if (anonymised > 0) this.logger.log({ message: 'anonymised attendees past retention', reservations: anonymised });
    return anonymised;
  }

  /** A run started by the schedule stops between transactions when the app shuts down; a direct call runs to the end. */
  private stillWanted(): boolean {
    return this.running || this.loop === undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.runOnce();
      } catch (error) {
        this.logger.error({ message: 'attendance jobs failed; will try again', error: errorText(error) });
      }
      if (this.running) await this.pause(this.settings.intervalMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

function byEvent(rows: ExpiredReservation[]): Map<string, ExpiredReservation[]> {
  const groups = new Map<string, ExpiredReservation[]>();
  for (const row of rows) groups.set(row.eventId, [...(groups.get(row.eventId) ?? []), row]);
  return groups;
}
