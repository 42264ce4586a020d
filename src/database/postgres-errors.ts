import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/** The statement broke a unique constraint or index (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === '23505';
}

/**
 * What went wrong with the database, in the words the error filter maps to an answer (DESIGN rules 9 and 12):
 * - `unreachable`: the server refused, dropped or is restarting (08xxx, 57P01-57P03, 53300, ECONNREFUSED, a
 *   connection lost between two statements, …);
 * - `connect-timeout`: no connection within DATABASE_CONNECT_TIMEOUT_MS (pool full or server silent);
 * - `lock-timeout` (55P03), `statement-timeout` (57014): a bounded wait ran out;
 * - `serialization` (40P01 deadlock, 40001): PostgreSQL gave up on a transaction that may succeed if run again;
 * - `invalid-value` (22001, 22003, 22007, 22008, 22021, 22P02, 22P05, 23502), `unique-violation` (23505),
 *   `foreign-key-violation` (23503), `constraint-violation` (the rest of class 23): the client sent a value
 *   the database refuses.
 * Anything else (a bad column name, division by zero, …) is our bug and stays unclassified: a logged 500.
 */
export type DatabaseFailure =
  | 'unreachable'
  | 'connect-timeout'
  | 'lock-timeout'
  | 'statement-timeout'
  | 'serialization'
  | 'invalid-value'
  | 'unique-violation'
  | 'foreign-key-violation'
  | 'constraint-violation';

const INVALID_VALUE_STATES = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05', '23502']);
/** Admin shutdown, crash shutdown, cannot connect now (starting up or shutting down), too many connections. */
const UNREACHABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres and pg-pool say these in words only, without a code. */
const LOST_CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];
const CONNECT_TIMEOUT_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];

export function classifyDatabaseError(error: unknown): DatabaseFailure | undefined {
  const state = sqlStateOf(error);
  if (state) return classifySqlState(state);
  // TypeORM hands a connection back the moment it fails between two statements of a transaction (a restart
  // ends idle sessions too); the transaction's next statement then finds its query runner released. A
  // repository call says so with one error, `manager.query` with the other.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) {
    return 'unreachable';
  }
  // Duck-typed, not `instanceof Error`: socket errors are made by Node itself, in another realm under Jest.
  const cause = driverErrorOf(error) as { code?: unknown; message?: unknown; errors?: unknown } | null;
  if (typeof cause !== 'object' || cause === null) return undefined;
  if (typeof cause.code === 'string' && SOCKET_ERRORS.has(cause.code)) return 'unreachable';
  // Node reports a refused connection to every address of a host as one AggregateError.
  if (Array.isArray(cause.errors) && cause.errors.some((inner) => classifyDatabaseError(inner) === 'unreachable'))
    return 'unreachable';
  const message = typeof cause.message === 'string' ? cause.message : '';
  if (CONNECT_TIMEOUT_MESSAGES.some((text) => message.includes(text))) return 'connect-timeout';
  if (LOST_CONNECTION_MESSAGES.some((text) => message.startsWith(text))) return 'unreachable';
  return undefined;
}

/**
 * The database cannot serve anyone right now (gone, no connection free, a lock or statement wait ran out):
 * every other request that needs the same thing would fail the same way.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const failure = classifyDatabaseError(error);
  return (
    failure === 'unreachable' ||
    failure === 'connect-timeout' ||
    failure === 'lock-timeout' ||
    failure === 'statement-timeout'
  );
}

/** A deadlock or serialization failure: running the whole transaction again may succeed. */
export function isSerializationFailure(error: unknown): boolean {
  return classifyDatabaseError(error) === 'serialization';
}

/** The five-character SQLSTATE of a PostgreSQL error (wrapped by TypeORM or not); undefined for anything else. */
export function sqlStateOf(error: unknown): string | undefined {
  const { code, severity } = (driverErrorOf(error) ?? {}) as { code?: unknown; severity?: unknown };
  // A server error always carries its severity, which tells it from any other `code` (EPIPE, a DomainError's).
  return typeof code === 'string' && typeof severity === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function classifySqlState(state: string): DatabaseFailure | undefined {
  if (state.startsWith('08') || UNREACHABLE_STATES.has(state)) return 'unreachable';
  if (state === '55P03') return 'lock-timeout';
  if (state === '57014') return 'statement-timeout';
  if (state === '40P01' || state === '40001') return 'serialization';
  if (INVALID_VALUE_STATES.has(state)) return 'invalid-value';
  if (state === '23505') return 'unique-violation';
  if (state === '23503') return 'foreign-key-violation';
  if (state.startsWith('23')) return 'constraint-violation';
  return undefined;
}

/** TypeORM wraps a failed query's driver error; a failed connect reaches us as the driver's own error. */
function driverErrorOf(error: unknown): unknown {
  if (error instanceof QueryFailedError) return error.driverError;
  return error;
}
