import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attendance records (DESIGN "Attendance"): a confirmed reservation not checked in becomes `no_show` when
 * its event is completed; `promoted_at` records when a waitlisted reservation was confirmed from the
 * waiting list, so the chain dashboard can count waiting-list conversions.
 */
export class AttendanceRecords1795730000001 implements MigrationInterface {
  name = 'AttendanceRecords1795730000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reservations" DROP CONSTRAINT "ck_reservations_status"`);
    await queryRunner.query(
      `ALTER TABLE "reservations" ADD CONSTRAINT "ck_reservations_status" CHECK (status IN ('confirmed', 'waitlisted', 'cancelled', 'no_show'))`,
    );
    await queryRunner.query(`ALTER TABLE "reservations" ADD "promoted_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reservations" DROP COLUMN "promoted_at"`);
    await queryRunner.query(`UPDATE "reservations" SET "status" = 'confirmed' WHERE "status" = 'no_show'`);
    await queryRunner.query(`ALTER TABLE "reservations" DROP CONSTRAINT "ck_reservations_status"`);
    await queryRunner.query(
      `ALTER TABLE "reservations" ADD CONSTRAINT "ck_reservations_status" CHECK (status IN ('confirmed', 'waitlisted', 'cancelled'))`,
    );
  }
}
