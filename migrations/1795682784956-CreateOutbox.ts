import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutbox1795682784956 implements MigrationInterface {
  name = 'CreateOutbox1795682784956';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(40) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'pending', "recipient_email" character varying(254) NOT NULL, "clinic_id" uuid, "event_id" uuid, "reservation_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "locked_until" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "message_id" character varying(255) NOT NULL, "reminder_offset_minutes" integer, "payload" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_outbox_messages_attempts" CHECK (attempts >= 0), CONSTRAINT "ck_outbox_messages_kind" CHECK (kind IN ('confirmation', 'waitlisted', 'promotion', 'already-reserved', 'attendee-cancellation', 'event-changed', 'event-cancelled', 'reminder')), CONSTRAINT "ck_outbox_messages_status" CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')), CONSTRAINT "PK_0171348f527c64b137e4d4f5b66" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_outbox_messages_message_id" ON "outbox_messages"  ("message_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_messages_pending_event" ON "outbox_messages"  ("event_id", "kind") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_messages_pending_reservation" ON "outbox_messages"  ("reservation_id", "kind") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_messages_due" ON "outbox_messages"  ("due_at", "id") WHERE status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_messages_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_messages_pending_reservation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_messages_pending_event"`);
    await queryRunner.query(`DROP INDEX "public"."uq_outbox_messages_message_id"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
  }
}
