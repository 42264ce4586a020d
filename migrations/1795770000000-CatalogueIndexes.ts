import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public catalogue in its own order (issue 11): published events by start, then id, over all clinics and
 * per clinic. GET /api/events walks one of these in order and stops after its page and its bounded count,
 * whatever the table's statistics say (src/events/catalogue-page.ts); ix_events_listing (status, starts_at)
 * cannot, as it lacks the id that breaks ties. `kind` comes last, after the unique id, so it does not change the
 * order: it lets the kind filter be checked in the index, without visiting the rows of the other kind.
 */
export class CatalogueIndexes1795770000000 implements MigrationInterface {
  name = 'CatalogueIndexes1795770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_events_catalogue" ON "events" ("starts_at", "id", "kind") WHERE status = 'published'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_events_catalogue_clinic" ON "events" ("clinic_id", "starts_at", "id", "kind") WHERE status = 'published'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_events_catalogue_clinic"`);
    await queryRunner.query(`DROP INDEX "public"."ix_events_catalogue"`);
  }
}
