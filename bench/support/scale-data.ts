/**
 * Bulk rows for bench:scale, written straight in SQL (generate_series, INSERT ... SELECT) so a million rows
 * take seconds, not the hours the API would. The shapes follow the migrations (events, reservations,
 * outbox_messages) and stay within their rules: unique e-mails per event, unique confirmation codes and
 * token hashes, each event's confirmed_seats equal to its confirmed reservations, within capacity.
 * Nothing here runs ANALYZE: the point is to see the plans PostgreSQL picks on its own (autovacuum may run).
 */
import type pg from 'pg';

export interface ScaleSizes {
  events: number;
  reservations: number;
  outbox: number;
  /** One outbox row in `pendingEvery` is a pending reminder, the rest are sent confirmations. */
  pendingEvery: number;
}

export interface ScaleStep {
  step: string;
  rows: number;
  ms: number;
}

/**
 * A page's worth of upcoming published events before anything is loaded, so the listing answers the same page
 * (20 events, the same JSON size) on the empty database as on the loaded one: the ratio then measures the
 * data's growth, not 2 events' JSON against 20. Their title keeps them out of the bulk rows' own selection.
 */
export async function addBaselineEvents(db: pg.Client, clinicId: string, count: number): Promise<void> {
  await db.query(
    `INSERT INTO events (clinic_id, kind, title, starts_at, ends_at, time_zone, capacity, max_party_size,
                         registration_opens_at, registration_closes_at, status)
     SELECT $1::uuid, 'seminar', 'Baseline seminar ' || g, s.starts_at, s.starts_at + interval '1 hour', 'America/Chicago',
            200, 2, s.starts_at - interval '60 days', s.starts_at - interval '1 hour', 'published'
       FROM generate_series(1, $2::int) g
      CROSS JOIN LATERAL (SELECT now() + g * interval '1 day' AS starts_at) s`,
    [clinicId, count],
  );
}

export async function fillScaleData(db: pg.Client, clinicId: string, sizes: ScaleSizes): Promise<ScaleStep[]> {
  const steps: ScaleStep[] = [];
  const timed = async (step: string, sql: string, values: unknown[]) => {
    const started = performance.now();
    const result = await db.query(sql, values);
    steps.push({ step, rows: result.rowCount ?? 0, ms: performance.now() - started });
  };
  await db.query(`SET statement_timeout = '10min'`);

  // One event in ten a draft, one in ten completed (in the past), the rest published over the next year:
  // the catalogue's filter (published, not ended) has to pass over the others.
  await timed(
    'events',
    `INSERT INTO events (clinic_id, kind, title, starts_at, ends_at, time_zone, capacity, max_party_size,
                         registration_opens_at, registration_closes_at, status)
     SELECT $1::uuid, 'seminar', 'Scale seminar ' || g, s.starts_at, s.starts_at + interval '1 hour', 'America/Chicago', 200, 2,
            s.starts_at - interval '60 days', s.starts_at - interval '1 hour',
            CASE g % 10 WHEN 0 THEN 'draft' WHEN 1 THEN 'completed' ELSE 'published' END
       FROM generate_series(1, $2::int) g
      CROSS JOIN LATERAL (
        SELECT CASE WHEN g % 10 = 1 THEN now() - (g % 365 + 1) * interval '1 day'
                    ELSE now() + (g % 365 + 1) * interval '1 day' + (g % 24) * interval '1 hour' END AS starts_at) s`,
    [clinicId, sizes.events],
  );

  // Reservations spread round-robin over those events; in each round of the spread, 8 in 10 confirmed,
  // 1 waitlisted, 1 cancelled, so every event has all three. Codes start with S, which the app never
  // generates (its codes are XXX-XXXX), so they cannot collide with the bench's own reservations.
  await timed(
    'reservations',
    `WITH scale_events AS (
       SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM events WHERE title LIKE 'Scale seminar %')
     INSERT INTO reservations (event_id, name, email, party_size, status, confirmation_code, manage_token_hash,
                               manage_token_nonce, source, consent_reminders, privacy_accepted_at, confirmed_at)
     SELECT ids[1 + g % n], 'Scale attendee ' || g, 'scale-' || g || '@bench.local', 1,
            CASE WHEN (g / n) % 10 < 8 THEN 'confirmed' WHEN (g / n) % 10 = 8 THEN 'waitlisted' ELSE 'cancelled' END,
            'S' || lpad(to_hex(g), 11, '0'), md5('token-' || g) || md5('hash-' || g), md5('nonce-' || g), 'web', true,
            now(), CASE WHEN (g / n) % 10 < 8 THEN now() END
       FROM scale_events, generate_series(1, $1::int) g`,
    [sizes.reservations],
  );
  await timed(
    'events.confirmed_seats',
    `UPDATE events e SET confirmed_seats = s.seats
       FROM (SELECT event_id, sum(party_size)::int AS seats FROM reservations
              WHERE status = 'confirmed' AND email LIKE 'scale-%' GROUP BY event_id) s
      WHERE e.id = s.event_id`,
    [],
  );

  // Outbox rows for those reservations: sent confirmations, and every `pendingEvery`-th a pending reminder
  // due before its event (the dispatcher is off; the partial "pending" indexes get their share).
  await timed(
    'outbox_messages',
    `INSERT INTO outbox_messages (kind, status, recipient_email, clinic_id, event_id, reservation_id, due_at, attempts,
                                  sent_at, message_id, reminder_offset_minutes)
     SELECT CASE WHEN r.pending THEN 'reminder' ELSE 'confirmation' END,
            CASE WHEN r.pending THEN 'pending' ELSE 'sent' END,
            r.email, $1::uuid, r.event_id, r.id,
            CASE WHEN r.pending THEN now() + interval '5 days' ELSE now() END,
            CASE WHEN r.pending THEN 0 ELSE 1 END,
            CASE WHEN r.pending THEN NULL ELSE now() END,
            '<scale-' || r.queue_number || '@bench.local>',
            CASE WHEN r.pending THEN 1440 END
       FROM (SELECT id, event_id, email, queue_number, queue_number % $2 = 0 AS pending
               FROM reservations WHERE email LIKE 'scale-%' ORDER BY queue_number LIMIT $3) r`,
    [clinicId, sizes.pendingEvery, sizes.outbox],
  );
  await db.query('RESET statement_timeout');
  return steps;
}

/** What autovacuum has done to the big tables so far: a loaded run may or may not have fresh statistics. */
export async function tableStatistics(db: pg.Client): Promise<Array<Record<string, string | number>>> {
  const { rows } = await db.query(
    `SELECT relname AS table, n_live_tup AS live_rows_estimate,
            COALESCE(to_char(last_autoanalyze, 'HH24:MI:SS'), 'never') AS last_autoanalyze,
            COALESCE(to_char(last_autovacuum, 'HH24:MI:SS'), 'never') AS last_autovacuum,
            COALESCE(to_char(last_analyze, 'HH24:MI:SS'), 'never') AS last_manual_analyze
       FROM pg_stat_user_tables WHERE relname IN ('events', 'reservations', 'outbox_messages') ORDER BY relname`,
  );
  return rows;
}
