import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinTable,
  ManyToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Clinic } from '../clinics/clinic.entity.js';

export type StaffRole = 'admin' | 'staff';
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'staff'];

/**
 * An account of a clinic employee (role staff) or of the chain's administration (role admin). An invited
 * account has no password until the invitee sets one through the invitation link; until then it cannot
 * sign in.
 */
@Entity('staff_users')
@Check('ck_staff_users_password_or_invited', 'password_hash IS NOT NULL OR invited_at IS NOT NULL')
export class StaffUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-cased. */
  @Index('uq_staff_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  role: StaffRole;

  /** argon2id hash; the password itself is never stored. Null while an invitation is pending. */
  @Column({ type: 'varchar', length: 255, select: false, nullable: true })
  passwordHash: string | null;

  /** When the account was invited, while the invitation is not yet accepted; null for an account with a password. */
  @Column({ type: 'timestamptz', nullable: true })
  invitedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** Clinics a staff member works for; admins see every clinic whatever this holds. */
  @ManyToMany(() => Clinic)
  @JoinTable({
    name: 'staff_clinic_assignments',
    joinColumn: { name: 'staff_user_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'clinic_id', referencedColumnName: 'id' },
  })
  clinics: Clinic[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
