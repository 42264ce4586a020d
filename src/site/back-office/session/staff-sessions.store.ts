import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affectedRows } from '../../../database/affected-rows.js';

export interface LiveSession {
  id: string;
  staffUserId: string;
}

/**
 * The staff_sessions table, all of its SQL in one place. Invariant: a row is a session only while
 * `expires_at` (sign-in + absolute lifetime) is ahead and `last_seen_at` is within the idle timeout; both
 * are compared with the database's clock, so every app instance agrees. Rows past either are dead and
 * are swept when their owner signs in again.
 */
@Injectable()
export class StaffSessionsStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(input: {
    id: string;
    staffUserId: string;
    absoluteSeconds: number;
    userAgent: string | null;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO staff_sessions (id, staff_user_id, expires_at, user_agent)
       VALUES ($1, $2, now() + make_interval(secs => $3), $4)`,
      [input.id, input.staffUserId, input.absoluteSeconds, input.userAgent],
    );
  }

  /**
   * The live session with this id, touching `last_seen_at` when it is more than a minute old: one write per
   * minute per session at most, so the idle timeout is exact to the minute without a write per request.
   */
  async findLive(id: string, idleSeconds: number): Promise<LiveSession | undefined> {
    const rows: { id: string; staff_user_id: string }[] = await this.dataSource.query(
      `WITH live AS (
         SELECT id, staff_user_id, last_seen_at FROM staff_sessions
          WHERE id = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)
       ), touched AS (
         UPDATE staff_sessions SET last_seen_at = now()
           FROM live
          WHERE staff_sessions.id = live.id AND live.last_seen_at < now() - interval '1 minute'
       )
       SELECT id, staff_user_id FROM live`,
      [id, idleSeconds],
    );
    const row = rows[0];
    return row && { id: row.id, staffUserId: row.staff_user_id };
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM staff_sessions WHERE id = $1', [id]);
  }

  /** Ends every session of one person (sign-out everywhere: a password reset, a disabled account). */
  async deleteAllFor(staffUserId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return affectedRows(manager, 'DELETE FROM staff_sessions WHERE staff_user_id = $1', [staffUserId]);
  }

  /** Drops this person's dead sessions (so the table does not grow with every sign-in). */
  async deleteDeadFor(staffUserId: string, idleSeconds: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM staff_sessions
        WHERE staff_user_id = $1 AND (expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $2))`,
      [staffUserId, idleSeconds],
    );
  }
}
