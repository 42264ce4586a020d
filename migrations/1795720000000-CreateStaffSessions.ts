import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Back-office sign-in sessions, kept server-side so that signing out, a password change or a disabled
 * account ends them at once. The browser holds a 256-bit random value; only its SHA-256 (hex) is the id
 * here, so a copy of this table signs nobody in.
 */
export class CreateStaffSessions1795720000000 implements MigrationInterface {
  name = 'CreateStaffSessions1795720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "staff_sessions" (
      "id" character(64) NOT NULL,
      "staff_user_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "user_agent" character varying(300),
      CONSTRAINT "pk_staff_sessions" PRIMARY KEY ("id"),
      CONSTRAINT "fk_staff_sessions_staff_user" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE
    )`);
    await queryRunner.query(`CREATE INDEX "ix_staff_sessions_staff_user" ON "staff_sessions" ("staff_user_id")`);
    await queryRunner.query(`CREATE INDEX "ix_staff_sessions_expires_at" ON "staff_sessions" ("expires_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "staff_sessions"`);
  }
}
