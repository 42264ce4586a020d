import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateClinicsAndStaff1795681576670 implements MigrationInterface {
  name = 'CreateClinicsAndStaff1795681576670';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "clinics" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(80) NOT NULL, "name" character varying(200) NOT NULL, "address" jsonb NOT NULL, "time_zone" character varying(64) NOT NULL, "phone" character varying(40) NOT NULL, "organizer_email" character varying(254) NOT NULL, "archived_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5513b659e4d12b01a8ab3956abc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_clinics_slug" ON "clinics"  ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "staff_users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "role" character varying(10) NOT NULL, "password_hash" character varying(255) NOT NULL, "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c6b167335377df69f7910c2c75e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_staff_users_email" ON "staff_users"  ("email") `);
    await queryRunner.query(
      `CREATE TABLE "staff_clinic_assignments" ("staff_user_id" uuid NOT NULL, "clinic_id" uuid NOT NULL, CONSTRAINT "PK_32abefa9d3cb3dcb49d3edbb1fd" PRIMARY KEY ("staff_user_id", "clinic_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_869b454486b62ef0048c407211" ON "staff_clinic_assignments"  ("staff_user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4c09963380d769327006c34eec" ON "staff_clinic_assignments"  ("clinic_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_clinic_assignments" ADD CONSTRAINT "FK_869b454486b62ef0048c4072115" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_clinic_assignments" ADD CONSTRAINT "FK_4c09963380d769327006c34eecf" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_clinic_assignments" DROP CONSTRAINT "FK_4c09963380d769327006c34eecf"`);
    await queryRunner.query(`ALTER TABLE "staff_clinic_assignments" DROP CONSTRAINT "FK_869b454486b62ef0048c4072115"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4c09963380d769327006c34eec"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_869b454486b62ef0048c407211"`);
    await queryRunner.query(`DROP TABLE "staff_clinic_assignments"`);
    await queryRunner.query(`DROP INDEX "public"."uq_staff_users_email"`);
    await queryRunner.query(`DROP TABLE "staff_users"`);
    await queryRunner.query(`DROP INDEX "public"."uq_clinics_slug"`);
    await queryRunner.query(`DROP TABLE "clinics"`);
  }
}
