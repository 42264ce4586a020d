import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from '../staff/staff-user.entity.js';

export type AuditActorRole = 'admin' | 'staff' | 'system';

/** One staff or admin change (or one of the system's own, such as completing an event after its end). */
@Entity('audit_log')
@Check('ck_audit_log_actor_role', `actor_role IN ('admin', 'staff', 'system')`)
@Check('ck_audit_log_action', `action ~ '^[a-z_]+\\.[a-z_]+$'`)
@Index('ix_audit_log_at', ['at', 'id'])
@Index('ix_audit_log_clinic', ['clinicId', 'at'])
@Index('ix_audit_log_event', ['eventId', 'at'])
@Index('ix_audit_log_actor', ['actorId', 'at'])
export class AuditEntry {
  /** Insertion order; ids are strings because PostgreSQL's bigint does not fit a JS number. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_audit_log' })
  id: string;

  /** The time of the change's transaction. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  /** Null for the system (a job). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => StaffUser, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_audit_log_actor' })
  actor?: StaffUser | null;

  @Column({ type: 'varchar', length: 10 })
  actorRole: AuditActorRole;

  /** What happened, as `subject.verb`: 'event.capacity_changed', 'clinic.archived'. */
  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'uuid', nullable: true })
  clinicId: string | null;

  @Column({ type: 'uuid', nullable: true })
  eventId: string | null;

  /** What the change was made to: 'event', 'clinic', 'staff_user', 'reservation', 'outbox_message', 'attendee'. */
  @Column({ type: 'varchar', length: 30 })
  subjectType: string;

  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  /** The changed fields as they were (null for a creation); never an attendee's name, e-mail or phone. */
  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  /** The changed fields as they became. */
  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;
}
