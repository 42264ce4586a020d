import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, Repository } from 'typeorm';
import { AuditLog } from '../../audit/audit-log.js';
import type { Actor } from '../../common/auth/actor.js';
import { assertCanManageClinic } from '../../common/auth/actor.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { parseEventTime } from '../../common/event-time.js';
import { canonicalTimeZone } from '../../common/time-zones.js';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import type { CreateEventDto } from '../dto/event.dto.js';
import type { CreateEventSeriesDto } from '../dto/event-series.dto.js';
import { assertStatusMove } from '../event-rules.js';
import { Event } from '../event.entity.js';
import { EventsService } from '../events.service.js';
import { Clock } from '../../common/clock.js';
import { expandOccurrences, fieldError, type Occurrence } from './recurrence.js';

/** The series' events that are still to come, so cancelling the series cancels them. */
export function eventsStillToCome(events: Event[], now: Date): Event[] {
  return events.filter((event) => (event.status === 'draft' || event.status === 'published') && event.startsAt > now);
}

/** Schedules recurring events: one event per occurrence, all sharing a series id. */
@Injectable()
export class EventSeriesService {
  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clinics: ClinicsService,
    private readonly eventsService: EventsService,
    private readonly clock: Clock,
  ) {}

  /** Every occurrence becomes its own event (a draft, or published when asked), all or none. */
  async createSeries(
    clinic: Clinic,
    input: CreateEventSeriesDto,
    actor: Actor,
  ): Promise<{ seriesId: string; clinic: Clinic; events: Event[] }> {
    ClinicsService.assertActive(clinic);
    assertCanManageClinic(actor, clinic.id);
    const plan = planSeries(
      input.event,
      canonicalTimeZone(input.event.timeZone ?? clinic.timeZone)!,
      input.recurrence.rule,
    );
    const seriesId = randomUUID();
    const now = this.clock.now();
    const events = await this.dataSource.transaction(async (manager) => {
      const created: Event[] = [];
      for (const occurrenceEvent of plan) {
        const event = await this.eventsService.createWithin(manager, clinic, occurrenceEvent, seriesId);
        if (input.publish) {
          assertStatusMove(event, 'published', now);
          event.status = 'published';
          await manager.update(Event, { id: event.id }, { status: 'published' });
        }
        created.push(event);
      }
      await AuditLog.record(manager, {
        actor,
        action: 'event_series.created',
        clinicId: clinic.id,
        subject: { type: 'event_series', id: seriesId },
        after: {
          rule: input.recurrence.rule,
          published: Boolean(input.publish),
          eventIds: created.map((event) => event.id),
        },
      });
      return created;
    });
    return { seriesId, clinic, events };
  }

  /**
   * The events a series would create, without creating anything: the same expansion and the same
   * per-occurrence times as createSeries (planSeries), so what an admin confirms is what gets made.
   */
  async previewSeries(
    clinic: Clinic,
    input: CreateEventSeriesDto,
    actor: Actor,
  ): Promise<{ clinic: Clinic; timeZone: string; events: CreateEventDto[] }> {
    ClinicsService.assertActive(clinic);
    assertCanManageClinic(actor, clinic.id);
    const timeZone = canonicalTimeZone(input.event.timeZone ?? clinic.timeZone)!;
    return { clinic, timeZone, events: planSeries(input.event, timeZone, input.recurrence.rule) };
  }

  /** Every series (admins: all clinics; staff: their own), those with sessions still to come first. */
  async listSeries(actor: Actor, now = this.clock.now()): Promise<SeriesSummary[]> {
    const rows = (await this.events.query(
      `SELECT e.series_id, e.clinic_id, c.name AS clinic_name, c.slug AS clinic_slug, c.time_zone,
              (array_agg(e.title ORDER BY e.starts_at, e.id))[1] AS title,
              COUNT(*)::int AS total,
              (COUNT(*) FILTER (WHERE e.status IN ('draft', 'published') AND e.starts_at > $1))::int AS still_to_come,
              MIN(e.starts_at) AS first_starts_at,
              MAX(e.starts_at) AS last_starts_at,
              MIN(e.starts_at) FILTER (WHERE e.status IN ('draft', 'published') AND e.starts_at > $1) AS next_starts_at
         FROM events e JOIN clinics c ON c.id = e.clinic_id
        WHERE e.series_id IS NOT NULL AND ($2::boolean OR e.clinic_id = ANY($3::uuid[]))
        GROUP BY e.series_id, e.clinic_id, c.name, c.slug, c.time_zone
        ORDER BY next_starts_at ASC NULLS LAST, first_starts_at DESC, e.series_id
        LIMIT 500`,
      [now, actor.role === 'admin', actor.clinicIds],
    )) as SeriesRow[];
    return rows.map((row) => ({
      seriesId: row.series_id,
      clinic: { id: row.clinic_id, name: row.clinic_name, slug: row.clinic_slug, timeZone: row.time_zone },
      title: row.title,
      total: row.total,
      stillToCome: row.still_to_come,
      firstStartsAt: new Date(row.first_starts_at),
      lastStartsAt: new Date(row.last_starts_at),
      nextStartsAt: row.next_starts_at ? new Date(row.next_starts_at) : null,
    }));
  }

  /** The series' events in start order; with `clinicSlug`, only when the series is that clinic's. */
  async getSeries(seriesId: string, actor: Actor, clinicSlug?: string): Promise<{ clinic: Clinic; events: Event[] }> {
    const events = await this.events.find({ where: { seriesId }, order: { startsAt: 'ASC', id: 'ASC' } });
    if (events.length === 0) throw new NotFoundError('Event series');
    const clinic = await this.clinics.getById(events[0].clinicId);
    if (clinicSlug !== undefined && clinic.slug !== clinicSlug) throw new NotFoundError('Event series');
    assertCanManageClinic(actor, clinic.id);
    return { clinic, events };
  }
}

/** One series as the list of series shows it. */
export interface SeriesSummary {
  seriesId: string;
  clinic: { id: string; name: string; slug: string; timeZone: string };
  /** The first event's title. */
  title: string;
  total: number;
  /** Drafts and published events that have not started. */
  stillToCome: number;
  firstStartsAt: Date;
  lastStartsAt: Date;
  nextStartsAt: Date | null;
}

interface SeriesRow {
  series_id: string;
  clinic_id: string;
  clinic_name: string;
  clinic_slug: string;
  time_zone: string;
  title: string;
  total: number;
  still_to_come: number;
  first_starts_at: Date | string;
  last_starts_at: Date | string;
  next_starts_at: Date | string | null;
}

/**
 * The events of a series, one input per occurrence: `template` at each start of `rule` in `zone`. Both
 * createSeries and previewSeries go through here, so a preview never differs from what is created.
 */
export function planSeries(template: CreateEventDto, zone: string, rule: string): CreateEventDto[] {
  const first = readFirstOccurrence(template, zone);
  return expandOccurrences(first.localStart, zone, rule).map((occurrence) =>
    occurrenceInput(template, first, occurrence),
  );
}

interface FirstOccurrence {
  localStart: string;
  startsAt: Date;
  endsAt: Date;
  registrationOpensAt?: Date;
  registrationClosesAt?: Date;
}

/** The template's times: its start as a wall-clock time in the zone, and the instants the others are measured from. */
function readFirstOccurrence(template: CreateEventDto, zone: string): FirstOccurrence {
  const read = (field: keyof CreateEventDto & string, text: string): Date => {
    const instant = parseEventTime(text, zone);
    if (!instant) throw fieldError(`event.${field}`, `event.${field} is not a real date-time`);
    return instant;
  };
  const startsAt = read('startsAt', template.startsAt);
  // A local start is kept as written; one with an offset is that instant's wall-clock time in the zone.
  const hasOffset = /(Z|[+-]\d{2}:\d{2})$/.test(template.startsAt);
  const wallClock = hasOffset
    ? DateTime.fromJSDate(startsAt, { zone })
    : DateTime.fromISO(template.startsAt, { zone: 'utc' });
  return {
    localStart: wallClock.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS"),
    startsAt,
    endsAt: read('endsAt', template.endsAt),
    registrationOpensAt:
      template.registrationOpensAt === undefined
        ? undefined
        : read('registrationOpensAt', template.registrationOpensAt),
    registrationClosesAt:
      template.registrationClosesAt === undefined
        ? undefined
        : read('registrationClosesAt', template.registrationClosesAt),
  };
}

/**
 * One occurrence's event: the template at the occurrence's start, lasting as long as the first, with the
 * registration window (when given) as far from its start as the first one's is. Left out, the window is
 * each event's default (opens now, closes at its start).
 */
function occurrenceInput(template: CreateEventDto, first: FirstOccurrence, occurrence: Occurrence): CreateEventDto {
  const firstStart = first.startsAt.getTime();
  const shifted = (instant: Date) =>
    new Date(occurrence.startsAt.getTime() + (instant.getTime() - firstStart)).toISOString();
  return {
    ...template,
    startsAt: occurrence.startsAt.toISOString(),
    endsAt: shifted(first.endsAt),
    registrationOpensAt: first.registrationOpensAt && shifted(first.registrationOpensAt),
    registrationClosesAt: first.registrationClosesAt && shifted(first.registrationClosesAt),
  };
}
