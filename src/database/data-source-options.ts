import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { DatabaseTimeouts } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { QueryLogger } from './query-logger.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * The one description of our database connection: schema only through migrations, never synchronize.
 * Every wait is bounded (DESIGN rule 12): each pooled session starts with a statement timeout and an
 * idle-in-transaction timeout, and a request waits at most `connectMs` for a connection (a free one from
 * the pool, or a new one), so a lost database or a saturated pool answers 503 instead of hanging. The seat
 * lock's own, shorter bound is set where the lock is taken (EventSeats). The statement timeout also holds
 * for the migrations run at start-up: a long one needs DATABASE_STATEMENT_TIMEOUT_MS raised for that start.
 */
export function dataSourceOptions(
  url: string,
  { timeouts, poolSize = 20 }: { timeouts: DatabaseTimeouts; poolSize?: number },
): DataSourceOptions {
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
    extra: {
      max: poolSize,
      application_name: 'clinic-seminars',
      connectionTimeoutMillis: timeouts.connectMs,
      // node-postgres sends these as start-up parameters of every session it opens.
      statement_timeout: timeouts.statementMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      onConnect: keepConnectionErrorsHandled,
    },
  };
}

/**
 * A pg client emits 'error' when its server goes away (a restart ends every session with 57P01). The pool
 * listens while the client is idle and TypeORM while a query runner holds it, but for a moment in between
 * nobody does: a client whose start-up completes in the same network read as the shutdown's message is
 * handed over before TypeORM attaches its listener, and an 'error' event without a listener would end
 * the process. This listener stays for the client's life and does nothing else: the client is already
 * marked unusable, its next query fails (answered 503) and the pool then drops it.
 */
function keepConnectionErrorsHandled(client: { on(event: 'error', listener: () => void): unknown }): void {
  client.on('error', () => undefined);
}
