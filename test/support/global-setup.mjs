// Plain ESM on purpose: Jest loads global setup outside its ESM transform, so this file imports the
// compiled build (npm test builds first) instead of the TypeScript sources.
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL when given (a server and a database we may wipe),
 * otherwise a throwaway embedded server in a temporary directory. Each suite resets the schema.
 */
export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) {
    console.log(`\nTests use TEST_DATABASE_URL (${process.env.TEST_DATABASE_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')})`);
    return;
  }
  const runDir = mkdtempSync(path.join(tmpdir(), 'clinic-seminars-test-'));
  chmodSync(runDir, 0o755); // as root, PostgreSQL runs as the `postgres` user, which must reach its data directory
  const dataDir = path.join(runDir, 'pg');
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  await server.createDatabaseIfMissing('clinic_seminars_test');
  process.env.TEST_DATABASE_URL = server.urlFor('clinic_seminars_test');
  process.env.TEST_EMBEDDED_PG_DIR = dataDir;
  globalThis.__embeddedTestDatabase = server;
  console.log(`\nTests use an embedded PostgreSQL in ${dataDir}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
