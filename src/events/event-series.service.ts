import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import rrule from 'rrule';
import { DataSource, Repository } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../common/auth/actor.js';
import { assertCanManageClinic } from '../common/auth/actor.js';
import { NotFoundError, ValidationFailedError } from '../common/errors/domain-error.js';
import { parseEventTime, wallClockToInstant } from '../common/event-time.js';
import { canonicalTimeZone } from '../common/time-zones.js';
import type { Clinic } from '../clinics/clinic.entity.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import type { CreateEventDto } from './dto/event.dto.js';
import type { CreateEventSeriesDto } from './dto/event-series.dto.js';
import { assertStatusMove } from './event-rules.js';
import { Event } from './event.entity.js';
import { EventsService } from './events.service.js';
import { Clock } from '../common/clock.js';

// rrule ships CommonJS (its ESM build is not marked as a module), so Node hands it over as one default export.
const { RRule } = rrule;

/** A series is a schedule for the months ahead, not an open-ended calendar. */
export const MAX_OCCURRENCES = 52;
export const SERIES_HORIZON_YEARS = 10;

export interface Occurrence {
  /** Wall-clock start in the event's zone, the same every time: "2026-03-10T18:00:00". */
  localStart: string;
  startsAt: Date;
}

/**
 * The starts of a recurring event: `rule` (an RFC 5545 RRULE value without DTSTART) expanded from
 * `firstStartLocal` (a wall-clock time without offset, e.g. "2026-03-03T18:00") over floating local
 * times, then each read in `zone`. So 18:00 every Tuesday stays 18:00 across a daylight-saving change
 * and the UTC instant moves by the hour instead. A wall-clock time skipped by the change (02:30 on the
 * spring-forward night) is read as luxon reads it, an hour later (03:30), as RFC 5545 says.
 *
 * Refuses (400 VALIDATION_FAILED, naming the field) a rule that cannot be read, that does not end
 * (no COUNT or UNTIL), repeats more often than daily, sets its own DTSTART or time of day, yields more
 * than 52 occurrences or reaches beyond 10 years, or whose first occurrence is not `firstStartLocal`.
 */
export function expandOccurrences(firstStartLocal: string, zone: string, rule: string): Occurrence[] {
  const first = readWallClock(firstStartLocal);
  const parts = readRule(rule);
  const horizon = first.plus({ years: SERIES_HORIZON_YEARS });
  const until = parts.UNTIL === undefined ? undefined : untilAsWallClock(parts.UNTIL, zone);
  if (until && until > horizon) refuseRule(`recurrence.rule's UNTIL must be within ${SERIES_HORIZON_YEARS} years of event.startsAt`);

  const starts = expandWallClock(rule, first, until ?? horizon);
  if (parts.COUNT !== undefined && starts.length < Number(parts.COUNT)) {
    refuseRule(`recurrence.rule yields only ${starts.length} of its COUNT=${parts.COUNT} occurrences within ${SERIES_HORIZON_YEARS} years of event.startsAt`);
  }
  if (starts.length === 0) refuseRule('recurrence.rule has no occurrence between event.startsAt and its UNTIL');
  if (starts.length > MAX_OCCURRENCES) refuseRule(`recurrence.rule yields more than ${MAX_OCCURRENCES} occurrences; a series has at most ${MAX_OCCURRENCES}`);
  if (+starts[0] !== +first) {
    throw fieldError(
      'event.startsAt',
      `event.startsAt (${first.toFormat("cccc yyyy-MM-dd'T'HH:mm")}) must be the first occurrence of recurrence.rule, which would be ${starts[0].toFormat("cccc yyyy-MM-dd'T'HH:mm")}`,
    );
  }
  return starts.map((start) => ({
    localStart: start.toFormat(start.millisecond ? "yyyy-MM-dd'T'HH:mm:ss.SSS" : "yyyy-MM-dd'T'HH:mm:ss"),
    startsAt: wallClockToInstant(start.toObject(), zone),
  }));
}

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
  async createSeries(clinicSlug: string, input: CreateEventSeriesDto, actor: Actor): Promise<{ seriesId: string; clinic: Clinic; events: Event[] }> {
    const clinic = await this.clinics.getActiveBySlug(clinicSlug);
    assertCanManageClinic(actor, clinic.id);
    const plan = planSeries(input.event, canonicalTimeZone(input.event.timeZone ?? clinic.timeZone)!, input.recurrence.rule);
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
        after: { rule: input.recurrence.rule, published: Boolean(input.publish), eventIds: created.map((event) => event.id) },
      });
      return created;
    });
    return { seriesId, clinic, events };
  }

  /**
   * The events a series would create, without creating anything: the same expansion and the same
   * per-occurrence times as createSeries (planSeries), so what an admin confirms is what gets made.
   */
  async previewSeries(clinicSlug: string, input: CreateEventSeriesDto, actor: Actor): Promise<{ clinic: Clinic; timeZone: string; events: CreateEventDto[] }> {
    const clinic = await this.clinics.getActiveBySlug(clinicSlug);
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
  return expandOccurrences(first.localStart, zone, rule).map((occurrence) => occurrenceInput(template, first, occurrence));
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
  const wallClock = hasOffset ? DateTime.fromJSDate(startsAt, { zone }) : DateTime.fromISO(template.startsAt, { zone: 'utc' });
  return {
    localStart: wallClock.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS"),
    startsAt,
    endsAt: read('endsAt', template.endsAt),
    registrationOpensAt: template.registrationOpensAt === undefined ? undefined : read('registrationOpensAt', template.registrationOpensAt),
    registrationClosesAt: template.registrationClosesAt === undefined ? undefined : read('registrationClosesAt', template.registrationClosesAt),
  };
}

/**
 * One occurrence's event: the template at the occurrence's start, lasting as long as the first, with the
 * registration window (when given) as far from its start as the first one's is. Left out, the window is
 * each event's default (opens now, closes at its start).
 */
function occurrenceInput(template: CreateEventDto, first: FirstOccurrence, occurrence: Occurrence): CreateEventDto {
  const firstStart = first.startsAt.getTime();
  const shifted = (instant: Date) => new Date(occurrence.startsAt.getTime() + (instant.getTime() - firstStart)).toISOString();
  return {
    ...template,
    startsAt: occurrence.startsAt.toISOString(),
    endsAt: shifted(first.endsAt),
    registrationOpensAt: first.registrationOpensAt && shifted(first.registrationOpensAt),
    registrationClosesAt: first.registrationClosesAt && shifted(first.registrationClosesAt),
  };
}

// ----- Reading an RRULE value strictly (rrule's own parser lets "FREQ=FOO" or "COUNT=abc" through) -----

const WEEKDAY = '(MO|TU|WE|TH|FR|SA|SU)';
const PARTS = ['FREQ', 'UNTIL', 'COUNT', 'INTERVAL', 'BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYMONTH', 'BYSETPOS', 'WKST'] as const;
type RulePart = (typeof PARTS)[number];

const numberList = (max: number, signed: boolean) => (value: string) =>
  value.split(',').every((item) => (signed ? /^[+-]?\d{1,3}$/ : /^\d{1,3}$/).test(item) && Math.abs(Number(item)) >= 1 && Math.abs(Number(item)) <= max);

const VALID_VALUE: Record<RulePart, (value: string) => boolean> = {
  FREQ: (value) => /^(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)$/.test(value),
  UNTIL: (value) => /^\d{8}(T\d{6}Z?)?$/.test(value),
  COUNT: (value) => /^\d{1,6}$/.test(value) && Number(value) >= 1,
  INTERVAL: (value) => /^\d{1,4}$/.test(value) && Number(value) >= 1,
  BYSECOND: () => true, // refused below with the reason
  BYMINUTE: () => true,
  BYHOUR: () => true,
  BYDAY: (value) =>
    value.split(',').every((item) => {
      const match = new RegExp(`^([+-]?\\d{1,2})?${WEEKDAY}$`).exec(item);
      return match !== null && (match[1] === undefined || (Math.abs(Number(match[1])) >= 1 && Math.abs(Number(match[1])) <= 53));
    }),
  BYMONTHDAY: numberList(31, true),
  BYYEARDAY: numberList(366, true),
  BYWEEKNO: numberList(53, true),
  BYMONTH: numberList(12, false),
  BYSETPOS: numberList(366, true),
  WKST: (value) => new RegExp(`^${WEEKDAY}$`).test(value),
};

/** The rule's parts by name, after every check that needs only the rule itself. */
function readRule(rule: string): Partial<Record<RulePart, string>> {
  const text = rule.trim().toUpperCase();
  if (text.includes('DTSTART')) refuseRule('recurrence.rule must not contain DTSTART: the first occurrence is event.startsAt');
  if (/[\r\n]/.test(text)) refuseRule('recurrence.rule must be a single RRULE value such as FREQ=WEEKLY;BYDAY=TU;COUNT=8');
  const parts: Partial<Record<RulePart, string>> = {};
  for (const item of text.replace(/^RRULE:/, '').split(';')) {
    const [name, value, extra] = item.split('=');
    if (!(PARTS as readonly string[]).includes(name) || value === undefined || extra !== undefined) {
      refuseRule(`recurrence.rule is not an RRULE value: cannot read "${item}" (e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=8)`);
    }
    const part = name as RulePart;
    if (parts[part] !== undefined) refuseRule(`recurrence.rule has ${part} twice`);
    if (!VALID_VALUE[part](value)) refuseRule(`recurrence.rule has an invalid ${part} value "${value}"`);
    parts[part] = value;
  }
  const freq = parts.FREQ;
  if (freq === undefined) refuseRule('recurrence.rule needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)');
  if (['SECONDLY', 'MINUTELY', 'HOURLY'].includes(freq)) {
    refuseRule(`recurrence.rule repeats ${freq}: a series repeats at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)`);
  }
  for (const part of ['BYHOUR', 'BYMINUTE', 'BYSECOND'] as const) {
    if (parts[part] !== undefined) refuseRule(`recurrence.rule must not set ${part}: every occurrence starts at the time of day of event.startsAt`);
  }
  if (parts.COUNT === undefined && parts.UNTIL === undefined) refuseRule('recurrence.rule needs COUNT or UNTIL: a series must end');
  if (parts.COUNT !== undefined && parts.UNTIL !== undefined) refuseRule('recurrence.rule must not have both COUNT and UNTIL');
  if (parts.COUNT !== undefined && Number(parts.COUNT) > MAX_OCCURRENCES) {
    refuseRule(`recurrence.rule has COUNT=${parts.COUNT}; a series has at most ${MAX_OCCURRENCES} occurrences`);
  }
  // RFC 5545 3.3.10: where these parts may appear.
  if (parts.BYWEEKNO !== undefined && freq !== 'YEARLY') refuseRule('recurrence.rule may use BYWEEKNO only with FREQ=YEARLY');
  if (parts.BYYEARDAY !== undefined && freq !== 'YEARLY') refuseRule('recurrence.rule may use BYYEARDAY only with FREQ=YEARLY');
  if (parts.BYMONTHDAY !== undefined && freq === 'WEEKLY') refuseRule('recurrence.rule must not use BYMONTHDAY with FREQ=WEEKLY');
  if (parts.BYDAY !== undefined && /\d/.test(parts.BYDAY) && (!['MONTHLY', 'YEARLY'].includes(freq) || parts.BYWEEKNO !== undefined)) {
    refuseRule('recurrence.rule may number BYDAY (e.g. 1TU) only with FREQ=MONTHLY or YEARLY');
  }
  return parts;
}

/**
 * UNTIL as a wall-clock time in the zone: a UTC time (…Z) is converted, a local one taken as written,
 * and a bare date includes that whole day.
 */
function untilAsWallClock(until: string, zone: string): DateTime {
  const parsed = until.endsWith('Z')
    ? DateTime.fromFormat(until, "yyyyMMdd'T'HHmmss'Z'", { zone: 'utc' }).setZone(zone).setZone('utc', { keepLocalTime: true })
    : until.includes('T')
      ? DateTime.fromFormat(until, "yyyyMMdd'T'HHmmss", { zone: 'utc' })
      : DateTime.fromFormat(until, 'yyyyMMdd', { zone: 'utc' }).endOf('day');
  if (!parsed.isValid) refuseRule(`recurrence.rule has an invalid UNTIL value "${until}"`);
  return parsed;
}

/**
 * rrule expands over "floating" times: a JS Date whose UTC fields are the wall-clock time. It looks for a
 * match until the year 9999 whatever UNTIL says, so a rule that can never match
 * (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) would spin through 8,000 years of days. So the rule runs on the
 * latest years before 9999 whose calendars are exactly those of the series' years (same leap day, same
 * weekdays), which leaves rrule a few decades at most to search, and the results are moved back.
 */
function expandWallClock(rule: string, first: DateTime, until: DateTime): DateTime[] {
  const shiftYears = calendarShiftYears(first.year - 1, until.year + 1);
  const options = RRule.parseString(rule.trim().toUpperCase().replace(/^RRULE:/, ''));
  delete options.until;
  const expansion = new RRule({
    ...options,
    dtstart: first.plus({ years: shiftYears }).toJSDate(),
    until: until.plus({ years: shiftYears }).toJSDate(),
  });
  return expansion
    .all((_date, found) => found <= MAX_OCCURRENCES) // one more than allowed is enough to refuse
    .map((date) => DateTime.fromJSDate(date, { zone: 'utc' }).minus({ years: shiftYears }));
}

const LAST_RRULE_YEAR = 9999;

/** The largest shift that maps the years `from`..`to` onto identical calendars no later than 9999 (the calendar repeats every 400 years, so one exists). */
export function calendarShiftYears(from: number, to: number): number {
  const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const firstWeekday = (year: number) => new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const sameCalendar = (year: number, shift: number) => isLeap(year) === isLeap(year + shift) && firstWeekday(year) === firstWeekday(year + shift);
  for (let shift = LAST_RRULE_YEAR - to; shift > 0; shift -= 1) {
    let same = true;
    for (let year = from; year <= to && same; year += 1) same = sameCalendar(year, shift);
    if (same) return shift;
  }
  return 0;
}

function readWallClock(text: string): DateTime {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(text)) throw new Error('expandOccurrences takes a wall-clock time without an offset');
  const wallClock = DateTime.fromISO(text, { zone: 'utc' });
  if (!wallClock.isValid) throw fieldError('event.startsAt', 'event.startsAt is not a real date-time');
  return wallClock;
}

function refuseRule(problem: string): never {
  throw fieldError('recurrence.rule', problem);
}

function fieldError(field: string, problem: string): ValidationFailedError {
  return new ValidationFailedError(problem, { fields: [{ field, problems: [problem] }] });
}
