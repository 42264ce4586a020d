import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('database schema', () => {
  let t: TestApp;

  beforeAll(async () => {
    // startTestApp empties the database first, so every migration runs from scratch.
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('the schema comes only from migrations', () => {
    it('synchronize is off and migrations run at start-up', () => {
      expect(t.dataSource.options.synchronize).toBe(false);
      expect(t.dataSource.options.migrationsRun).toBe(true);
    });

    it('every migration has run on the empty database', async () => {
      expect(await t.dataSource.showMigrations()).toBe(false);
      const applied: { name: string }[] = await t.dataSource.query('SELECT name FROM migrations ORDER BY id');
      expect(applied.map((m) => m.name)).toEqual(t.dataSource.migrations.map((m) => m.name));
    });
  });

  describe('migrations and entities agree', () => {
    it('after the migrations, the schema builder has nothing left to change', async () => {
      const sql = await t.dataSource.driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    });
  });
});
