import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEventsAndReservations1795682073519 implements MigrationInterface {
  name = 'CreateEventsAndReservations1795682073519';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clinic_id" uuid NOT NULL, "kind" character varying(10) NOT NULL, "title" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "time_zone" character varying(64) NOT NULL, "venue_name" character varying(200), "join_url" character varying(2000), "capacity" integer NOT NULL, "confirmed_seats" integer NOT NULL DEFAULT '0', "max_party_size" integer NOT NULL DEFAULT '2', "registration_opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "registration_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "waitlist_enabled" boolean NOT NULL DEFAULT true, "reminder_offsets_minutes" integer array NOT NULL DEFAULT '{1440,60}', "status" character varying(12) NOT NULL DEFAULT 'draft', "sequence" integer NOT NULL DEFAULT '0', "series_id" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_events_status" CHECK (status IN ('draft', 'published', 'completed', 'cancelled')), CONSTRAINT "ck_events_kind" CHECK (kind IN ('seminar', 'webinar')), CONSTRAINT "ck_events_party_size" CHECK (max_party_size >= 1), CONSTRAINT "ck_events_ends_after_start" CHECK (ends_at > starts_at), CONSTRAINT "ck_events_seats_within_capacity" CHECK (confirmed_seats >= 0 AND confirmed_seats <= capacity), CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_events_clinic_start" ON "events"  ("clinic_id", "starts_at") `);
    await queryRunner.query(`CREATE INDEX "ix_events_listing" ON "events"  ("status", "starts_at") `);
    await queryRunner.query(
      `CREATE TABLE "idempotency_records" ("scope" character varying(100) NOT NULL, "key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9c03b6adebf385ca991d085063a" PRIMARY KEY ("scope", "key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "reservations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "email" character varying(254) NOT NULL, "phone" character varying(40), "party_size" integer NOT NULL, "status" character varying(12) NOT NULL, "queue_number" BIGSERIAL NOT NULL, "confirmation_code" character varying(12) NOT NULL, "manage_token_hash" character varying(64) NOT NULL, "manage_token_nonce" character varying(32) NOT NULL, "invite_sequence" integer NOT NULL DEFAULT '0', "source" character varying(10) NOT NULL DEFAULT 'web', "consent_reminders" boolean NOT NULL DEFAULT false, "consent_marketing" boolean NOT NULL DEFAULT false, "privacy_accepted_at" TIMESTAMP WITH TIME ZONE, "confirmed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "checked_in_at" TIMESTAMP WITH TIME ZONE, "anonymised_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_reservations_source" CHECK (source IN ('web', 'staff', 'walk-in')), CONSTRAINT "ck_reservations_status" CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')), CONSTRAINT "ck_reservations_party_size" CHECK (party_size >= 1), CONSTRAINT "PK_da95cef71b617ac35dc5bcda243" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reservations_confirmation_code" ON "reservations"  ("confirmation_code") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reservations_manage_token_hash" ON "reservations"  ("manage_token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_reservations_queue" ON "reservations"  ("event_id", "status", "queue_number") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reservations_active_email" ON "reservations"  ("event_id", "email") WHERE status <> 'cancelled'`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "fk_events_clinic" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reservations" ADD CONSTRAINT "fk_reservations_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reservations" DROP CONSTRAINT "fk_reservations_event"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "fk_events_clinic"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reservations_active_email"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reservations_queue"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reservations_manage_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reservations_confirmation_code"`);
    await queryRunner.query(`DROP TABLE "reservations"`);
    await queryRunner.query(`DROP TABLE "idempotency_records"`);
    await queryRunner.query(`DROP INDEX "public"."ix_events_listing"`);
    await queryRunner.query(`DROP INDEX "public"."ix_events_clinic_start"`);
    await queryRunner.query(`DROP TABLE "events"`);
  }
}
