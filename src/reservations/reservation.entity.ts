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

/**
 * `no_show`: was confirmed, not checked in when its event was completed (migration 1795730000001).
 * Issue 9 (migration 1795760000000): `offered`: promoted late from the waiting list, holds its seats until it
 * is accepted or its offer lapses; `released`: confirmed, not reconfirmed by the event's deadline, seats
 * given to the waiting list; `withdrawn`: a waitlisted place given up because another session of the same
 * waiting-list group confirmed.
 */
export type ReservationStatus =
  'confirmed' | 'offered' | 'waitlisted' | 'cancelled' | 'released' | 'withdrawn' | 'no_show';
/** Statuses that hold seats in the event's confirmed_seats counter. */
export const SEAT_HOLDING_STATUSES: readonly ReservationStatus[] = ['confirmed', 'offered'];
/** Statuses that no longer count as the attendee's reservation: the address may book the event again. */
export const INACTIVE_STATUSES: readonly ReservationStatus[] = ['cancelled', 'released', 'withdrawn'];
export type ReservationSource = 'web' | 'staff' | 'walk-in';

/** Seats held (or wanted, on the waiting list) by one attendee and their guests for one event. */
@Entity('reservations')
@Check('ck_reservations_party_size', 'party_size >= 1')
@Check(
  'ck_reservations_status',
  `status IN ('confirmed', 'offered', 'waitlisted', 'cancelled', 'released', 'withdrawn', 'no_show')`,
)
@Check('ck_reservations_offer_expiry', `status <> 'offered' OR offer_expires_at IS NOT NULL`)
@Check('ck_reservations_source', `source IN ('web', 'staff', 'walk-in')`)
// Only a walk-in may come without an e-mail address (migration 1795740000000); it then gets no mail.
@Check('ck_reservations_email_only_walk_ins_without', `email IS NOT NULL OR source = 'walk-in'`)
// One active reservation per attendee and event (DESIGN rule 2); cancelled ones do not count.
@Index('uq_reservations_active_email', ['eventId', 'email'], {
  unique: true,
  where: `status NOT IN ('cancelled', 'released', 'withdrawn')`,
})
@Index('ix_reservations_waitlist_group', ['waitlistGroupId'], { where: 'waitlist_group_id IS NOT NULL' })
@Index('ix_reservations_offers_due', ['offerExpiresAt'], { where: `status = 'offered'` })
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

  /** When the attendee answered "Yes, I'm coming" to the reconfirmation e-mail (issue 9). */
  @Column({ type: 'timestamptz', nullable: true })
  reconfirmedAt: Date | null;

  /** When its seats were released for not reconfirming by the deadline (status `released`). */
  @Column({ type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  /** While `offered`: the seat is theirs if they accept before this; then it goes to the next in line. */
  @Column({ type: 'timestamptz', nullable: true })
  offerExpiresAt: Date | null;

  /** Shared by one person's waitlisted places in several sessions: the first seat takes one, the rest withdraw. */
  @Column({ type: 'uuid', nullable: true })
  waitlistGroupId: string | null;

  /** Checked in although the room was full, by a staff override (recorded in the audit log too). */
  @Column({ type: 'boolean', default: false })
  admittedOverCapacity: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
