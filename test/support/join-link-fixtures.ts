import { ReservationLinks } from '../../src/common/crypto/reservation-links.js';
import type { TestApp } from './test-app.js';

/** Builders for the join-link suite (issue 9): links as the app derives them, time moved by moving the event. */

const MINUTE = 60_000;

/** The reservation's personal join link as every e-mail gives it (absolute), derived by the app's own ReservationLinks. */
export async function joinUrlOf(t: TestApp, reservationId: string): Promise<string> {
  const [row] = (await t.dataSource.query(`SELECT manage_token_nonce FROM reservations WHERE id = $1`, [
    reservationId,
  ])) as { manage_token_nonce: string }[];
  if (!row) throw new Error(`joinUrlOf: no reservation ${reservationId}`);
  return t.app.get(ReservationLinks).urlFor('join', reservationId, row.manage_token_nonce);
}

/** The path part of the join link, for supertest. */
export async function joinPathOf(t: TestApp, reservationId: string): Promise<string> {
  return new URL(await joinUrlOf(t, reservationId)).pathname;
}

/**
 * Moves an event so that it starts `startsInMinutes` from now (negative: it started that long ago) and lasts
 * `durationMinutes`, as if time had passed since it was published; registration closed a day before.
 */
export async function moveEventStart(
  t: TestApp,
  eventId: string,
  startsInMinutes: number,
  durationMinutes = 60,
): Promise<{ startsAt: Date; endsAt: Date }> {
  const startsAt = new Date(Date.now() + startsInMinutes * MINUTE);
  const endsAt = new Date(startsAt.getTime() + durationMinutes * MINUTE);
  await t.dataSource.query(
    `UPDATE events SET starts_at = $2, ends_at = $3,
            registration_opens_at = $2::timestamptz - interval '7 days', registration_closes_at = $2::timestamptz - interval '1 day'
      WHERE id = $1`,
    [eventId, startsAt, endsAt],
  );
  return { startsAt, endsAt };
}

export async function checkInOf(
  t: TestApp,
  reservationId: string,
): Promise<{ status: string; checkedInAt: Date | null }> {
  const [row] = (await t.dataSource.query(`SELECT status, checked_in_at FROM reservations WHERE id = $1`, [
    reservationId,
  ])) as { status: string; checked_in_at: Date | null }[];
  return { status: row!.status, checkedInAt: row!.checked_in_at };
}

/**
 * Counts every write that changes a reservation's check-in time, whoever makes it: a trigger on the real table
 * (only in the test database) logs each one. So "recorded once" means one write, not one value seen afterwards.
 */
export async function countCheckInWrites(t: TestApp): Promise<(reservationId: string) => Promise<number>> {
  await t.dataSource.query(`
    CREATE TABLE IF NOT EXISTS test_check_in_writes (reservation_id uuid NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
    CREATE OR REPLACE FUNCTION test_log_check_in_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_check_in_writes (reservation_id) VALUES (NEW.id);
      RETURN NEW;
    END $$;
    DROP TRIGGER IF EXISTS test_check_in_writes ON reservations;
    CREATE TRIGGER test_check_in_writes AFTER UPDATE OF checked_in_at ON reservations
      FOR EACH ROW WHEN (OLD.checked_in_at IS DISTINCT FROM NEW.checked_in_at) EXECUTE FUNCTION test_log_check_in_write();
  `);
  return async (reservationId) => {
    const [row] = (await t.dataSource.query(
      `SELECT count(*)::int AS writes FROM test_check_in_writes WHERE reservation_id = $1`,
      [reservationId],
    )) as { writes: number }[];
    return row!.writes;
  };
}
