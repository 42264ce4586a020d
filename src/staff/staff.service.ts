import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, Repository } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import { changedFields, staffSnapshot } from '../audit/audit-snapshots.js';
import { PasswordHasher } from '../common/auth/password-hasher.js';
import type { Actor } from '../common/auth/actor.js';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors/domain-error.js';
import type { Clinic } from '../clinics/clinic.entity.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import type { CreateStaffUserDto, UpdateStaffUserDto } from './dto/staff.dto.js';
import { StaffUser } from './staff-user.entity.js';
import { isUniqueViolation } from '../database/postgres-errors.js';
import { Clock } from '../common/clock.js';

/**
 * Told when an account's access ends or its password changes (the back-office sessions then end all of
 * that person's sessions), in the transaction of that change when there is one.
 */
export type AccessChangedListener = (staffUserId: string, manager?: EntityManager) => Promise<unknown>;

@Injectable()
export class StaffService {
  private readonly logger = new Logger(StaffService.name);
  private readonly accessChangedListeners: AccessChangedListener[] = [];

  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly clinics: ClinicsService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  list(): Promise<StaffUser[]> {
    return this.users.find({ relations: { clinics: true }, order: { email: 'ASC' } });
  }

  async get(id: string): Promise<StaffUser> {
    const user = await this.users.findOne({ where: { id }, relations: { clinics: true } });
    if (!user) throw new NotFoundError('Staff user');
    return user;
  }

  /** Staff and admins assigned to a clinic (admins who are not assigned are not listed). */
  async listForClinic(clinicId: string): Promise<StaffUser[]> {
    // A where on the clinics relation would also cut down the loaded clinics to this one, so find the
    // accounts first and then load each with all of its clinics.
    const assigned = await this.users.find({
      select: { id: true },
      where: { clinics: { id: clinicId }, disabledAt: IsNull() },
    });
    if (assigned.length === 0) return [];
    return this.users.find({
      where: { id: In(assigned.map((user) => user.id)) },
      relations: { clinics: true },
      order: { name: 'ASC' },
    });
  }

  /** `actor`: the admin creating the account, for the audit log (null for the system: bootstrap, demo, tests). */
  async create(input: CreateStaffUserDto, actor: Actor | null = null): Promise<StaffUser> {
    const user = this.users.create({
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await this.hasher.hash(input.password),
      disabledAt: null,
      clinics: await this.clinicsByIds(input.clinicIds ?? []),
    });
    try {
      const saved = await this.users.manager.transaction(async (manager) => {
        const created = await manager.save(StaffUser, user);
        await AuditLog.record(manager, {
          actor,
          action: 'staff_user.created',
          clinicId: null,
          subject: { type: 'staff_user', id: created.id },
          after: staffSnapshot(created),
        });
        return created;
      });
      return this.get(saved.id);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('STAFF_EMAIL_TAKEN', 'A staff account with this e-mail already exists.');
      }
      throw error;
    }
  }

  async update(id: string, changes: UpdateStaffUserDto, actor: Actor): Promise<StaffUser> {
    const user = await this.get(id);
    if (id === actor.id && (changes.disabled === true || changes.role === 'staff')) {
      throw new ConflictError('CANNOT_DEMOTE_SELF', 'Admins cannot disable or demote their own account.');
    }
    const before = staffSnapshot(user);
    if (changes.name !== undefined) user.name = changes.name;
    if (changes.role !== undefined) user.role = changes.role;
    if (changes.password !== undefined) {
      user.passwordHash = await this.hasher.hash(changes.password);
      // A password set by an admin settles a pending invitation: the account can sign in, the link is void.
      user.invitedAt = null;
    }
    if (changes.clinicIds !== undefined) user.clinics = await this.clinicsByIds(changes.clinicIds);
    if (changes.disabled !== undefined)
      user.disabledAt = changes.disabled ? (user.disabledAt ?? this.clock.now()) : null;
    await this.users.manager.transaction(async (manager) => {
      await manager.save(StaffUser, user);
      const diff = changedFields(before, staffSnapshot(user));
      await AuditLog.record(manager, {
        actor,
        action: 'staff_user.updated',
        clinicId: null,
        subject: { type: 'staff_user', id: user.id },
        before: diff.before,
        // The password itself (or its hash) never goes into the log, only that it changed.
        after: { ...diff.after, ...(changes.password !== undefined ? { passwordChanged: true } : {}) },
      });
    });
    // A new password or a disabled account ends every session signed in before the change.
    if (changes.password !== undefined || changes.disabled === true) await this.accessChanged(id);
    return this.get(id);
  }

  /** Registers a listener for ended access and changed passwords (see AccessChangedListener). */
  onAccessChanged(listener: AccessChangedListener): void {
    this.accessChangedListeners.push(listener);
  }

  /** Tells the listeners that this account's access or password changed (also used by StaffAccountAccess). */
  async accessChanged(id: string, manager?: EntityManager): Promise<void> {
    for (const listener of this.accessChangedListeners) await listener(id, manager);
  }

  /** The account behind a token, if it still exists and is enabled. */
  async findActiveActor(id: string): Promise<Actor | undefined> {
    const user = await this.users.findOne({ where: { id, disabledAt: IsNull() }, relations: { clinics: true } });
    if (!user) return undefined;
    return { id: user.id, role: user.role, clinicIds: user.clinics.map((clinic) => clinic.id) };
  }

  /** The account behind a back-office session, if it still exists and is enabled: who it is and what it may do. */
  async findActiveAccount(id: string): Promise<{ actor: Actor; name: string; email: string } | undefined> {
    const user = await this.users.findOne({ where: { id, disabledAt: IsNull() }, relations: { clinics: true } });
    if (!user) return undefined;
    return {
      actor: { id: user.id, role: user.role, clinicIds: user.clinics.map((clinic) => clinic.id) },
      name: user.name,
      email: user.email,
    };
  }

  /** For login: the enabled account with this e-mail, with its password hash. */
  findForLogin(email: string): Promise<StaffUser | null> {
    return (
      this.users
        .createQueryBuilder('user')
        .addSelect('user.passwordHash')
        // An invited account has no password yet and cannot sign in until the invitee sets one.
        .where('user.email = :email AND user.disabled_at IS NULL AND user.password_hash IS NOT NULL', {
          email: email.trim().toLowerCase(),
        })
        .getOne()
    );
  }

  /** Creates the admin named in the environment if no account has that e-mail yet; never changes an existing one. */
  async ensureBootstrapAdmin(admin: { email: string; password: string; name: string }): Promise<void> {
    const existing = await this.users.findOne({ where: { email: admin.email } });
    if (existing) return;
    await this.users.save(
      this.users.create({
        email: admin.email,
        name: admin.name,
        role: 'admin',
        passwordHash: await this.hasher.hash(admin.password),
        disabledAt: null,
        clinics: [],
      }),
    );
    this.logger.log('Created the bootstrap admin account from BOOTSTRAP_ADMIN_EMAIL');
  }

  private async clinicsByIds(ids: string[]): Promise<Clinic[]> {
    if (ids.length === 0) return [];
    const found = await this.clinics.findByIds(ids);
    const missing = ids.filter((id) => !found.some((clinic) => clinic.id === id));
    if (missing.length > 0) {
      throw new ValidationFailedError('clinicIds names clinics that do not exist.', {
        fields: [{ field: 'clinicIds', problems: missing.map((id) => `no clinic ${id}`) }],
      });
    }
    return found;
  }
}
