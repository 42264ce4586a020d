import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A clinic speaks one language (pages, e-mails, invites) and names the sites allowed to frame its embed list. */
export class ClinicLocaleAndEmbedOrigins1795700000000 implements MigrationInterface {
  name = 'ClinicLocaleAndEmbedOrigins1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clinics" ADD "locale" character varying(20) NOT NULL DEFAULT 'en'`);
    await queryRunner.query(`ALTER TABLE "clinics" ADD "embed_origins" text array NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "embed_origins"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "locale"`);
  }
}
