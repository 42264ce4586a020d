import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexEventSeries1795686468827 implements MigrationInterface {
  name = 'IndexEventSeries1795686468827';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_events_series" ON "events"  ("series_id", "starts_at") WHERE series_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_events_series"`);
  }
}
