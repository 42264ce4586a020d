import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface PostalAddress {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  region?: string;
  country: string;
}

@Entity('clinics')
@Check(
  'ck_clinics_full_rooms_minutes',
  'reconfirm_lead_minutes BETWEEN 0 AND 20160 AND offer_threshold_minutes BETWEEN 0 AND 20160 AND offer_window_minutes BETWEEN 5 AND 1440',
)
@Check('ck_clinics_default_party_size', 'default_max_party_size IS NULL OR default_max_party_size BETWEEN 1 AND 20')
export class Clinic {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_clinics_slug', { unique: true })
  @Column({ type: 'varchar', length: 80 })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'jsonb' })
  address: PostalAddress;

  /** IANA zone name, e.g. America/Chicago; events default to it. */
  @Column({ type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ type: 'varchar', length: 40 })
  phone: string;

  /** The ORGANIZER of this clinic's calendar invites. */
  @Column({ type: 'varchar', length: 254 })
  organizerEmail: string;

  /** BCP 47 language of everything attendees read from this clinic: pages, e-mails, invites (SUPPORTED_LOCALES). */
  @Column({ type: 'varchar', length: 20, default: 'en' })
  locale: string;

  /** Origins (https://clinic.example) allowed to show the clinic's event list in an iframe. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  embedOrigins: string[];

  /** Reminder offsets (minutes before the start) for this clinic's new events; null: the chain's (src/settings). */
  @Column({ type: 'integer', array: true, nullable: true })
  defaultReminderOffsetsMinutes: number[] | null;

  /** Largest party size for this clinic's new events; null: the chain's. */
  @Column({ type: 'integer', nullable: true })
  defaultMaxPartySize: number | null;

  /** Waiting list on or off for this clinic's new events; null: the chain's. */
  @Column({ type: 'boolean', nullable: true })
  defaultWaitlistEnabled: boolean | null;

  /** How long before each event its confirmed attendees are asked "still coming?" (issue 9); 0: never. */
  @Column({ type: 'integer', default: 2880 })
  reconfirmLeadMinutes: number;

  /** A waitlisted person promoted less than this long before the start gets an offer to accept, not a seat. */
  @Column({ type: 'integer', default: 1440 })
  offerThresholdMinutes: number;

  /** How long such an offer stays open (shorter near the start: offerExpiry in src/reservations/waitlist.ts). */
  @Column({ type: 'integer', default: 120 })
  offerWindowMinutes: number;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
