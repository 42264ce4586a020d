import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * invite_identity: the one domain every invite UID ends in, kept for the installation's life (issue 10).
 * Its row is written by the first start after this migration (InviteUidDomain), from the host of
 * PUBLIC_BASE_URL then, which is the host the UIDs of the invites already sent were made from: existing
 * reservations keep their UIDs, and no later change of the public URL moves them.
 */
export class InviteIdentity1795710000000 implements MigrationInterface {
  name = 'InviteIdentity1795710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "invite_identity" (
      "id" boolean NOT NULL DEFAULT true,
      "uid_domain" character varying(253) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_invite_identity" PRIMARY KEY ("id"),
      CONSTRAINT "ck_invite_identity_one_row" CHECK (id)
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "invite_identity"`);
  }
}
