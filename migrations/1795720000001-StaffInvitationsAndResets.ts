import type { MigrationInterface, QueryRunner } from 'typeorm';

const ATTENDEE_KINDS = [
  'confirmation',
  'waitlisted',
  'promotion',
  'already-reserved',
  'attendee-cancellation',
  'event-changed',
  'event-cancelled',
  'reminder',
];
const STAFF_KINDS = ['staff-invitation', 'staff-password-reset'];
const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((kind) => `'${kind}'`).join(', ')}))`;

/**
 * Invitations and password resets for staff accounts.
 * - staff_account_tokens: single-use links (only the SHA-256 of the token is kept), each for one purpose
 *   and one account, with its expiry; `used_at` is set by the one statement that spends it.
 * - staff_users: an invited account has no password until the invitee sets one (`invited_at` says since
 *   when); every account without a password is such an invitation, so nobody else can be without one.
 * - outbox_messages: the two staff mails join the kinds the outbox may hold.
 */
export class StaffInvitationsAndResets1795720000001 implements MigrationInterface {
  name = 'StaffInvitationsAndResets1795720000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "staff_account_tokens" (
      "id" uuid NOT NULL,
      "token_hash" character(64) NOT NULL,
      "staff_user_id" uuid NOT NULL,
      "purpose" character varying(20) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_staff_account_tokens" PRIMARY KEY ("id"),
      CONSTRAINT "uq_staff_account_tokens_hash" UNIQUE ("token_hash"),
      CONSTRAINT "ck_staff_account_tokens_purpose" CHECK (purpose IN ('invitation', 'password-reset')),
      CONSTRAINT "fk_staff_account_tokens_staff_user" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE
    )`);
    await queryRunner.query(
      `CREATE INDEX "ix_staff_account_tokens_staff_user" ON "staff_account_tokens" ("staff_user_id", "purpose")`,
    );

    await queryRunner.query(`ALTER TABLE "staff_users" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "staff_users" ADD "invited_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "staff_users" ADD CONSTRAINT "ck_staff_users_password_or_invited" CHECK (password_hash IS NOT NULL OR invited_at IS NOT NULL)`,
    );

    await queryRunner.query(`ALTER TABLE "outbox_messages" DROP CONSTRAINT "ck_outbox_messages_kind"`);
    await queryRunner.query(
      `ALTER TABLE "outbox_messages" ADD CONSTRAINT "ck_outbox_messages_kind" ${kindCheck([...ATTENDEE_KINDS, ...STAFF_KINDS])}`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "outbox_messages" WHERE kind IN (${STAFF_KINDS.map((kind) => `'${kind}'`).join(', ')})`,
    );
    await queryRunner.query(`ALTER TABLE "outbox_messages" DROP CONSTRAINT "ck_outbox_messages_kind"`);
    await queryRunner.query(
      `ALTER TABLE "outbox_messages" ADD CONSTRAINT "ck_outbox_messages_kind" ${kindCheck(ATTENDEE_KINDS)}`,
    );
    await queryRunner.query(`ALTER TABLE "staff_users" DROP CONSTRAINT "ck_staff_users_password_or_invited"`);
    await queryRunner.query(`DELETE FROM "staff_users" WHERE password_hash IS NULL`);
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "invited_at"`);
    await queryRunner.query(`ALTER TABLE "staff_users" ALTER COLUMN "password_hash" SET NOT NULL`);
    await queryRunner.query(`DROP TABLE "staff_account_tokens"`);
  }
}
