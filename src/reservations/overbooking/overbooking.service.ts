import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../../audit/audit-log.js';
import type { Actor } from '../../common/auth/actor.js';
import { assertCanManageClinic } from '../../common/auth/actor.js';
import { Clock } from '../../common/clock.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { withSerializationRetry } from '../../database/transactions.js';
import type { OverbookingSettingsDto, OverbookingView } from '../../events/dto/overbooking.dto.js';
import { assertEditable } from '../../events/event-rules.js';
import { EventSeats } from '../../events/event-seats.js';
import { Event, type EventKind } from '../../events/event.entity.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import {
  estimateShowRate,
  extraSeatsInForce,
  overflowRiskForParties,
  type ShowRateEstimate,
} from '../../events/overbooking.js';
import { WaitlistService } from '../waitlist.service.js';
import { arrivalsStillExpected, attendanceSample } from './show-rates.js';

/**
 * Overbooking (issue 9, DESIGN rule 11): an event that enables it may confirm up to capacity + extra_seats,
 * where extra_seats comes from the clinic's measured show rate for the event's kind (src/events/overbooking.ts)
 * and the staff's cap and risk. The bound itself is the database's: EventSeats.takeSeats and the CHECK
 * ck_events_seats_within_bookable use capacity + extra_seats, so every seat-taking path (reservations, batches,
 * promotions, walk-ins) keeps "confirmed ≤ bookable" exactly as it kept "confirmed ≤ capacity".
 * extra_seats changes only here, under the event's lock; it never drops below the seats already sold beyond
 * the room; when it grows, the waiting list is served at once (DESIGN rule 3).
 */
@Injectable()
export class OverbookingService {
  private readonly logger = new Logger('Overbooking');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seats: EventSeats,
    private readonly waitlist: WaitlistService,
    private readonly clinics: ClinicsService,
    private readonly clock: Clock,
  ) {}

  /** Staff change an event's overbooking settings; the extra seats follow at once. */
  async configure(eventId: string, settings: OverbookingSettingsDto, actor: Actor): Promise<OverbookingView> {
    await withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const event = await this.seats.lockEvent(manager, eventId);
        assertCanManageClinic(actor, event.clinicId);
        assertEditable(event);
        const before = this.settingsOf(event);
        await manager.query(
          `UPDATE events SET overbooking_enabled = $2, overbooking_max_extra = $3, overbooking_risk_percent = $4,
                  updated_at = now()
            WHERE id = $1`,
          [event.id, settings.enabled, settings.maxExtra, settings.riskPercent],
        );
        Object.assign(event, {
          overbookingEnabled: settings.enabled,
          overbookingMaxExtra: settings.maxExtra,
          overbookingRiskPercent: settings.riskPercent,
        });
        const extraBefore = event.extraSeats;
        const promoted = await this.refreshLocked(manager, event);
        await AuditLog.record(manager, {
          actor,
          action: 'event.overbooking_changed',
          clinicId: event.clinicId,
          eventId: event.id,
          subject: { type: 'event', id: event.id },
          before: { ...before, extraSeats: extraBefore },
          after: { ...this.settingsOf(event), extraSeats: event.extraSeats, promotedReservationIds: promoted },
        });
      },
      'configureOverbooking',
    );
    return this.view(eventId, actor);
  }

  /**
   * With the event locked by the caller: sets extra_seats to what the show rate allows now (never below the
   * seats already sold beyond the room) and serves the waiting list if seats appeared. Returns the ids promoted.
   */
  async refreshLocked(manager: EntityManager, event: Event): Promise<string[]> {
    const estimate = event.overbookingEnabled ? await this.estimate(manager, event.clinicId, event.kind) : null;
    const extra = extraSeatsInForce({
      enabled: event.overbookingEnabled,
      capacity: event.capacity,
      confirmedSeats: event.confirmedSeats,
      maxExtra: event.overbookingMaxExtra,
      targetRisk: event.overbookingRiskPercent / 100,
      estimate,
    });
    if (extra === event.extraSeats) return [];
    // The guard repeats the CHECK: the extra seats never leave confirmed seats beyond the bookable ones.
    await manager.query(
      `UPDATE events SET extra_seats = $2, updated_at = now() WHERE id = $1 AND confirmed_seats <= capacity + $2`,
      [event.id, extra],
    );
    const grew = extra > event.extraSeats;
    event.extraSeats = extra;
    if (!grew) return [];
    const clinic = await this.clinics.getById(event.clinicId, manager);
    return (await this.waitlist.promote(manager, event.id, clinic)).map((reservation) => reservation.id);
  }

  /**
   * After a completed event changed a clinic's show rate: each of its upcoming overbooking events of that
   * kind gets the extra seats the new rate allows, one transaction (and one event lock) each.
   */
  async refreshUpcoming(clinicId: string, kind: EventKind): Promise<number> {
    const ids = (await this.dataSource.query(
      `SELECT id FROM events
        WHERE clinic_id = $1 AND kind = $2 AND status = 'published' AND starts_at > $3 AND overbooking_enabled
        ORDER BY starts_at`,
      [clinicId, kind, this.clock.now()],
    )) as { id: string }[];
    let changed = 0;
    for (const { id } of ids) {
      await withSerializationRetry(
        this.dataSource,
        async (manager) => {
          const event = await this.seats.lockEvent(manager, id);
          const before = event.extraSeats;
          await this.refreshLocked(manager, event);
          if (event.extraSeats !== before) changed += 1;
        },
        'refreshOverbooking',
      );
    }
    if (changed > 0) this.logger.log(`clinic ${clinicId} ${kind}: extra seats changed on ${changed} events`);
    return changed;
  }

  async view(eventId: string, actor: Actor): Promise<OverbookingView> {
    const manager = this.dataSource.manager;
    const event = await manager.findOne(Event, { where: { id: eventId } });
    if (!event) throw new NotFoundError('Event');
    assertCanManageClinic(actor, event.clinicId);
    const estimate = await this.estimate(manager, event.clinicId, event.kind);
    const { checkedInSeats, partiesToCome } = await arrivalsStillExpected(manager, event.id);
    const rate = estimate?.conservative ?? 1;
    const toCome = partiesToCome.reduce((sum, seats) => sum + seats, 0);
    return {
      ...this.settingsOf(event),
      capacity: event.capacity,
      extraSeats: event.extraSeats,
      bookableSeats: event.capacity + event.extraSeats,
      confirmedSeats: event.confirmedSeats,
      checkedInSeats,
      showRate: estimate && {
        measured: estimate.measured,
        conservative: estimate.conservative,
        completedEvents: estimate.sample.events,
        bookedSeats: estimate.sample.bookedSeats,
      },
      expectedArrivals: Math.round((checkedInSeats + toCome * rate) * 10) / 10,
      overflowRisk: overflowRiskForParties(partiesToCome, event.capacity - checkedInSeats, rate),
    };
  }

  private async estimate(manager: EntityManager, clinicId: string, kind: EventKind): Promise<ShowRateEstimate | null> {
    return estimateShowRate(await attendanceSample(manager, clinicId, kind, this.clock.now()));
  }

  private settingsOf(event: Event) {
    return {
      enabled: event.overbookingEnabled,
      maxExtra: event.overbookingMaxExtra,
      riskPercent: event.overbookingRiskPercent,
    };
  }
}
