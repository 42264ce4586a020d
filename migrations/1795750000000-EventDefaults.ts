import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Defaults for new events (issue 8): a clinic may set its own reminder offsets, largest party size and
 * waiting list (NULL: the chain's), and the chain keeps one row of its own (NULL: the built-in 24 h and
 * 1 h, 2 seats, waiting list on). A new event takes its own value, else the clinic's, else the chain's,
 * else the built-in one (src/settings/event-defaults.ts). The chain's row is the only row: its key is the
 * constant true, so a second row cannot exist.
 */
export class EventDefaults1795750000000 implements MigrationInterface {
  name = 'EventDefaults1795750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clinics" ADD "default_reminder_offsets_minutes" integer array`);
    await queryRunner.query(`ALTER TABLE "clinics" ADD "default_max_party_size" integer`);
    await queryRunner.query(`ALTER TABLE "clinics" ADD "default_waitlist_enabled" boolean`);
    await queryRunner.query(
      `ALTER TABLE "clinics" ADD CONSTRAINT "ck_clinics_default_party_size" CHECK (default_max_party_size IS NULL OR default_max_party_size BETWEEN 1 AND 20)`,
    );
    await queryRunner.query(`CREATE TABLE "chain_settings" (
      "id" boolean NOT NULL DEFAULT true,
      "reminder_offsets_minutes" integer array,
      "max_party_size" integer,
      "waitlist_enabled" boolean,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_chain_settings" PRIMARY KEY ("id"),
      CONSTRAINT "ck_chain_settings_one_row" CHECK (id),
      CONSTRAINT "ck_chain_settings_party_size" CHECK (max_party_size IS NULL OR max_party_size BETWEEN 1 AND 20)
    )`);
    await queryRunner.query(`INSERT INTO "chain_settings" ("id") VALUES (true)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "chain_settings"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP CONSTRAINT "ck_clinics_default_party_size"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "default_waitlist_enabled"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "default_max_party_size"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "default_reminder_offsets_minutes"`);
  }
}
