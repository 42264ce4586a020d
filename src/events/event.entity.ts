import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Clinic } from '../clinics/clinic.entity.js';

export type EventKind = 'seminar' | 'webinar';
export const EVENT_KINDS: readonly EventKind[] = ['seminar', 'webinar'];
export type EventStatus = 'draft' | 'published' | 'completed' | 'cancelled';

/** A seminar at a clinic or a webinar online, with a fixed number of seats. */
@Entity('events')
@Check('ck_events_seats_within_bookable', 'confirmed_seats >= 0 AND confirmed_seats <= capacity + extra_seats')
@Check(
  'ck_events_full_rooms',
  'extra_seats >= 0 AND overbooking_max_extra >= 0 AND overbooking_risk_percent BETWEEN 1 AND 20 AND (reconfirm_lead_minutes IS NULL OR reconfirm_lead_minutes BETWEEN 0 AND 20160) AND release_deadline_minutes BETWEEN 0 AND 20160',
)
@Check('ck_events_ends_after_start', 'ends_at > starts_at')
@Check('ck_events_party_size', 'max_party_size >= 1')
@Check('ck_events_kind', `kind IN ('seminar', 'webinar')`)
@Check('ck_events_status', `status IN ('draft', 'published', 'completed', 'cancelled')`)
@Index('ix_events_listing', ['status', 'startsAt'])
@Index('ix_events_clinic_start', ['clinicId', 'startsAt'])
@Index('ix_events_catalogue', ['startsAt', 'id', 'kind'], { where: `status = 'published'` })
@Index('ix_events_catalogue_clinic', ['clinicId', 'startsAt', 'id', 'kind'], { where: `status = 'published'` })
@Index('ix_events_release_due', ['startsAt'], { where: 'release_unconfirmed AND unconfirmed_released_at IS NULL' })
@Index('ix_events_series', ['seriesId', 'startsAt'], { where: 'series_id IS NOT NULL' })
export class Event {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'fk_events_clinic' })
  clinic: Clinic;

  @Column({ type: 'varchar', length: 10 })
  kind: EventKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  /** IANA zone the event is shown and invited in; defaults to the clinic's. */
  @Column({ type: 'varchar', length: 64 })
  timeZone: string;

  /** A seminar's room or named venue; the address is the clinic's. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  venueName: string | null;

  /** A webinar's join link: only confirmed attendees ever see it. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  joinUrl: string | null;

  @Column({ type: 'integer' })
  capacity: number;

  /**
   * Seats held by confirmed (and offered) reservations; the CHECK above keeps it within the bookable seats,
   * capacity + extraSeats (DESIGN rule 11).
   */
  @Column({ type: 'integer', default: 0 })
  confirmedSeats: number;

  @Column({ type: 'integer', default: 2 })
  maxPartySize: number;

  @Column({ type: 'timestamptz' })
  registrationOpensAt: Date;

  @Column({ type: 'timestamptz' })
  registrationClosesAt: Date;

  @Column({ type: 'boolean', default: true })
  waitlistEnabled: boolean;

  @Column({ type: 'integer', array: true, default: () => `'{1440,60}'` })
  reminderOffsetsMinutes: number[];

  @Column({ type: 'varchar', length: 12, default: 'draft' })
  status: EventStatus;

  /** iCal SEQUENCE: rises with every change attendees must see. */
  @Column({ type: 'integer', default: 0 })
  sequence: number;

  /** "Still coming?" this long before the start; null: the clinic's reconfirmLeadMinutes; 0: never. */
  @Column({ type: 'integer', nullable: true })
  reconfirmLeadMinutes: number | null;

  /** Release confirmed seats not reconfirmed by the deadline to the waiting list (off by default). */
  @Column({ type: 'boolean', default: false })
  releaseUnconfirmed: boolean;

  /** The release deadline, in minutes before the start (default 12 h). */
  @Column({ type: 'integer', default: 720 })
  releaseDeadlineMinutes: number;

  /** When the release of unconfirmed seats ran (it runs once). */
  @Column({ type: 'timestamptz', nullable: true })
  unconfirmedReleasedAt: Date | null;

  /** Book beyond the room up to a risk bound from the clinic's measured show rate (issue 9). */
  @Column({ type: 'boolean', default: false })
  overbookingEnabled: boolean;

  /** The most seats staff allow beyond the room, whatever the show rate says. */
  @Column({ type: 'integer', default: 0 })
  overbookingMaxExtra: number;

  /** Largest accepted chance, in percent, that more people come than the room holds (default 5 %). */
  @Column({ type: 'integer', default: 5 })
  overbookingRiskPercent: number;

  /** Seats bookable beyond the physical capacity now; the bookable seats are capacity + extraSeats. */
  @Column({ type: 'integer', default: 0 })
  extraSeats: number;

  @Column({ type: 'uuid', nullable: true })
  seriesId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
