import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = [
  'confirmation',
  'waitlisted',
  'promotion',
  'already-reserved',
  'attendee-cancellation',
  'event-changed',
  'event-cancelled',
  'reminder',
  'staff-invitation',
  'staff-password-reset',
];
const KINDS_AFTER = [
  'confirmation',
  'waitlisted',
  'promotion',
  'already-reserved',
  'attendee-cancellation',
  'event-changed',
  'event-cancelled',
  'reminder',
  'reconfirm',
  'release-warning',
  'released',
  'seat-offer',
  'offer-lapsed',
  'staff-invitation',
  'staff-password-reset',
];
const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((kind) => `'${kind}'`).join(', ')}))`;

/**
 * Full rooms (issue 9, DESIGN rule 11).
 * - Reconfirm or release: a clinic's lead time for the "still coming?" e-mail (0: none), an event's override,
 *   and per event "release if unconfirmed" with its deadline (minutes before the start); `reconfirmed_at` and
 *   `released_at` on the reservation, `unconfirmed_released_at` on the event once its release has run.
 * - Late promotion as an offer: a seat promoted from the waiting list less than the clinic's offer threshold
 *   before the start is `offered` (held, counted in confirmed_seats) until `offer_expires_at`.
 * - Overbooking: bookable seats = capacity + extra_seats; the seat CHECK now bounds confirmed seats by the
 *   bookable seats. extra_seats is computed from the measured show rate, capped by overbooking_max_extra.
 *   A check-in past the physical room needs a recorded override (`admitted_over_capacity`).
 * - A waiting list across sessions: waitlisted reservations of one person for several sessions share a
 *   `waitlist_group_id`; the first seat confirms one and withdraws the others (`withdrawn`).
 * Inactive statuses (cancelled, released, withdrawn) free the attendee's address for the event again.
 */
export class FullRooms1795760000000 implements MigrationInterface {
  name = 'FullRooms1795760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clinics" ADD "reconfirm_lead_minutes" integer NOT NULL DEFAULT 2880`);
    await queryRunner.query(`ALTER TABLE "clinics" ADD "offer_threshold_minutes" integer NOT NULL DEFAULT 1440`);
    await queryRunner.query(`ALTER TABLE "clinics" ADD "offer_window_minutes" integer NOT NULL DEFAULT 120`);
    await queryRunner.query(
      `ALTER TABLE "clinics" ADD CONSTRAINT "ck_clinics_full_rooms_minutes" CHECK (reconfirm_lead_minutes BETWEEN 0 AND 20160 AND offer_threshold_minutes BETWEEN 0 AND 20160 AND offer_window_minutes BETWEEN 5 AND 1440)`,
    );

    await queryRunner.query(`ALTER TABLE "events" ADD "reconfirm_lead_minutes" integer`);
    await queryRunner.query(`ALTER TABLE "events" ADD "release_unconfirmed" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "events" ADD "release_deadline_minutes" integer NOT NULL DEFAULT 720`);
    await queryRunner.query(`ALTER TABLE "events" ADD "unconfirmed_released_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "events" ADD "overbooking_enabled" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "events" ADD "overbooking_max_extra" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "events" ADD "overbooking_risk_percent" integer NOT NULL DEFAULT 5`);
    await queryRunner.query(`ALTER TABLE "events" ADD "extra_seats" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "ck_events_seats_within_capacity"`);
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "ck_events_seats_within_bookable" CHECK (confirmed_seats >= 0 AND confirmed_seats <= capacity + extra_seats)`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "ck_events_full_rooms" CHECK (extra_seats >= 0 AND overbooking_max_extra >= 0 AND overbooking_risk_percent BETWEEN 1 AND 20 AND (reconfirm_lead_minutes IS NULL OR reconfirm_lead_minutes BETWEEN 0 AND 20160) AND release_deadline_minutes BETWEEN 0 AND 20160)`,
    );
    // The release job looks for events whose deadline has passed and whose release has not run.
    await queryRunner.query(
      `CREATE INDEX "ix_events_release_due" ON "events" ("starts_at") WHERE release_unconfirmed AND unconfirmed_released_at IS NULL`,
    );

    await queryRunner.query(`ALTER TABLE "reservations" DROP CONSTRAINT "ck_reservations_status"`);
    await queryRunner.query(
      `ALTER TABLE "reservations" ADD CONSTRAINT "ck_reservations_status" CHECK (status IN ('confirmed', 'offered', 'waitlisted', 'cancelled', 'released', 'withdrawn', 'no_show'))`,
    );
    await queryRunner.query(`ALTER TABLE "reservations" ADD "reconfirmed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "reservations" ADD "released_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "reservations" ADD "offer_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "reservations" ADD "waitlist_group_id" uuid`);
    await queryRunner.query(`ALTER TABLE "reservations" ADD "admitted_over_capacity" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `ALTER TABLE "reservations" ADD CONSTRAINT "ck_reservations_offer_expiry" CHECK (status <> 'offered' OR offer_expires_at IS NOT NULL)`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_reservations_active_email"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reservations_active_email" ON "reservations" ("event_id", "email") WHERE status NOT IN ('cancelled', 'released', 'withdrawn')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_reservations_waitlist_group" ON "reservations" ("waitlist_group_id") WHERE waitlist_group_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_reservations_offers_due" ON "reservations" ("offer_expires_at") WHERE status = 'offered'`,
    );

    await queryRunner.query(`ALTER TABLE "outbox_messages" DROP CONSTRAINT "ck_outbox_messages_kind"`);
    await queryRunner.query(
      `ALTER TABLE "outbox_messages" ADD CONSTRAINT "ck_outbox_messages_kind" ${kindCheck(KINDS_AFTER)}`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "outbox_messages" WHERE kind <> ALL($1::text[])`, [KINDS_BEFORE]);
    await queryRunner.query(`ALTER TABLE "outbox_messages" DROP CONSTRAINT "ck_outbox_messages_kind"`);
    await queryRunner.query(
      `ALTER TABLE "outbox_messages" ADD CONSTRAINT "ck_outbox_messages_kind" ${kindCheck(KINDS_BEFORE)}`,
    );

    await queryRunner.query(`DROP INDEX "public"."ix_reservations_offers_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reservations_waitlist_group"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reservations_active_email"`);
    // Statuses that did not exist before become cancellations (an offer still held its seat: give it back).
    await queryRunner.query(`UPDATE "events" e SET confirmed_seats = confirmed_seats - o.seats
      FROM (SELECT event_id, sum(party_size)::int AS seats FROM reservations WHERE status = 'offered' GROUP BY event_id) o
      WHERE o.event_id = e.id`);
    await queryRunner.query(
      `UPDATE "reservations" SET status = 'cancelled' WHERE status IN ('offered', 'released', 'withdrawn')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reservations_active_email" ON "reservations" ("event_id", "email") WHERE status <> 'cancelled'`,
    );
    await queryRunner.query(`ALTER TABLE "reservations" DROP CONSTRAINT "ck_reservations_offer_expiry"`);
    await queryRunner.query(`ALTER TABLE "reservations" DROP COLUMN "admitted_over_capacity"`);
    await queryRunner.query(`ALTER TABLE "reservations" DROP COLUMN "waitlist_group_id"`);
    await queryRunner.query(`ALTER TABLE "reservations" DROP COLUMN "offer_expires_at"`);
    await queryRunner.query(`ALTER TABLE "reservations" DROP COLUMN "released_at"`);
    await queryRunner.query(`ALTER TABLE "reservations" DROP COLUMN "reconfirmed_at"`);
    await queryRunner.query(`ALTER TABLE "reservations" DROP CONSTRAINT "ck_reservations_status"`);
    await queryRunner.query(
      `ALTER TABLE "reservations" ADD CONSTRAINT "ck_reservations_status" CHECK (status IN ('confirmed', 'waitlisted', 'cancelled', 'no_show'))`,
    );

    await queryRunner.query(`DROP INDEX "public"."ix_events_release_due"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "ck_events_full_rooms"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "ck_events_seats_within_bookable"`);
    // Seats sold beyond the room cannot be undone here; the old CHECK is restored only where it holds.
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "ck_events_seats_within_capacity" CHECK (confirmed_seats >= 0 AND confirmed_seats <= capacity) NOT VALID`,
    );
    for (const column of [
      'extra_seats',
      'overbooking_risk_percent',
      'overbooking_max_extra',
      'overbooking_enabled',
      'unconfirmed_released_at',
      'release_deadline_minutes',
      'release_unconfirmed',
      'reconfirm_lead_minutes',
    ]) {
      await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "${column}"`);
    }
    await queryRunner.query(`ALTER TABLE "clinics" DROP CONSTRAINT "ck_clinics_full_rooms_minutes"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "offer_window_minutes"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "offer_threshold_minutes"`);
    await queryRunner.query(`ALTER TABLE "clinics" DROP COLUMN "reconfirm_lead_minutes"`);
  }
}
