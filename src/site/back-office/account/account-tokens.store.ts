import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type AccountTokenPurpose = 'invitation' | 'password-reset';

export interface OpenToken {
  id: string;
  staffUserId: string;
  expiresAt: Date;
}

/**
 * The staff_account_tokens table, all of its SQL in one place. Invariant: a token is usable only while
 * `used_at` is null and `expires_at` is ahead (the database's clock), and it is spent by one conditional
 * UPDATE: of two requests with the same link at once, PostgreSQL re-checks the second against the row the
 * first committed, so exactly one of them gets the account. Only the token's SHA-256 is stored.
 */
@Injectable()
export class AccountTokensStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    token: { id: string; hash: string; staffUserId: string; purpose: AccountTokenPurpose; ttlSeconds: number },
  ): Promise<Date> {
    const rows = (await manager.query(
      `INSERT INTO staff_account_tokens (id, token_hash, staff_user_id, purpose, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING expires_at`,
      [token.id, token.hash, token.staffUserId, token.purpose, token.ttlSeconds],
    )) as { expires_at: Date }[];
    return rows[0].expires_at;
  }

  /** The usable token with this hash, without spending it (to show the page the link opens). */
  async findOpen(hash: string, purpose: AccountTokenPurpose): Promise<OpenToken | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT id, staff_user_id, expires_at FROM staff_account_tokens
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`,
      [hash, purpose],
    )) as { id: string; staff_user_id: string; expires_at: Date }[];
    const row = rows[0];
    return row && { id: row.id, staffUserId: row.staff_user_id, expiresAt: row.expires_at };
  }

  /** Spends the token: the account it was for, or undefined when it is unknown, used or expired. */
  async spend(manager: EntityManager, hash: string, purpose: AccountTokenPurpose): Promise<string | undefined> {
    const rows = (await manager.query(
      `UPDATE staff_account_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING staff_user_id`,
      [hash, purpose],
    )) as [{ staff_user_id: string }[], number];
    return rows[0][0]?.staff_user_id;
  }

  /** Ends every open token of this purpose for the account (a newer link replaces the older ones). */
  async voidOpen(manager: EntityManager, staffUserId: string, purpose: AccountTokenPurpose): Promise<void> {
    await manager.query(
      `UPDATE staff_account_tokens SET used_at = now() WHERE staff_user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [staffUserId, purpose],
    );
  }

  /** Whether a token of this purpose was issued to the account within the last `seconds`. */
  async issuedWithin(
    manager: EntityManager,
    staffUserId: string,
    purpose: AccountTokenPurpose,
    seconds: number,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM staff_account_tokens
        WHERE staff_user_id = $1 AND purpose = $2 AND created_at > now() - make_interval(secs => $3) LIMIT 1`,
      [staffUserId, purpose, seconds],
    )) as unknown[];
    return rows.length > 0;
  }

  /** When each account's latest open invitation expires (for the admin's list of pending invitations). */
  async openInvitationExpiries(staffUserIds: string[]): Promise<Map<string, Date>> {
    if (staffUserIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT staff_user_id, max(expires_at) AS expires_at FROM staff_account_tokens
        WHERE staff_user_id = ANY($1::uuid[]) AND purpose = 'invitation' AND used_at IS NULL AND expires_at > now()
        GROUP BY staff_user_id`,
      [staffUserIds],
    )) as { staff_user_id: string; expires_at: Date }[];
    return new Map(rows.map((row) => [row.staff_user_id, row.expires_at]));
  }
}
