import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who changed what, when: one row per staff or admin change, written in the transaction of the change (so
 * it commits and rolls back with it). Clinic and event are plain columns, as in the outbox: a row outlives,
 * and never blocks changes to, what it is about. The actor is a real reference (null for the system's own
 * jobs). Indexes serve the admin's filters (clinic, event, person), newest first.
 */
export class CreateAuditLog1795730000000 implements MigrationInterface {
  name = 'CreateAuditLog1795730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_log" (
      "id" BIGSERIAL NOT NULL,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "actor_id" uuid,
      "actor_role" character varying(10) NOT NULL,
      "action" character varying(60) NOT NULL,
      "clinic_id" uuid,
      "event_id" uuid,
      "subject_type" character varying(30) NOT NULL,
      "subject_id" uuid,
      "before" jsonb,
      "after" jsonb,
      CONSTRAINT "pk_audit_log" PRIMARY KEY ("id"),
      CONSTRAINT "ck_audit_log_actor_role" CHECK (actor_role IN ('admin', 'staff', 'system')),
      CONSTRAINT "ck_audit_log_action" CHECK (action ~ '^[a-z_]+\\.[a-z_]+$')
    )`);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_at" ON "audit_log" ("at", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_clinic" ON "audit_log" ("clinic_id", "at")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_event" ON "audit_log" ("event_id", "at")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_actor" ON "audit_log" ("actor_id", "at")`);
    await queryRunner.query(
      `ALTER TABLE "audit_log" ADD CONSTRAINT "fk_audit_log_actor" FOREIGN KEY ("actor_id") REFERENCES "staff_users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
