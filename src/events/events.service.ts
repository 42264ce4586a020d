import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Repository } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import { eventSnapshot } from '../audit/audit-snapshots.js';
import type { Actor } from '../common/auth/actor.js';
import { assertCanManageClinic } from '../common/auth/actor.js';
import { ForbiddenError, NotFoundError, ValidationFailedError } from '../common/errors/domain-error.js';
import { Clock } from '../common/clock.js';
import { parseEventTime } from '../common/event-time.js';
import { canonicalTimeZone } from '../common/time-zones.js';
import type { Clinic, PostalAddress } from '../clinics/clinic.entity.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { SettingsService } from '../settings/settings.service.js';
import type { CreateEventDto, ListEventsQueryDto, UpdateEventDto } from './dto/event.dto.js';
import type { PublicClinicFields, PublicEventFields } from './dto/event-views.js';
import { assertEditable, assertScheduleValid, assertStatusMove, assertVenueFitsKind } from './event-rules.js';
import { CataloguePool } from './catalogue-connections.js';
import { readCataloguePage } from './catalogue-page.js';
import { EventSeats } from './event-seats.js';
import { Event, type EventStatus } from './event.entity.js';

/** Fields whose change attendees must be told about (a new invite with a higher SEQUENCE). */
const ATTENDEE_VISIBLE_FIELDS = [
  'title',
  'startsAt',
  'endsAt',
  'timeZone',
  'venueName',
  'joinUrl',
  'description',
] as const;

/** Fields that decide when attendees are asked "still coming?" and whether unanswered seats are released (issue 9). */
const RECONFIRM_FIELDS = ['reconfirmLeadMinutes', 'releaseUnconfirmed', 'releaseDeadlineMinutes'] as const;

export interface EventChange {
  event: Event;
  /** True when confirmed attendees need an updated invite. */
  attendeesMustBeTold: boolean;
  /** True when the start moved, so unsent reminders move with it. */
  startMoved: boolean;
  /** True when the reminder offsets changed, so confirmed attendees' reminders are scheduled anew. */
  reminderOffsetsChanged: boolean;
  /** True when "still coming?" or its release changed (issue 9), so confirmed attendees' questions are scheduled anew. */
  reconfirmChanged: boolean;
}

@Injectable()
export class EventsService {
  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seats: EventSeats,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    private readonly catalogue: CataloguePool,
  ) {}

  /** A draft event of `clinic` (resolved by the caller: the guard, or a page from its form). */
  async create(clinic: Clinic, input: CreateEventDto, actor: Actor): Promise<Event> {
    ClinicsService.assertActive(clinic);
    assertCanManageClinic(actor, clinic.id);
    return this.dataSource.transaction(async (manager) => {
      const event = await this.createWithin(manager, clinic, input);
      await AuditLog.record(manager, {
        actor,
        action: 'event.created',
        clinicId: clinic.id,
        eventId: event.id,
        subject: { type: 'event', id: event.id },
        after: eventSnapshot(event),
      });
      return event;
    });
  }

  /** Builds, checks and saves one draft event with the caller's manager (a series saves all of its events in one transaction). */
  async createWithin(
    manager: EntityManager,
    clinic: Clinic,
    input: CreateEventDto,
    seriesId: string | null = null,
  ): Promise<Event> {
    const timeZone = canonicalTimeZone(input.timeZone ?? clinic.timeZone)!;
    const startsAt = readTime('startsAt', input.startsAt, timeZone);
    // What the input leaves out comes from the clinic's defaults, else the chain's, else the built-in ones.
    const defaults = await this.settings.defaultsFor(clinic, manager);
    const event = manager.create(Event, {
      clinicId: clinic.id,
      kind: input.kind,
      title: input.title.trim(),
      description: input.description?.trim() ?? '',
      startsAt,
      endsAt: readTime('endsAt', input.endsAt, timeZone),
      timeZone,
      venueName: input.venueName?.trim() || null,
      joinUrl: input.joinUrl ?? null,
      capacity: input.capacity,
      confirmedSeats: 0,
      maxPartySize: input.maxPartySize ?? defaults.maxPartySize,
      // By default registration opens now (or, for an event being recorded after the fact, just before it).
      registrationOpensAt: input.registrationOpensAt
        ? readTime('registrationOpensAt', input.registrationOpensAt, timeZone)
        : new Date(Math.min(Date.now(), startsAt.getTime() - 60_000)),
      registrationClosesAt: input.registrationClosesAt
        ? readTime('registrationClosesAt', input.registrationClosesAt, timeZone)
        : startsAt,
      waitlistEnabled: input.waitlistEnabled ?? defaults.waitlistEnabled,
      reminderOffsetsMinutes: normaliseOffsets(input.reminderOffsetsMinutes ?? defaults.reminderOffsetsMinutes),
      reconfirmLeadMinutes: input.reconfirmLeadMinutes ?? null,
      releaseUnconfirmed: input.releaseUnconfirmed ?? false,
      releaseDeadlineMinutes: input.releaseDeadlineMinutes ?? 720,
      status: 'draft',
      sequence: 0,
      seriesId,
      cancelledAt: null,
    });
    assertVenueFitsKind(event);
    assertScheduleValid(event);
    return manager.save(event);
  }

  /** Applies an edit to a locked event within the caller's transaction; says what attendees must learn. */
  async applyChanges(manager: EntityManager, event: Event, changes: UpdateEventDto): Promise<EventChange> {
    assertEditable(event);
    const before = { ...event };
    const timeZone = changes.timeZone ? canonicalTimeZone(changes.timeZone)! : event.timeZone;
    if (changes.title !== undefined) event.title = changes.title.trim();
    if (changes.description !== undefined) event.description = changes.description.trim();
    event.timeZone = timeZone;
    if (changes.startsAt !== undefined) event.startsAt = readTime('startsAt', changes.startsAt, timeZone);
    if (changes.endsAt !== undefined) event.endsAt = readTime('endsAt', changes.endsAt, timeZone);
    if (changes.venueName !== undefined) event.venueName = changes.venueName.trim() || null;
    if (changes.joinUrl !== undefined) event.joinUrl = changes.joinUrl;
    if (changes.maxPartySize !== undefined) event.maxPartySize = changes.maxPartySize;
    if (changes.waitlistEnabled !== undefined) event.waitlistEnabled = changes.waitlistEnabled;
    if (changes.reminderOffsetsMinutes !== undefined)
      event.reminderOffsetsMinutes = normaliseOffsets(changes.reminderOffsetsMinutes);
    if (changes.reconfirmLeadMinutes !== undefined) event.reconfirmLeadMinutes = changes.reconfirmLeadMinutes;
    if (changes.releaseUnconfirmed !== undefined) event.releaseUnconfirmed = changes.releaseUnconfirmed;
    if (changes.releaseDeadlineMinutes !== undefined) event.releaseDeadlineMinutes = changes.releaseDeadlineMinutes;
    if (changes.registrationOpensAt !== undefined)
      event.registrationOpensAt = readTime('registrationOpensAt', changes.registrationOpensAt, timeZone);
    if (changes.registrationClosesAt !== undefined) {
      event.registrationClosesAt = readTime('registrationClosesAt', changes.registrationClosesAt, timeZone);
    } else if (changes.startsAt !== undefined && before.registrationClosesAt.getTime() === before.startsAt.getTime()) {
      event.registrationClosesAt = event.startsAt; // "closes at the start" follows the start
    }
    assertVenueFitsKind(event);
    assertScheduleValid(event);

    const attendeesMustBeTold = ATTENDEE_VISIBLE_FIELDS.some((field) => String(before[field]) !== String(event[field]));
    if (attendeesMustBeTold && event.status !== 'draft') event.sequence += 1;
    const { confirmedSeats: _seats, capacity: _capacity, ...editable } = event;
    await manager.update(Event, { id: event.id }, editable);
    return {
      event,
      attendeesMustBeTold: attendeesMustBeTold && event.status === 'published',
      startMoved: before.startsAt.getTime() !== event.startsAt.getTime(),
      reminderOffsetsChanged: before.reminderOffsetsMinutes.join(',') !== event.reminderOffsetsMinutes.join(','),
      reconfirmChanged: RECONFIRM_FIELDS.some((field) => before[field] !== event[field]),
    };
  }

  /** draft → published, published → completed (DESIGN's life cycle); cancelling goes through reservations. */
  async moveStatus(eventId: string, to: Extract<EventStatus, 'published' | 'completed'>, actor: Actor): Promise<Event> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.seats.lockEvent(manager, eventId);
      assertCanManageClinic(actor, event.clinicId);
      assertStatusMove(event, to, this.clock.now());
      event.status = to;
      await manager.update(Event, { id: event.id }, { status: to });
      return event;
    });
  }

  /** Any event the public may see (published, completed or cancelled), as plain columns: GET /api/events/:id. */
  async getPublicFields(eventId: string): Promise<PublicEventRead> {
    // On the catalogue's own pool, as a prepared statement: the read in front of every event page and share link.
    const [row] = await this.catalogue.query<CatalogueRow>(
      `SELECT ${PUBLIC_EVENT_COLUMNS}
         FROM events e JOIN clinics c ON c.id = e.clinic_id
        WHERE e.id = $1 AND e.status <> 'draft' AND c.archived_at IS NULL`,
      [eventId],
    );
    if (!row) throw new NotFoundError('Event');
    return splitRow(row);
  }

  /** One page of the public catalogue (GET /api/events) as plain columns, and how many events match, bounded. */
  async listPublicFields(
    query: ListEventsQueryDto,
    now = this.clock.now(),
  ): Promise<{ items: PublicEventRead[]; total: number; totalExact: boolean }> {
    const { rows, total, totalExact } = await readCataloguePage<CatalogueRow>(
      this.catalogue,
      PUBLIC_EVENT_COLUMNS,
      query,
      now,
    );
    return { items: rows.map(splitRow), total, totalExact };
  }

  /** Any event the public may see: published, completed or cancelled (drafts are not there yet). */
  async getPublic(eventId: string): Promise<{ event: Event; clinic: Clinic }> {
    const event = await this.events.findOne({ where: { id: eventId }, relations: { clinic: true } });
    if (!event || event.status === 'draft' || event.clinic.archivedAt) throw new NotFoundError('Event');
    return { event, clinic: event.clinic };
  }

  async getForStaff(eventId: string, actor: Actor): Promise<{ event: Event; clinic: Clinic }> {
    const event = await this.events.findOne({ where: { id: eventId }, relations: { clinic: true } });
    if (!event) throw new NotFoundError('Event');
    assertCanManageClinic(actor, event.clinicId);
    return { event, clinic: event.clinic };
  }

  /**
   * Published events that have not ended, in start order, filtered and paginated, as entities with their clinic
   * (the pages' cards and the clinic feed read more than the public view): the catalogue's own statement picks
   * the page's ids, then one lookup loads them.
   */
  async listPublic(
    query: ListEventsQueryDto,
    now = this.clock.now(),
  ): Promise<{ items: Event[]; total: number; totalExact: boolean }> {
    const { rows, total, totalExact } = await readCataloguePage<{ id: string }>(this.catalogue, 'e.id', query, now);
    if (rows.length === 0) return { items: [], total, totalExact };
    const loaded = await this.events.find({
      where: { id: In(rows.map((row) => row.id)) },
      relations: { clinic: true },
    });
    const byId = new Map(loaded.map((event) => [event.id, event]));
    const items = rows.map((row) => byId.get(row.id)).filter((event) => event !== undefined);
    return { items, total, totalExact };
  }

  async listForClinic(clinic: Clinic, actor: Actor): Promise<{ clinic: Clinic; events: Event[] }> {
    assertCanManageClinic(actor, clinic.id);
    const events = await this.events.find({ where: { clinicId: clinic.id }, order: { startsAt: 'ASC' } });
    return { clinic, events };
  }

  /**
   * Every clinic's events in any status, for admins: those still to come (not ended) in start order, or
   * those past, latest first; filtered by clinic (id) and status, paginated.
   */
  async listForAdmin(
    filter: AdminEventFilter,
    actor: Actor,
    now = this.clock.now(),
  ): Promise<{ items: Event[]; total: number }> {
    if (actor.role !== 'admin') throw new ForbiddenError('Only admins can do this.', 'ADMIN_ONLY');
    const builder = this.events.createQueryBuilder('event').innerJoinAndSelect('event.clinic', 'clinic');
    builder.where(filter.when === 'past' ? 'event.ends_at <= :now' : 'event.ends_at > :now', { now });
    if (filter.clinicId) builder.andWhere('event.clinic_id = :clinicId', { clinicId: filter.clinicId });
    if (filter.status) builder.andWhere('event.status = :status', { status: filter.status });
    const direction = filter.when === 'past' ? 'DESC' : 'ASC';
    const [items, total] = await builder
      .orderBy('event.startsAt', direction)
      .addOrderBy('event.id', 'ASC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  /**
   * A clinic's other sessions someone could still book: published, registration open, seats left, not one
   * of `exceptIds`, soonest first. Offered to the attendees of a cancelled event.
   */
  async bookableSessions(
    manager: EntityManager,
    clinicId: string,
    exceptIds: string[],
    now: Date,
    limit: number,
  ): Promise<Event[]> {
    return manager
      .createQueryBuilder(Event, 'event')
      .where('event.clinic_id = :clinicId', { clinicId })
      .andWhere(`event.status = 'published'`)
      .andWhere(
        'event.starts_at > :now AND event.registration_opens_at <= :now AND event.registration_closes_at > :now',
        { now },
      )
      .andWhere('event.confirmed_seats < event.capacity + event.extra_seats')
      .andWhere('NOT (event.id = ANY(:exceptIds))', { exceptIds })
      .orderBy('event.startsAt', 'ASC')
      .addOrderBy('event.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}

export interface AdminEventFilter {
  clinicId?: string;
  status?: EventStatus;
  when: 'upcoming' | 'past';
  page: number;
  pageSize: number;
}

/** An event the public may see, read as plain columns: what toPublicEventView needs, nothing more. */
export interface PublicEventRead {
  event: PublicEventFields;
  clinic: PublicClinicFields;
}

/** The public view's columns, named as the entities name them, so a row reads as PublicEventFields. */
const PUBLIC_EVENT_COLUMNS = `e.id, e.kind, e.title, e.description, e.status, e.starts_at AS "startsAt", e.ends_at AS "endsAt",
       e.time_zone AS "timeZone", e.venue_name AS "venueName", e.capacity, e.extra_seats AS "extraSeats", e.confirmed_seats AS "confirmedSeats",
       e.max_party_size AS "maxPartySize", e.registration_opens_at AS "registrationOpensAt",
       e.registration_closes_at AS "registrationClosesAt", e.waitlist_enabled AS "waitlistEnabled",
       c.slug AS "clinicSlug", c.name AS "clinicName", c.time_zone AS "clinicTimeZone", c.address AS "clinicAddress"`;

type CatalogueRow = PublicEventFields & {
  clinicSlug: string;
  clinicName: string;
  clinicTimeZone: string;
  clinicAddress: PostalAddress;
};

function splitRow({ clinicSlug, clinicName, clinicTimeZone, clinicAddress, ...event }: CatalogueRow): PublicEventRead {
  return { event, clinic: { slug: clinicSlug, name: clinicName, timeZone: clinicTimeZone, address: clinicAddress } };
}

/** The catalogue's rule (published, not ended, an active clinic) and the query's filters, as SQL and its values. */
function readTime(field: string, text: string, zone: string): Date {
  const parsed = parseEventTime(text, zone);
  if (!parsed) {
    throw new ValidationFailedError(`${field} is not a real date-time.`, {
      fields: [{ field, problems: [`${field} is not a real date-time`] }],
    });
  }
  return parsed;
}

function normaliseOffsets(offsets: number[]): number[] {
  return [...new Set(offsets)].sort((a, b) => b - a);
}
