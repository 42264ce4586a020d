/**
 * Writes a migration with the SQL that brings the database in line with the entities.
 *   npm run migration:generate -- AddEvents
 * Needs DATABASE_URL, or starts the embedded database.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: npm run migration:generate -- PascalCaseName');
  process.exit(2);
}
const sqlLiteral = (sql: string) =>
  '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
const config = loadConfig();
const embedded = config.database.url
  ? undefined
  : await startEmbeddedPostgres({ dataDir: config.database.embeddedDir, port: config.database.embeddedPort });
if (embedded) await embedded.createDatabaseIfMissing('clinic_seminars');
const url = config.database.url ?? embedded!.urlFor('clinic_seminars');
const dataSource = new DataSource({
  ...dataSourceOptions(url, { timeouts: config.database.timeouts }),
  logging: false,
});
await dataSource.initialize();
try {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    console.log('The entities and the migrations agree; nothing to generate.');
  } else {
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const render = (queries: { query: string; parameters?: unknown[] }[]) =>
      queries
        .map(
          (q) =>
            `    await queryRunner.query(${sqlLiteral(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`,
        )
        .join('\n');
    const file = path.resolve('migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${render(sql.upQueries)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${render([...sql.downQueries].reverse())}
  }
}
`,
    );
    console.log(`Wrote ${path.relative(process.cwd(), file)}; add it to migrations/index.ts and review it.`);
  }
} finally {
  await dataSource.destroy();
  await embedded?.stop();
}
