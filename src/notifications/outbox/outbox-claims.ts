import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OutboxKind } from '../notification-context.js';
import type { StoredContext } from './stored-context.js';

/** A message this dispatcher holds a lease on until `lease`. */
export interface ClaimedMessage {
  id: string;
  kind: OutboxKind;
  recipientEmail: string;
  messageId: string;
  /** Tries so far, this one included. */
  attempts: number;
  /** The claim's lease expiry; it also identifies the claim when its outcome is recorded. */
  lease: Date;
  payload: StoredContext | null;
}

interface ClaimedRow {
  id: string;
  kind: OutboxKind;
  recipient_email: string;
  message_id: string;
  attempts: number;
  locked_until: Date;
  payload: StoredContext | null;
}

/**
 * The dispatcher's side of the outbox: claiming due messages and recording what became of them. All the
 * SQL that keeps "every message delivered, duplicates only after a crash" true lives here.
 */
@Injectable()
export class OutboxClaims {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` due messages for `leaseMs`. Safe with any number of dispatchers, because:
   * - FOR UPDATE SKIP LOCKED passes over rows another dispatcher is claiming at this moment instead of
   *   waiting for them, and PostgreSQL re-checks the WHERE clause on each row it does lock, so a row whose
   *   lease another dispatcher has just taken is dropped: no two live leases on one row;
   * - the statement is its own short transaction (autocommit): no transaction stays open while mail is
   *   sent, and the lease (locked_until) is what keeps the row away from others after the commit;
   * - a dispatcher that dies never records an outcome: its lease runs out and another claims the row again.
   *   The mail may then go twice (if the first got as far as sending), always with the row's Message-ID;
   * - attempts counts claims, so even a message that crashes its dispatcher every time runs out of tries.
   * The lease is cut to milliseconds so it survives the trip through a JS Date and can identify the claim.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
    const rows = await this.run<ClaimedRow>(
      `UPDATE outbox_messages AS m
          SET locked_until = date_trunc('milliseconds', now() + make_interval(secs => $2::double precision / 1000)),
              attempts = m.attempts + 1,
              updated_at = now()
         FROM (SELECT id
                 FROM outbox_messages
                WHERE status = 'pending'
                  AND due_at <= now()
                  AND (locked_until IS NULL OR locked_until <= now())
                ORDER BY due_at, id
                LIMIT $1
                  FOR UPDATE SKIP LOCKED) AS due
        WHERE m.id = due.id
    RETURNING m.id, m.kind, m.recipient_email, m.message_id, m.attempts, m.locked_until, m.payload`,
      [limit, leaseMs],
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      recipientEmail: row.recipient_email,
      messageId: row.message_id,
      attempts: row.attempts,
      lease: row.locked_until,
      payload: row.payload,
    }));
  }

  /**
   * These mails went out: recorded whatever happened to the rows meanwhile (a lease that ran out, a cancel
   * while in flight), because they did go out and recording it stops further duplicates. The payload, which
   * holds the manage link, is no longer needed. One statement for the whole group: the dispatcher gathers
   * the sends that finish while the previous group is being written (see SentRecorder).
   */
  async markSent(messages: readonly ClaimedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.run(
      `UPDATE outbox_messages
          SET status = 'sent', sent_at = now(), locked_until = NULL, payload = NULL, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND status <> 'sent'`,
      [messages.map((message) => message.id)],
    );
  }

  /** Sending failed: try again after `delayMs`. Only the holder of the current lease records this. */
  async retryLater(message: ClaimedMessage, error: string, delayMs: number): Promise<boolean> {
    const rows = await this.run(
      `UPDATE outbox_messages
          SET due_at = now() + make_interval(secs => $3::double precision / 1000),
              locked_until = NULL, last_error = $2, updated_at = now()
        WHERE id = $1 AND status = 'pending' AND locked_until = $4
    RETURNING id`,
      [message.id, error, delayMs, message.lease],
    );
    return rows.length === 1;
  }

  /** Out of tries: the message is `failed` with its last error. Only the holder of the current lease records this. */
  async markFailed(message: ClaimedMessage, error: string): Promise<boolean> {
    const rows = await this.run(
      `UPDATE outbox_messages
          SET status = 'failed', locked_until = NULL, last_error = $2, updated_at = now()
        WHERE id = $1 AND status = 'pending' AND locked_until = $3
    RETURNING id`,
      [message.id, error, message.lease],
    );
    return rows.length === 1;
  }

  /** Runs one statement and returns its rows (TypeORM's plain query() wraps UPDATE results differently). */
  private async run<T = unknown>(sql: string, parameters: unknown[]): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, parameters, true);
      return result.records as T[];
    } finally {
      await runner.release();
    }
  }
}
