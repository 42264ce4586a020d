import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type MonthRange, monthStart, nextMonth } from './month-range.js';

/** One clinic's figures for one month (the month of each event's start, on the clinic's wall clock). */
export interface ClinicMonthFigures {
  clinicId: string;
  clinicName: string;
  clinicSlug: string;
  /** YYYY-MM */
  month: string;
  /** Published and completed events (drafts and cancelled ones offered nothing). */
  events: number;
  seatsOffered: number;
  /** Seats confirmed (no-shows included: they were booked). */
  seatsBooked: number;
  /** Reservations that held seats: confirmed or no-show. */
  reservations: number;
  /** Of completed events only: reservations checked in, and no-shows. */
  checkedIn: number;
  noShows: number;
  /** Reservations confirmed from the waiting list (promoted_at set). */
  waitlistConversions: number;
}

/**
 * The chain dashboard's one query. Figures come from what stays after retention: the events' capacity and
 * confirmed-seat counters, and the reservations' status, check-in time and promotion time (never a name).
 */
@Injectable()
export class ChainDashboardQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async figures(range: MonthRange): Promise<ClinicMonthFigures[]> {
    return (await this.dataSource.query(
      `WITH scoped AS (
         SELECT e.id, e.clinic_id, e.capacity, e.confirmed_seats, e.status,
                to_char(e.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM') AS month
           FROM events e
           JOIN clinics c ON c.id = e.clinic_id
          WHERE e.status IN ('published', 'completed')
            -- The same months in UTC, a day wider on each side, so ix_events_listing (status, starts_at) narrows the scan.
            AND e.starts_at >= ($1::timestamp AT TIME ZONE 'UTC') - interval '1 day'
            AND e.starts_at < ($2::timestamp AT TIME ZONE 'UTC') + interval '1 day'
            AND e.starts_at AT TIME ZONE c.time_zone >= $1::timestamp
            AND e.starts_at AT TIME ZONE c.time_zone < $2::timestamp
       )
       SELECT c.id AS "clinicId", c.name AS "clinicName", c.slug AS "clinicSlug", s.month,
              count(*)::int AS events,
              sum(s.capacity)::int AS "seatsOffered",
              sum(s.confirmed_seats)::int AS "seatsBooked",
              sum(r.reservations)::int AS reservations,
              COALESCE(sum(r.checked_in) FILTER (WHERE s.status = 'completed'), 0)::int AS "checkedIn",
              sum(r.no_shows)::int AS "noShows",
              sum(r.conversions)::int AS "waitlistConversions"
         FROM scoped s
         JOIN clinics c ON c.id = s.clinic_id
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE status IN ('confirmed', 'no_show')) AS reservations,
                  count(*) FILTER (WHERE status = 'confirmed' AND checked_in_at IS NOT NULL) AS checked_in,
                  count(*) FILTER (WHERE status = 'no_show') AS no_shows,
                  count(*) FILTER (WHERE promoted_at IS NOT NULL) AS conversions
             FROM reservations WHERE event_id = s.id
         ) r
        GROUP BY c.id, c.name, c.slug, s.month
        ORDER BY c.name, c.id, s.month`,
      [monthStart(range.from), monthStart(nextMonth(range.to))],
    )) as ClinicMonthFigures[];
  }
}
