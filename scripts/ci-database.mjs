// Creates or drops a throwaway database on the machine's PostgreSQL for CI's second test run.
//   node scripts/ci-database.mjs probe|create|drop NAME
import pg from 'pg';

const [command, name] = process.argv.slice(2);
const server = process.env.CI_PG_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
} catch {
  if (command === 'probe') process.exit(1);
  throw new Error(`PostgreSQL at ${server} does not answer`);
}
try {
  if (command === 'create') await client.query(`CREATE DATABASE "${name}"`);
  if (command === 'drop') await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
} finally {
  await client.end();
}
