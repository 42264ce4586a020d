import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, Repository } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/errors/domain-error.js';
import { canonicalTimeZone } from '../common/time-zones.js';
import { Clinic } from './clinic.entity.js';
import type { CreateClinicDto, UpdateClinicDto } from './dto/clinic.dto.js';
import { isUniqueViolation } from '../database/postgres-errors.js';

@Injectable()
export class ClinicsService {
  constructor(@InjectRepository(Clinic) private readonly clinics: Repository<Clinic>) {}

  listActive(): Promise<Clinic[]> {
    return this.clinics.find({ where: { archivedAt: IsNull() }, order: { name: 'ASC' } });
  }

  listAll(): Promise<Clinic[]> {
    return this.clinics.find({ order: { name: 'ASC' } });
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

  /** Inside a transaction pass its manager: a second pool connection per transaction can exhaust the pool. */
  async getById(id: string, manager?: EntityManager): Promise<Clinic> {
    const clinic = await (manager ?? this.clinics.manager).findOne(Clinic, { where: { id } });
    if (!clinic) throw new NotFoundError('Clinic');
    return clinic;
  }

  async create(input: CreateClinicDto): Promise<Clinic> {
    const clinic = this.clinics.create({
      ...input,
      organizerEmail: input.organizerEmail.toLowerCase(),
      timeZone: canonicalTimeZone(input.timeZone)!,
      locale: input.locale ?? 'en',
      embedOrigins: normaliseOrigins(input.embedOrigins ?? []),
      archivedAt: null,
    } as Partial<Clinic>);
    return this.saveUniqueSlug(clinic);
  }

  async update(slug: string, changes: UpdateClinicDto): Promise<Clinic> {
    const clinic = await this.getBySlug(slug);
    Object.assign(clinic, changes);
    if (changes.timeZone) clinic.timeZone = canonicalTimeZone(changes.timeZone)!;
    if (changes.organizerEmail) clinic.organizerEmail = changes.organizerEmail.toLowerCase();
    if (changes.embedOrigins) clinic.embedOrigins = normaliseOrigins(changes.embedOrigins);
    return this.saveUniqueSlug(clinic);
  }

  async archive(slug: string): Promise<Clinic> {
    const clinic = await this.getBySlug(slug);
    clinic.archivedAt ??= new Date();
    return this.clinics.save(clinic);
  }

  async restore(slug: string): Promise<Clinic> {
    const clinic = await this.getBySlug(slug);
    clinic.archivedAt = null;
    return this.clinics.save(clinic);
  }

  private async saveUniqueSlug(clinic: Clinic): Promise<Clinic> {
    try {
      return await this.clinics.save(clinic);
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
