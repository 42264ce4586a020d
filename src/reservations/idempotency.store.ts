import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { SealedBox } from '../common/crypto/sealed-box.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { affectedRows } from '../database/affected-rows.js';

export interface StoredAnswer<T> {
  status: number;
  body: T;
}

/** Keys are remembered for a day; a retry later than that is treated as a new request. */
const KEY_LIFETIME = '24 hours';

/**
 * Idempotency-Key handling, inside the caller's transaction. Claiming inserts the key; a concurrent
 * retry's insert waits on PostgreSQL's unique index until the first transaction ends, then either finds
 * the stored answer (first one committed) or claims the key itself (first one rolled back, e.g. on an
 * error, so errors are never replayed). The manage token in a stored answer is sealed, never in the clear.
 */
@Injectable()
export class IdempotencyStore {
  private readonly box: SealedBox;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.box = new SealedBox(config.jwt.secret, 'idempotency-answers');
  }

  async claim<T>(
    manager: EntityManager,
    scope: string,
    key: string,
    requestHash: string,
  ): Promise<StoredAnswer<T> | undefined> {
    await manager.query(
      `DELETE FROM idempotency_records WHERE scope = $1 AND key = $2 AND created_at < now() - interval '${KEY_LIFETIME}'`,
      [scope, key],
    );
    const claimed: unknown[] = await manager.query(
      `INSERT INTO idempotency_records (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO NOTHING
       RETURNING key`,
      [scope, key, requestHash],
    );
    if (claimed.length === 1) return undefined;

    const [stored] = (await manager.query(
      `SELECT request_hash, response_status, response_body FROM idempotency_records WHERE scope = $1 AND key = $2`,
      [scope, key],
    )) as { request_hash: string; response_status: number | null; response_body: { sealed: string } | null }[];
    if (!stored || stored.request_hash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request.');
    }
    const plain = stored.response_body ? this.box.open(stored.response_body.sealed) : undefined;
    if (stored.response_status === null || plain === undefined) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_UNUSABLE',
        'This Idempotency-Key cannot be replayed; send the request with a new key.',
      );
    }
    return { status: stored.response_status, body: JSON.parse(plain) as T };
  }

  /**
   * Forgets the keys past their lifetime (a retry that late is a new request anyway), with their sealed
   * answers: those hold an attendee's name, e-mail address and manage token. Run by the retention job.
   */
  async deleteExpired(manager: EntityManager): Promise<number> {
    return affectedRows(
      manager,
      `DELETE FROM idempotency_records WHERE created_at < now() - interval '${KEY_LIFETIME}'`,
    );
  }

  /** Stores the answer, sealed whole (it holds the manage token shown only once). */
  async store(manager: EntityManager, scope: string, key: string, answer: StoredAnswer<unknown>): Promise<void> {
    await manager.query(
      `UPDATE idempotency_records SET response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
      [scope, key, answer.status, JSON.stringify({ sealed: this.box.seal(JSON.stringify(answer.body)) })],
    );
  }
}
