import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's own logger prints failed queries with their parameters, which hold attendees' names and
 * e-mails. This one logs the SQL text and the error only; parameters never reach the log.
 */
export class QueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const message = error instanceof Error ? error.message : error;
    // Constraint violations are expected (they are how the database guards our rules) and handled.
    if (/violates (unique|check|exclusion) constraint|could not serialize|deadlock detected/.test(message)) return;
    this.logger.error({ message: 'query failed', error: message, query: query.slice(0, 500) });
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ message: 'slow query', durationMs: time, query: query.slice(0, 500) });
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
