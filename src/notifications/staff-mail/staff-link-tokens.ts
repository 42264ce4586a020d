import { createHash, createHmac, hkdfSync, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { StaffMailKind } from './staff-mail.js';

export interface IssuedLinkToken {
  /** The staff_account_tokens row id. */
  id: string;
  /** What goes into the link; never stored. */
  token: string;
  /** SHA-256 (hex) of the token: what the row keeps, to find it again from a link. */
  hash: string;
}

/**
 * Tokens of the invitation and password-reset links, as ManageTokens does for attendees: token =
 * HMAC-SHA256(server key, row id), 256 bits, URL-safe. The database keeps the row id and the token's
 * hash; without the server's secret neither yields the token, and the outbox can write the link at send
 * time from the row id alone.
 */
@Injectable()
export class StaffLinkTokens {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwt.secret, 'clinic-seminars', 'staff-link-tokens', 32));
  }

  issue(): IssuedLinkToken {
    const id = randomUUID();
    const token = this.tokenFor(id);
    return { id, token, hash: hashLinkToken(token) };
  }

  tokenFor(id: string): string {
    return createHmac('sha256', this.key).update(`staff-link.${id}`).digest('base64url');
  }

  urlFor(kind: StaffMailKind, id: string): string {
    const path = kind === 'staff-invitation' ? 'invitation' : 'reset-password';
    return `${this.config.publicBaseUrl}/staff/${path}/${this.tokenFor(id)}`;
  }
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A string shaped like one of our link tokens (anything else is not looked up at all). */
export function isLinkTokenShape(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
