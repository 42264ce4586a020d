/**
 * The seat ledger of one event, checked in the database after a run (DESIGN rule 1: never oversold, the
 * counter equals the confirmed reservations' seats; rule 3: waiting-list positions 1..n without gaps).
 */
import type pg from 'pg';
import type { ReservationAnswer } from './load.js';

export interface Ledger {
  /** The bookable seats: capacity + extra_seats (0 unless the event overbooks). */
  capacity: number;
  confirmedSeats: number;
  confirmedSum: number;
  waitlisted: number;
}

export async function readLedger(db: pg.Client, eventId: string): Promise<Ledger> {
  const {
    rows: [row],
  } = await db.query(
    `SELECT e.capacity + e.extra_seats AS capacity, e.confirmed_seats,
            COALESCE(SUM(r.party_size) FILTER (WHERE r.status IN ('confirmed', 'offered')), 0)::int AS confirmed_sum,
            COUNT(r.id) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted
       FROM events e LEFT JOIN reservations r ON r.event_id = e.id
      WHERE e.id = $1 GROUP BY e.id`,
    [eventId],
  );
  return {
    capacity: row.capacity,
    confirmedSeats: row.confirmed_seats,
    confirmedSum: row.confirmed_sum,
    waitlisted: row.waitlisted,
  };
}

/**
 * What is wrong with an event's ledger, empty when nothing is. With the answers of a run, also checks that
 * they agree with the database and that the waiting-list positions answered are exactly 1..n (a position
 * is computed from the queue order when asked, so only the answers can show a gap or a duplicate).
 */
export async function ledgerProblems(
  db: pg.Client,
  label: string,
  eventId: string,
  answers?: ReservationAnswer[],
): Promise<string[]> {
  const ledger = await readLedger(db, eventId);
  const problems: string[] = [];
  if (ledger.confirmedSeats > ledger.capacity)
    problems.push(`${label}: oversold, ${ledger.confirmedSeats} seats confirmed for ${ledger.capacity}`);
  if (ledger.confirmedSeats !== ledger.confirmedSum) {
    problems.push(
      `${label}: seat counter ${ledger.confirmedSeats} differs from the confirmed reservations' ${ledger.confirmedSum}`,
    );
  }
  if (answers) {
    const made = answers.filter((a) => a.status === 201);
    const confirmed = made.filter((a) => a.reservationStatus === 'confirmed').length;
    const positions = made
      .filter((a) => a.reservationStatus === 'waitlisted')
      .map((a) => a.waitlistPosition ?? 0)
      .sort((a, b) => a - b);
    if (confirmed !== ledger.confirmedSum)
      problems.push(`${label}: ${confirmed} confirmations answered but ${ledger.confirmedSum} seats in the database`);
    if (positions.length !== ledger.waitlisted)
      problems.push(`${label}: ${positions.length} waitlisted answers but ${ledger.waitlisted} in the database`);
    if (positions.some((p, i) => p !== i + 1))
      problems.push(`${label}: waiting-list positions answered are not 1..n without gaps`);
  }
  return problems;
}
