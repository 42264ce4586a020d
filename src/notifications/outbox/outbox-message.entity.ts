import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OUTBOX_KINDS, type OutboxKind } from '../notification-context.js';
import { STAFF_MAIL_KINDS } from '../staff-mail/staff-mail.js';
import type { StoredContext } from './stored-context.js';

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/**
 * One e-mail to send, written in the transaction of the change that causes it (DESIGN rule 5). The ids of
 * the clinic, event and reservation are plain columns, not foreign keys: a message outlives, and never
 * blocks changes to, what it is about.
 */
@Entity('outbox_messages')
@Check('ck_outbox_messages_status', `status IN ('pending', 'sent', 'failed', 'cancelled')`)
// Staff mail (invitations, password resets) shares the outbox; its rows name no clinic, event or reservation.
// In the order migration 1795760000000 wrote them (the schema check compares the text).
@Check(
  'ck_outbox_messages_kind',
  `kind IN (${[...OUTBOX_KINDS, ...STAFF_MAIL_KINDS].map((kind) => `'${kind}'`).join(', ')})`,
)
@Check('ck_outbox_messages_attempts', 'attempts >= 0')
// What the dispatcher scans: pending messages by due time.
@Index('ix_outbox_messages_due', ['dueAt', 'id'], { where: `status = 'pending'` })
@Index('ix_outbox_messages_pending_reservation', ['reservationId', 'kind'], { where: `status = 'pending'` })
@Index('ix_outbox_messages_pending_event', ['eventId', 'kind'], { where: `status = 'pending'` })
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  kind: OutboxKind;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'varchar', length: 254 })
  recipientEmail: string;

  @Column({ type: 'uuid', nullable: true })
  clinicId: string | null;

  @Column({ type: 'uuid', nullable: true })
  eventId: string | null;

  @Column({ type: 'uuid', nullable: true })
  reservationId: string | null;

  /** Not sent before this; a retry moves it forward. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  dueAt: Date;

  /** Claims so far, counted when claimed, so a message that crashes its dispatcher still runs out of tries. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** A dispatcher's lease: while in the future, the message is being sent and no one else claims it. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** The Message-ID header, fixed when the row is written, so a resend is recognisably the same e-mail. */
  @Index('uq_outbox_messages_message_id', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  messageId: string;

  /** For reminders: how long before the event's start the message is due. */
  @Column({ type: 'integer', nullable: true })
  reminderOffsetMinutes: number | null;

  /**
   * What the message is rendered from at send time. It holds the attendee's manage link, so it is
   * cleared once the message is sent or cancelled.
   */
  @Column({ type: 'jsonb', nullable: true })
  payload: StoredContext | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
