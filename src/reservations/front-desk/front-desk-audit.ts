import type { EntityManager } from 'typeorm';
import { AuditLog } from '../../audit/audit-log.js';
import { changedFields, reservationSnapshot, type Snapshot } from '../../audit/audit-snapshots.js';
import type { Actor } from '../../common/auth/actor.js';
import type { Event } from '../../events/event.entity.js';
import type { Reservation } from '../reservation.entity.js';

export type FrontDeskAction =
  | 'reservation.checked_in'
  | 'reservation.check_in_undone'
  | 'reservation.walked_in'
  | 'reservation.promoted'
  | 'reservation.cancelled';

/**
 * One audit row for a front-desk change to a reservation, in the change's own transaction: the fields that
 * changed (ids, status, times; never a name, address or phone: audit-snapshots.ts). `before` null is a
 * creation (a walk-in).
 */
export async function recordDeskChange(
  manager: EntityManager,
  actor: Actor,
  action: FrontDeskAction,
  event: Event,
  reservation: Reservation,
  before: Snapshot | null,
  extra: Snapshot = {},
): Promise<void> {
  const after = reservationSnapshot(reservation);
  const diff = before ? changedFields(before, after) : { before: null, after };
  await AuditLog.record(manager, {
    actor,
    action,
    clinicId: event.clinicId,
    eventId: event.id,
    subject: { type: 'reservation', id: reservation.id },
    before: diff.before,
    after: { ...diff.after, ...extra },
  });
}
