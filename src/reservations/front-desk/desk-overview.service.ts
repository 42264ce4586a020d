import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { canManageClinic, type Actor } from '../../common/auth/actor.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { Event } from '../../events/event.entity.js';
import { deskSections, type DeskSections } from './desk-overview-rules.js';
import { Clock } from '../../common/clock.js';

/** What the desk counts per event besides the event's own seat counter. */
export interface DeskEventCounts {
  waitlistedSeats: number;
  waitlistedParties: number;
  /** Seats of confirmed reservations checked in at the door. */
  checkedInSeats: number;
  /** Seats of reservations marked no-show when the event was completed. */
  noShowSeats: number;
}

export interface DeskEventItem {
  event: Event;
  clinic: Clinic;
  counts: DeskEventCounts;
}

export interface DeskOverview {
  /** The clinics the actor works for (admins: every active clinic). */
  clinics: Clinic[];
  /** The clinic the list is narrowed to, if any. */
  clinic?: Clinic;
  sections: DeskSections<DeskEventItem>;
}

/** How far the lists reach: the next weeks ahead, the last weeks behind. */
const UPCOMING_DAYS = 60;
const PAST_DAYS = 30;
const MAX_EVENTS = 300;
const DAY_MS = 86_400_000;

/**
 * The staff's start page (issue 8): their clinics' events today, coming up and recently past, each with its
 * seats, waiting list and attendance. Staff see only their clinics (DESIGN rule 8); a clinic filter they
 * may not see is a 404, as an unknown one.
 */
@Injectable()
export class DeskOverviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clinics: ClinicsService,
    private readonly clock: Clock,
  ) {}

  async overview(actor: Actor, clinicSlug: string | undefined, now = this.clock.now()): Promise<DeskOverview> {
    const clinics = (await this.clinics.listActive()).filter((clinic) => canManageClinic(actor, clinic.id));
    const clinic = clinicSlug === undefined ? undefined : clinics.find((c) => c.slug === clinicSlug);
    if (clinicSlug !== undefined && !clinic) throw new NotFoundError('Clinic');
    const shown = clinic ? [clinic] : clinics;
    const items = await this.eventsOf(shown, now);
    return { clinics, clinic, sections: deskSections(items, now) };
  }

  private async eventsOf(clinics: Clinic[], now: Date): Promise<DeskEventItem[]> {
    if (clinics.length === 0) return [];
    const byId = new Map(clinics.map((clinic) => [clinic.id, clinic]));
    const events = await this.dataSource.manager
      .createQueryBuilder(Event, 'event')
      .where('event.clinic_id = ANY(:clinicIds)', { clinicIds: [...byId.keys()] })
      .andWhere('event.starts_at < :until', { until: new Date(now.getTime() + UPCOMING_DAYS * DAY_MS) })
      .andWhere('event.ends_at > :since', { since: new Date(now.getTime() - PAST_DAYS * DAY_MS) })
      .orderBy('event.starts_at', 'ASC')
      .addOrderBy('event.id', 'ASC')
      .take(MAX_EVENTS)
      .getMany();
    const counts = await this.countsOf(events.map((event) => event.id));
    return events.map((event) => ({
      event,
      clinic: byId.get(event.clinicId)!,
      counts: counts.get(event.id) ?? EMPTY_COUNTS,
    }));
  }

  /** One pass over the events' reservations: waiting list, check-ins and no-shows, in seats. */
  async countsOf(eventIds: string[]): Promise<Map<string, DeskEventCounts>> {
    if (eventIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT event_id,
              COALESCE(SUM(party_size) FILTER (WHERE status = 'waitlisted'), 0)::int AS waitlisted_seats,
              COUNT(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted_parties,
              COALESCE(SUM(party_size) FILTER (WHERE status = 'confirmed' AND checked_in_at IS NOT NULL), 0)::int AS checked_in_seats,
              COALESCE(SUM(party_size) FILTER (WHERE status = 'no_show'), 0)::int AS no_show_seats
         FROM reservations
        WHERE event_id = ANY($1)
        GROUP BY event_id`,
      [eventIds],
    )) as {
      event_id: string;
      waitlisted_seats: number;
      waitlisted_parties: number;
      checked_in_seats: number;
      no_show_seats: number;
    }[];
    return new Map(
      rows.map((row) => [
        row.event_id,
        {
          waitlistedSeats: row.waitlisted_seats,
          waitlistedParties: row.waitlisted_parties,
          checkedInSeats: row.checked_in_seats,
          noShowSeats: row.no_show_seats,
        },
      ]),
    );
  }
}

const EMPTY_COUNTS: DeskEventCounts = { waitlistedSeats: 0, waitlistedParties: 0, checkedInSeats: 0, noShowSeats: 0 };
