import type { Clinic } from '../clinics/clinic.entity.js';
import type { Event } from '../events/event.entity.js';
import type { Reservation } from '../reservations/reservation.entity.js';
import type { StaffUser } from '../staff/staff-user.entity.js';

/**
 * What the audit log keeps of each kind of row: plain JSON values (dates as ISO strings), and for
 * attendees nothing that names or reaches a person (DESIGN rule 8).
 */
export type Snapshot = Record<string, unknown>;

export function eventSnapshot(event: Event): Snapshot {
  return {
    title: event.title,
    description: event.description,
    kind: event.kind,
    status: event.status,
    startsAt: iso(event.startsAt),
    endsAt: iso(event.endsAt),
    timeZone: event.timeZone,
    venueName: event.venueName,
    joinUrl: event.joinUrl,
    capacity: event.capacity,
    maxPartySize: event.maxPartySize,
    registrationOpensAt: iso(event.registrationOpensAt),
    registrationClosesAt: iso(event.registrationClosesAt),
    waitlistEnabled: event.waitlistEnabled,
    reminderOffsetsMinutes: [...event.reminderOffsetsMinutes],
    sequence: event.sequence,
  };
}

/** Every column of the clinic but its id and row times, so a setting added tomorrow is audited too. */
export function clinicSnapshot(clinic: Clinic): Snapshot {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...fields } = clinic;
  return plain(fields);
}

/** A staff account without its password hash; a password change shows as `passwordChanged`. */
export function staffSnapshot(user: StaffUser): Snapshot {
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    clinicIds: (user.clinics ?? []).map((clinic) => clinic.id).sort(),
    disabledAt: iso(user.disabledAt),
  };
}

/** Ids, status, party size and times: enough to follow the seats, nothing that identifies the attendee. */
export function reservationSnapshot(reservation: Reservation): Snapshot {
  return {
    id: reservation.id,
    status: reservation.status,
    partySize: reservation.partySize,
    source: reservation.source,
    checkedInAt: iso(reservation.checkedInAt),
  };
}

/** The fields that differ, as two halves: `{ before: {capacity: 20}, after: {capacity: 30} }`. */
export function changedFields(before: Snapshot, after: Snapshot): { before: Snapshot; after: Snapshot } {
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  return {
    before: Object.fromEntries(changed.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(changed.map((key) => [key, after[key] ?? null])),
  };
}

/** Dates as ISO strings, everything else as JSON would write it. */
function plain(fields: Record<string, unknown>): Snapshot {
  return JSON.parse(JSON.stringify(fields)) as Snapshot;
}

function iso(value: Date | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}
