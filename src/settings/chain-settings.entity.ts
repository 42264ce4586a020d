import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The chain's own defaults for new events: one row only (its key is the constant true). A null column means
 * "the built-in value" (see event-defaults.ts).
 */
@Entity('chain_settings')
@Check('ck_chain_settings_one_row', 'id')
@Check('ck_chain_settings_party_size', 'max_party_size IS NULL OR max_party_size BETWEEN 1 AND 20')
export class ChainSettings {
  @PrimaryColumn({ type: 'boolean', default: true, primaryKeyConstraintName: 'pk_chain_settings' })
  id: boolean;

  @Column({ type: 'integer', array: true, nullable: true })
  reminderOffsetsMinutes: number[] | null;

  @Column({ type: 'integer', nullable: true })
  maxPartySize: number | null;

  @Column({ type: 'boolean', nullable: true })
  waitlistEnabled: boolean | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
