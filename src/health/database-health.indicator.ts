import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { classifyDatabaseError, type DatabaseFailure, sqlStateOf } from '../database/postgres-errors.js';

/** Why the database is down, in words an operator can act on; never the server's address or a query. */
const WHY: Record<DatabaseFailure | 'ping-timeout' | 'error', string> = {
  unreachable: 'The database refused or dropped the connection: it is down, restarting or out of connections.',
  'connect-timeout': 'No connection could be opened, or freed from the pool, within DATABASE_CONNECT_TIMEOUT_MS.',
  'ping-timeout': 'The database did not answer a ping in time.',
  'lock-timeout': 'The ping waited too long for a lock.',
  'statement-timeout': 'The ping was cancelled by the statement timeout.',
  serialization: 'The ping was cancelled as a deadlock victim.',
  'invalid-value': 'The ping was refused.',
  'unique-violation': 'The ping was refused.',
  'foreign-key-violation': 'The ping was refused.',
  'constraint-violation': 'The ping was refused.',
  error: 'The database answered the ping with an error.',
};

interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * /health's database check: a `SELECT 1` through the app's own pool, bounded by `timeoutMs`. Down, it says
 * why (`reason`, the SQLSTATE or socket error as `code`, a sentence); up or down, it shows the pool, since
 * a pool with requests waiting is the first sign of a stuck lock or a slow database.
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key: string, timeoutMs: number) {
    const indicator = this.indicators.check(key);
    const started = performance.now();
    try {
      await bounded(this.dataSource.query('SELECT 1'), timeoutMs);
      return indicator.up({ responseTimeMs: Math.round(performance.now() - started), pool: this.pool() });
    } catch (error) {
      const reason = error instanceof PingTimeout ? 'ping-timeout' : (classifyDatabaseError(error) ?? 'error');
      const code = sqlStateOf(error) ?? errnoOf(error);
      return indicator.down({ reason, ...(code ? { code } : {}), message: WHY[reason], pool: this.pool() });
    }
  }

  private pool(): { size: number; idle: number; waiting: number } | undefined {
    const pool = (this.dataSource.driver as unknown as { master?: PoolCounts }).master;
    return pool ? { size: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : undefined;
  }
}

class PingTimeout extends Error {}

function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  work.catch(() => undefined); // a ping that lost the race may still fail later; nobody is waiting for it
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new PingTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z_]+$/.test(code) ? code : undefined;
}
