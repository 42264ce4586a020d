import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Event } from '../events/event.entity.js';

/** `no_show`: was confirmed, not checked in when its event was completed (migration 1795730000001). */
export type ReservationStatus = 'confirmed' | 'waitlisted' | 'cancelled' | 'no_show';
export type ReservationSource = 'web' | 'staff' | 'walk-in';

/** Seats held (or wanted, on the waiting list) by one attendee and their guests for one event. */
@Entity('reservations')
@Check('ck_reservations_party_size', 'party_size >= 1')
@Check('ck_reservations_status', `status IN ('confirmed', 'waitlisted', 'cancelled', 'no_show')`)
@Check('ck_reservations_source', `source IN ('web', 'staff', 'walk-in')`)
// Only a walk-in may come without an e-mail address (migration 1795740000000); it then gets no mail.
@Check('ck_reservations_email_only_walk_ins_without', `email IS NOT NULL OR source = 'walk-in'`)
// One active reservation per attendee and event (DESIGN rule 2); cancelled ones do not count.
@Index('uq_reservations_active_email', ['eventId', 'email'], { unique: true, where: `status <> 'cancelled'` })
@Index('ix_reservations_queue', ['eventId', 'status', 'queueNumber'])
export class Reservation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_reservations_event' })
  event: Event;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Normalised: trimmed and lower-cased. Null only for a walk-in who gave none (no mail goes to them). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'integer' })
  partySize: number;

  @Column({ type: 'varchar', length: 12 })
  status: ReservationStatus;

  /** Arrival order: the waiting list is served by it, first come first served. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  queueNumber: string;

  /** Short code people read out at the door, e.g. "K7Q-3MZD". */
  @Index('uq_reservations_confirmation_code', { unique: true })
  @Column({ type: 'varchar', length: 12 })
  confirmationCode: string;

  /** SHA-256 of the manage token, to find the reservation from a link; the token itself is never stored. */
  @Index('uq_reservations_manage_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  manageTokenHash: string;

  /**
   * 128 random bits from which, with the server's secret, the current manage token is derived (see
   * ManageTokens). Useless without the secret; a new nonce makes every older link stop working.
   */
  @Column({ type: 'varchar', length: 32 })
  manageTokenNonce: string;

  /** iCal SEQUENCE of this attendee's invite: rises with every change they are sent (event edits, a switch). */
  @Column({ type: 'integer', default: 0 })
  inviteSequence: number;

  @Column({ type: 'varchar', length: 10, default: 'web' })
  source: ReservationSource;

  @Column({ type: 'boolean', default: false })
  consentReminders: boolean;

  @Column({ type: 'boolean', default: false })
  consentMarketing: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  privacyAcceptedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** Why the clinic cancelled it (a staff cancellation); the attendee's cancellation e-mail says it. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  cancellationReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  checkedInAt: Date | null;

  /** When the waiting list confirmed it (null if it was never waitlisted, or never promoted). */
  @Column({ type: 'timestamptz', nullable: true })
  promotedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
