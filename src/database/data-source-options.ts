import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { QueryLogger } from './query-logger.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** The one description of our database connection: schema only through migrations, never synchronize. */
export function dataSourceOptions(url: string, overrides: { poolSize?: number } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension has to be installed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    logger: new QueryLogger(),
    maxQueryExecutionTime: 1000,
    extra: { max: overrides.poolSize ?? 20, application_name: 'clinic-seminars' },
  };
}
