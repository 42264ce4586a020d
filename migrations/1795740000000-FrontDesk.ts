import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The front desk (issue 8). A walk-in may come without an e-mail address: the column becomes nullable, but
 * only for walk-ins (CHECK), so every reservation made online still has the address its mail goes to. The
 * active-e-mail unique index is unchanged: PostgreSQL treats NULLs as distinct, so it still allows one
 * active reservation per address and event, and any number of walk-ins without one. A staff cancellation
 * keeps the reason the attendee was told.
 */
export class FrontDesk1795740000000 implements MigrationInterface {
  name = 'FrontDesk1795740000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reservations" ALTER COLUMN "email" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "reservations" ADD CONSTRAINT "ck_reservations_email_only_walk_ins_without" CHECK (email IS NOT NULL OR source = 'walk-in')`,
    );
    await queryRunner.query(`ALTER TABLE "reservations" ADD "cancellation_reason" character varying(500)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reservations" DROP COLUMN "cancellation_reason"`);
    await queryRunner.query(`ALTER TABLE "reservations" DROP CONSTRAINT "ck_reservations_email_only_walk_ins_without"`);
    await queryRunner.query(
      `UPDATE "reservations" SET "email" = 'walk-in-' || "id" || '@no-email.invalid' WHERE "email" IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "reservations" ALTER COLUMN "email" SET NOT NULL`);
  }
}
