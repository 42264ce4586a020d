import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { assertInTransaction } from '../database/transactions.js';
import type { AuditActorRole } from './audit-entry.entity.js';

/** What a caller tells the audit log about one change. */
export interface AuditRecord {
  /** Who made the change; null for the system's own jobs (completion after the end, retention). */
  actor: Actor | null;
  /** `subject.verb` in snake case: 'event.capacity_changed', 'clinic.archived', 'reservation.checked_in'. */
  action: string;
  clinicId: string | null;
  eventId?: string | null;
  subject: { type: AuditSubjectType; id: string | null };
  /** The changed fields as they were (omit or null for a creation). See audit-snapshots.ts. */
  before?: Record<string, unknown> | null;
  /** The changed fields as they became. */
  after?: Record<string, unknown> | null;
}

export type AuditSubjectType =
  'event' | 'event_series' | 'chain_settings' | 'clinic' | 'staff_user' | 'reservation' | 'outbox_message' | 'attendee';

const ACTION = /^[a-z_]+\.[a-z_]+$/;

/**
 * The audit log's only writer. Why a row can never describe a change that did not happen, nor a change
 * happen without its row: the INSERT runs on the caller's EntityManager, inside the caller's transaction,
 * so it commits and rolls back with the change; outside a transaction it is refused, as the outbox does.
 *
 * Callers pass snapshots from audit-snapshots.ts: for attendees only ids, status, party size and times,
 * never a name, e-mail or phone (DESIGN rule 8), so erasure and retention need not touch this table.
 */
export class AuditLog {
  static async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    assertInTransaction(manager, 'An audit log entry');
    if (!ACTION.test(entry.action)) throw new Error(`Audit action "${entry.action}" is not subject.verb in snake case`);
    const role: AuditActorRole = entry.actor?.role ?? 'system';
    await manager.query(
      `INSERT INTO audit_log (actor_id, actor_role, action, clinic_id, event_id, subject_type, subject_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        entry.actor?.id ?? null,
        role,
        entry.action,
        entry.clinicId,
        entry.eventId ?? null,
        entry.subject.type,
        entry.subject.id,
        jsonOrNull(entry.before),
        jsonOrNull(entry.after),
      ],
    );
  }
}

function jsonOrNull(value: Record<string, unknown> | null | undefined): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
