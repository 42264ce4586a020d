// Plain ESM on purpose: Jest loads global setup outside its ESM transform, so this file imports the
// compiled build (npm test builds first) instead of the TypeScript sources.
import { startEmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';
import { freePort, throwawayDataDir } from '../../dist/src/database/throwaway-postgres.js';

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL when given (a server and a database we may wipe),
 * otherwise a throwaway embedded server in a temporary directory. Each suite resets the schema.
 */
export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) {
    console.log(
      `\nTests use TEST_DATABASE_URL (${process.env.TEST_DATABASE_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')})`,
    );
    return;
  }
  const { dataDir } = throwawayDataDir('clinic-seminars-test-');
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  await server.createDatabaseIfMissing('clinic_seminars_test');
  process.env.TEST_DATABASE_URL = server.urlFor('clinic_seminars_test');
  process.env.TEST_EMBEDDED_PG_DIR = dataDir;
  globalThis.__embeddedTestDatabase = server;
  console.log(`\nTests use an embedded PostgreSQL in ${dataDir}`);
}
