import type { EntityManager } from 'typeorm';
import type { EventKind } from '../../events/event.entity.js';
import type { AttendanceSample } from '../../events/overbooking.js';

/** How far back completed events count towards a clinic's show rate: a season and a half. */
export const SHOW_RATE_WINDOW_DAYS = 540;

/**
 * The attendance record of one clinic's completed events of one kind (DESIGN "Attendance"): the seats booked
 * at completion (a checked-in reservation stays `confirmed`, the others became `no_show`), the seats that
 * came (checked in at the door, or joined through the personal link for a webinar), and the parties' sizes.
 * Walk-ins came without booking, so they say nothing about who comes of those who book, and are left out.
 */
export async function attendanceSample(
  manager: EntityManager,
  clinicId: string,
  kind: EventKind,
  now: Date,
): Promise<AttendanceSample> {
  const [row] = (await manager.query(
    `WITH booked AS (
       SELECT r.event_id, r.party_size, r.checked_in_at IS NOT NULL AS came
         FROM events e
         JOIN reservations r ON r.event_id = e.id
        WHERE e.clinic_id = $1 AND e.kind = $2 AND e.status = 'completed'
          AND e.ends_at > $3::timestamptz - make_interval(days => $4)
          AND r.status IN ('confirmed', 'no_show') AND r.source <> 'walk-in'
     )
     SELECT count(DISTINCT event_id)::int AS events,
            coalesce(sum(party_size), 0)::int AS "bookedSeats",
            coalesce(sum(party_size) FILTER (WHERE came), 0)::int AS "arrivedSeats",
            count(*)::int AS "bookedParties",
            coalesce((SELECT jsonb_object_agg(party_size, parties)
                        FROM (SELECT party_size, count(*)::int AS parties FROM booked GROUP BY party_size) sizes),
                     '{}'::jsonb) AS "partySizes"
       FROM booked`,
    [clinicId, kind, now, SHOW_RATE_WINDOW_DAYS],
  )) as AttendanceSample[];
  return row;
}

/** The parties that hold seats and have not arrived yet, and the seats already checked in (the caller locks). */
export async function arrivalsStillExpected(
  manager: EntityManager,
  eventId: string,
): Promise<{ checkedInSeats: number; partiesToCome: number[] }> {
  const rows = (await manager.query(
    `SELECT party_size AS "partySize", checked_in_at IS NOT NULL AS "checkedIn"
       FROM reservations WHERE event_id = $1 AND status IN ('confirmed', 'offered')`,
    [eventId],
  )) as { partySize: number; checkedIn: boolean }[];
  return {
    checkedInSeats: rows.filter((row) => row.checkedIn).reduce((sum, row) => sum + row.partySize, 0),
    partiesToCome: rows.filter((row) => !row.checkedIn).map((row) => row.partySize),
  };
}
