import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { CATALOGUE_PLAN_SETTINGS, type CatalogueConnections } from './catalogue-page.js';

/** Sessions of the catalogue's own pool: its reads never wait for a connection a booking holds, nor take one. */
const POOL_SIZE = 3;

/**
 * The public catalogue's reads run on a small pool of its own whose sessions start with
 * CATALOGUE_PLAN_SETTINGS (a start-up parameter, like the main pool's statement timeout), so the pinned plan
 * costs no round trip of its own. Only the catalogue's two reads run on these sessions: the page
 * (catalogueStatement) and one public event by id (EventsService.getPublicFields, a primary-key lookup the
 * settings do not change). Same database, same timeouts as the
 * main pool (data-source-options.ts); a failure is a node-postgres error, which the error filter maps like
 * any other (503 when the database cannot answer).
 *
 * Each shape of the statement (one per combination of filters) is a named prepared statement on every session,
 * so PostgreSQL parses it once per session, not once per request (bench:listing: +4 % on GET /api/events).
 * Its plan is still made for each request's values (plan_cache_mode=force_custom_plan): a generic plan, made
 * without them, could lose the pinned walk.
 */
@Injectable()
export class CataloguePool implements CatalogueConnections, OnModuleDestroy {
  private readonly pool: pg.Pool;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const { url, extra } = dataSource.options as { url?: string; extra?: Record<string, unknown> };
    this.pool = new pg.Pool({
      ...extra,
      connectionString: url,
      max: POOL_SIZE,
      application_name: 'clinic-seminars-catalogue',
      options: Object.entries({ ...CATALOGUE_PLAN_SETTINGS, plan_cache_mode: 'force_custom_plan' })
        .map(([name, value]) => `-c ${name}=${value}`)
        .join(' '),
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
    });
    // An idle session whose server went away emits 'error'; the next query fails and is answered as such.
    this.pool.on('error', () => undefined);
  }

  async query<Row>(sql: string, values: unknown[]): Promise<Row[]> {
    return (await this.pool.query({ name: this.statementName(sql), text: sql, values })).rows as Row[];
  }

  private readonly names = new Map<string, string>();

  /** The prepared statement's name for this text: the few shapes of catalogueStatement, and the read by id. */
  private statementName(sql: string): string {
    let name = this.names.get(sql);
    if (name === undefined) this.names.set(sql, (name = `catalogue-${this.names.size + 1}`));
    return name;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
