import pg from 'pg';
import { sleep } from './booking-fixtures.js';
import { testDatabaseUrl } from './test-app.js';

/**
 * A session of our own on the test database, beside the app's pool: to hold a row or table lock the way
 * another transaction would, and to watch who is waiting for one.
 */
export class PostgresSession {
  private constructor(
    readonly client: pg.Client,
    readonly pid: number,
  ) {}

  static async open(url = testDatabaseUrl()): Promise<PostgresSession> {
    const client = new pg.Client({ connectionString: url, application_name: 'test-session' });
    await client.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return new PostgresSession(client, rows[0].pid);
  }

  query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    return this.client.query(sql, params);
  }

  /** BEGIN and lock the event row, as a long transaction on that event would. */
  async holdEventLock(eventId: string): Promise<void> {
    await this.query('BEGIN');
    await this.query('SELECT id FROM events WHERE id = $1 FOR UPDATE', [eventId]);
  }

  /** Sessions of the app (by its application_name) now waiting for a lock. */
  async appSessionsWaitingForLocks(): Promise<number> {
    const { rows } = await this.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'clinic-seminars' AND wait_event_type = 'Lock'`,
    );
    return rows[0].waiting as number;
  }

  /** Whether the session with this pid is waiting for a lock. */
  async isWaitingForLock(pid: number): Promise<boolean> {
    const { rows } = await this.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
    return rows[0]?.wait_event_type === 'Lock';
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/** Polls until `condition` holds; fails after `withinMs`, naming what it waited for. */
export async function until(condition: () => Promise<boolean>, what: string, withinMs = 5000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${withinMs} ms for ${what}`);
    await sleep(10);
  }
}
