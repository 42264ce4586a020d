import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The domain of every invite's UID (`<reservation id>@<uid domain>`), one row only (its key is the constant
 * true). Written once, by the first start of any instance, from the host of its PUBLIC_BASE_URL, and never
 * changed: a later public URL, or a worker configured with another one, must not give a reservation's next
 * invite a new UID (calendars would keep the old event as a duplicate nobody can cancel). See InviteUidDomain.
 */
@Entity('invite_identity')
@Check('ck_invite_identity_one_row', 'id')
export class InviteIdentity {
  @PrimaryColumn({ type: 'boolean', default: true, primaryKeyConstraintName: 'pk_invite_identity' })
  id: boolean;

  @Column({ type: 'varchar', length: 253 })
  uidDomain: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
