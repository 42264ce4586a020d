import { stringify } from 'csv-stringify/sync';
import type { Reservation } from '../reservation.entity.js';

const COLUMNS = [
  'confirmation_code',
  'status',
  'waitlist_position',
  'name',
  'email',
  'phone',
  'party_size',
  'source',
  'checked_in_at',
  'reserved_at',
];

/**
 * A cell a spreadsheet would run as a formula ("=HYPERLINK(…)", "+1…", "@SUM…") is prefixed with an
 * apostrophe: attendee names are typed by the public and must stay plain text when staff open the file.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The attendee list as CSV (RFC 4180, with a header row), confirmed first, then the waiting list in order. */
export function attendeesCsv(reservations: Reservation[]): string {
  const confirmed = reservations.filter((r) => r.status === 'confirmed');
  const waitlisted = reservations.filter((r) => r.status === 'waitlisted');
  const rows = [...confirmed.map((r) => row(r, '')), ...waitlisted.map((r, index) => row(r, String(index + 1)))];
  return stringify(rows, { header: true, columns: COLUMNS, record_delimiter: '\r\n' });
}

function row(reservation: Reservation, waitlistPosition: string): Record<string, string> {
  return {
    confirmation_code: reservation.confirmationCode,
    status: reservation.status,
    waitlist_position: waitlistPosition,
    name: neutraliseFormula(reservation.name),
    email: neutraliseFormula(reservation.email ?? ''),
    phone: neutraliseFormula(reservation.phone ?? ''),
    party_size: String(reservation.partySize),
    source: reservation.source,
    checked_in_at: reservation.checkedInAt?.toISOString() ?? '',
    reserved_at: reservation.createdAt.toISOString(),
  };
}
