import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, Not, Repository } from 'typeorm';
import { PasswordHasher } from '../common/auth/password-hasher.js';
import { ConflictError, ValidationFailedError } from '../common/errors/domain-error.js';
import { Clinic } from '../clinics/clinic.entity.js';
import { isUniqueViolation } from '../database/postgres-errors.js';
import type { StaffRole } from './staff-user.entity.js';
import { StaffUser } from './staff-user.entity.js';
import { StaffService } from './staff.service.js';
import { Clock } from '../common/clock.js';
import { affectedRows } from '../database/affected-rows.js';

/** What an invitation creates: an account without a password, waiting for the invitee to set one. */
export interface InvitedAccount {
  email: string;
  name: string;
  role: StaffRole;
  clinicIds: string[];
}

/**
 * The account side of invitations and password resets: accounts created without a password, and
 * passwords set from a link. Each method takes the caller's transaction, so the account, its link and the
 * e-mail commit together (DESIGN rule 5).
 */
@Injectable()
export class StaffAccountAccess {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly staff: StaffService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /** An invited account: it cannot sign in until the invitee sets a password through the invitation link. */
  async createInvited(manager: EntityManager, input: InvitedAccount): Promise<StaffUser> {
    const clinics = await this.clinicsByIds(manager, input.clinicIds);
    try {
      return await manager.save(
        StaffUser,
        manager.create(StaffUser, {
          ...input,
          passwordHash: null,
          invitedAt: this.clock.now(),
          disabledAt: null,
          clinics,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError('STAFF_EMAIL_TAKEN', 'A staff account with this e-mail already exists.');
      throw error;
    }
  }

  /**
   * Sets a new password and ends every session of the person. `invitation`: only while the account still
   * waits for its first password (accepting an invitation twice, or after an admin set a password, does
   * nothing). False when the account is gone, disabled, or (for an invitation) already has a password.
   */
  async setPassword(
    manager: EntityManager,
    id: string,
    password: string,
    { invitation = false } = {},
  ): Promise<boolean> {
    const passwordHash = await this.hasher.hash(password);
    const updated = await affectedRows(
      manager,
      `UPDATE staff_users SET password_hash = $2, invited_at = NULL, updated_at = now()
        WHERE id = $1 AND disabled_at IS NULL AND (NOT $3::boolean OR invited_at IS NOT NULL)`,
      [id, passwordHash, invitation],
    );
    if (updated !== 1) return false;
    await this.staff.accessChanged(id, manager);
    return true;
  }

  /** The enabled account with this e-mail that has a password (a pending invitation has none to reset). */
  findActiveByEmail(email: string): Promise<StaffUser | null> {
    return this.users.findOne({
      where: { email: email.trim().toLowerCase(), disabledAt: IsNull(), invitedAt: IsNull() },
      relations: { clinics: true },
    });
  }

  /** Invited accounts whose invitation is not accepted yet, oldest first. */
  listInvited(): Promise<StaffUser[]> {
    return this.users.find({
      where: { invitedAt: Not(IsNull()) },
      relations: { clinics: true },
      order: { invitedAt: 'ASC' },
    });
  }

  private async clinicsByIds(manager: EntityManager, ids: string[]): Promise<Clinic[]> {
    if (ids.length === 0) return [];
    const found = await manager.findBy(Clinic, { id: In(ids) });
    const missing = ids.filter((id) => !found.some((clinic) => clinic.id === id));
    if (missing.length > 0) {
      throw new ValidationFailedError('clinicIds names clinics that do not exist.', {
        fields: [{ field: 'clinicIds', problems: missing.map((id) => `no clinic ${id}`) }],
      });
    }
    return found;
  }
}
