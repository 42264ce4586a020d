import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate limiters' counters, shared by every app instance (rate-limiter-flexible's RateLimiterPostgres,
 * created here rather than by the library at start-up: `tableCreated: true`). Exactly the library's
 * layout: one row per key (limit + client address or account), its points in the current window and the
 * window's end in epoch milliseconds. Rows past `expire` are reset on their next use and swept hourly.
 */
export class CreateRateLimits1795720000002 implements MigrationInterface {
  name = 'CreateRateLimits1795720000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "rate_limits" (
      "key" character varying(255) NOT NULL,
      "points" integer NOT NULL DEFAULT 0,
      "expire" bigint,
      CONSTRAINT "pk_rate_limits" PRIMARY KEY ("key")
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limits"`);
  }
}
