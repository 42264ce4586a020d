import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error.js';

export interface AuditFilter {
  /** Clinic slug. */
  clinic?: string;
  eventId?: string;
  actorId?: string;
  page: number;
}

export interface AuditRow {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  actorRole: string;
  action: string;
  clinicId: string | null;
  clinicSlug: string | null;
  clinicName: string | null;
  clinicTimeZone: string | null;
  eventId: string | null;
  eventTitle: string | null;
  subjectType: string;
  subjectId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const AUDIT_PAGE_SIZE = 50;

/** Reading the audit log (admins only): newest first, filtered by clinic, event and person. */
@Injectable()
export class AuditQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: AuditFilter): Promise<{ items: AuditRow[]; total: number; page: number; pageSize: number }> {
    const clinicId = filter.clinic === undefined ? null : await this.clinicIdOf(filter.clinic);
    // Each filter is "no filter" when its parameter is null, so one statement serves every combination;
    // the indexes on (clinic_id, at), (event_id, at) and (actor_id, at) serve the filtered ones.
    const where = `($1::uuid IS NULL OR a.clinic_id = $1) AND ($2::uuid IS NULL OR a.event_id = $2) AND ($3::uuid IS NULL OR a.actor_id = $3)`;
    const params = [clinicId, filter.eventId ?? null, filter.actorId ?? null];
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.at, a.actor_id AS "actorId", s.name AS "actorName", s.email AS "actorEmail", a.actor_role AS "actorRole",
              a.action, a.clinic_id AS "clinicId", c.slug AS "clinicSlug", c.name AS "clinicName", c.time_zone AS "clinicTimeZone",
              a.event_id AS "eventId", e.title AS "eventTitle", a.subject_type AS "subjectType", a.subject_id AS "subjectId",
              a.before, a.after
         FROM audit_log a
         LEFT JOIN staff_users s ON s.id = a.actor_id
         LEFT JOIN clinics c ON c.id = a.clinic_id
         LEFT JOIN events e ON e.id = a.event_id
        WHERE ${where}
        ORDER BY a.at DESC, a.id DESC
        LIMIT ${AUDIT_PAGE_SIZE} OFFSET $4`,
      [...params, (filter.page - 1) * AUDIT_PAGE_SIZE],
    )) as AuditRow[];
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM audit_log a WHERE ${where}`,
      params,
    )) as { total: number }[];
    return {
      items: rows.map((row) => ({ ...row, id: String(row.id) })),
      total,
      page: filter.page,
      pageSize: AUDIT_PAGE_SIZE,
    };
  }

  /** Who can be picked in the person filter: everyone who has made a change. */
  async actors(): Promise<{ id: string; name: string; email: string }[]> {
    return this.dataSource.query(
      `SELECT s.id, s.name, s.email FROM staff_users s WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.actor_id = s.id) ORDER BY s.name, s.email`,
    );
  }

  private async clinicIdOf(slug: string): Promise<string> {
    const [clinic] = (await this.dataSource.query(`SELECT id FROM clinics WHERE slug = $1`, [slug])) as {
      id: string;
    }[];
    if (!clinic) throw new NotFoundError('Clinic');
    return clinic.id;
  }
}
