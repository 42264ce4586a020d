import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, Repository } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import { changedFields, clinicSnapshot, type Snapshot } from '../audit/audit-snapshots.js';
import type { Actor } from '../common/auth/actor.js';
import { ConflictError, NotFoundError } from '../common/errors/domain-error.js';
import { canonicalTimeZone } from '../common/time-zones.js';
import { Clinic } from './clinic.entity.js';
import type { CreateClinicDto, UpdateClinicDto } from './dto/clinic.dto.js';
import { isUniqueViolation } from '../database/postgres-errors.js';
import { normaliseOffsets } from '../settings/event-defaults.js';
import { Clock } from '../common/clock.js';

@Injectable()
export class ClinicsService {
  constructor(
    @InjectRepository(Clinic) private readonly clinics: Repository<Clinic>,
    private readonly clock: Clock,
  ) {}

  listActive(): Promise<Clinic[]> {
    return this.clinics.find({ where: { archivedAt: IsNull() }, order: { name: 'ASC' } });
  }

  listAll(): Promise<Clinic[]> {
    return this.clinics.find({ order: { name: 'ASC' } });
  }

  /** An archived clinic takes no new events: it is not found for that, as getActiveBySlug says. */
  static assertActive(clinic: Clinic): Clinic {
    if (clinic.archivedAt) throw new NotFoundError('Clinic');
    return clinic;
  }

  /** Archived clinics are hidden from the public but kept. */
  async getActiveBySlug(slug: string): Promise<Clinic> {
    const clinic = await this.clinics.findOne({ where: { slug, archivedAt: IsNull() } });
    if (!clinic) throw new NotFoundError('Clinic');
    return clinic;
  }

  async getBySlug(slug: string): Promise<Clinic> {
    const clinic = await this.clinics.findOne({ where: { slug } });
    if (!clinic) throw new NotFoundError('Clinic');
    return clinic;
  }

  /** The clinics among `ids` that exist (archived ones included), in no particular order. */
  findByIds(ids: readonly string[]): Promise<Clinic[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.clinics.findBy({ id: In([...ids]) });
  }

  /** Inside a transaction pass its manager: a second pool connection per transaction can exhaust the pool. */

  async getById(id: string, manager?: EntityManager): Promise<Clinic> {
    const clinic = await (manager ?? this.clinics.manager).findOne(Clinic, { where: { id } });
    if (!clinic) throw new NotFoundError('Clinic');
    return clinic;
  }

  /** `actor`: the admin making the change, for the audit log (null only for the system, e.g. demo data). */
  async create(input: CreateClinicDto, actor: Actor | null = null): Promise<Clinic> {
    const clinic = this.clinics.create({
      ...input,
      organizerEmail: input.organizerEmail.toLowerCase(),
      timeZone: canonicalTimeZone(input.timeZone)!,
      locale: input.locale ?? 'en',
      embedOrigins: normaliseOrigins(input.embedOrigins ?? []),
      defaultReminderOffsetsMinutes: input.defaultReminderOffsetsMinutes
        ? normaliseOffsets(input.defaultReminderOffsetsMinutes)
        : null,
      defaultMaxPartySize: input.defaultMaxPartySize ?? null,
      defaultWaitlistEnabled: input.defaultWaitlistEnabled ?? null,
      archivedAt: null,
    } as Partial<Clinic>);
    return this.saveUniqueSlug(clinic, { actor, action: 'clinic.created', before: null });
  }

  async update(slug: string, changes: UpdateClinicDto, actor: Actor | null = null): Promise<Clinic> {
    const clinic = await this.getBySlug(slug);
    const before = clinicSnapshot(clinic);
    Object.assign(clinic, changes);
    if (changes.timeZone) clinic.timeZone = canonicalTimeZone(changes.timeZone)!;
    if (changes.organizerEmail) clinic.organizerEmail = changes.organizerEmail.toLowerCase();
    if (changes.embedOrigins) clinic.embedOrigins = normaliseOrigins(changes.embedOrigins);
    if (changes.defaultReminderOffsetsMinutes)
      clinic.defaultReminderOffsetsMinutes = normaliseOffsets(changes.defaultReminderOffsetsMinutes);
    return this.saveUniqueSlug(clinic, { actor, action: 'clinic.updated', before });
  }

  async archive(slug: string, actor: Actor | null = null): Promise<Clinic> {
    const clinic = await this.getBySlug(slug);
    const before = clinicSnapshot(clinic);
    clinic.archivedAt ??= this.clock.now();
    return this.saveUniqueSlug(clinic, { actor, action: 'clinic.archived', before });
  }

  async restore(slug: string, actor: Actor | null = null): Promise<Clinic> {
    const clinic = await this.getBySlug(slug);
    const before = clinicSnapshot(clinic);
    clinic.archivedAt = null;
    return this.saveUniqueSlug(clinic, { actor, action: 'clinic.restored', before });
  }

  /** Saves the clinic and its audit row in one transaction (`before` null: a creation, the whole clinic is `after`). */
  private async saveUniqueSlug(
    clinic: Clinic,
    audit: { actor: Actor | null; action: string; before: Snapshot | null },
  ): Promise<Clinic> {
    try {
      return await this.clinics.manager.transaction(async (manager) => {
        const saved = await manager.save(Clinic, clinic);
        const after = clinicSnapshot(saved);
        await AuditLog.record(manager, {
          actor: audit.actor,
          action: audit.action,
          clinicId: saved.id,
          subject: { type: 'clinic', id: saved.id },
          ...(audit.before ? changedFields(audit.before, after) : { before: null, after }),
        });
        return saved;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('CLINIC_SLUG_TAKEN', `Another clinic already uses the slug "${clinic.slug}".`);
      }
      throw error;
    }
  }
}

/** Origins as browsers compare them in frame-ancestors: lower-case scheme and host, no default port, no duplicates. */
function normaliseOrigins(origins: string[]): string[] {
  return [...new Set(origins.map((origin) => new URL(origin).origin))];
}
