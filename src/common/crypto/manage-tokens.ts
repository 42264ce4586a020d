import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { hashManageToken } from './tokens.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export interface IssuedToken {
  token: string;
  hash: string;
  nonce: string;
}

/**
 * Manage tokens (DESIGN rule 8). Each reservation gets a 128-bit random nonce when it is made; its token is
 * HMAC-SHA256(K, "<reservation id>.<nonce>"), 256 bits, URL-safe, where K is derived (HKDF) from the
 * server's JWT_SECRET and is never stored. The database keeps the token's SHA-256 (to find the reservation
 * from a link) and the nonce (to write the same link again), never the token: a copy of the database alone
 * yields no working link; the database and the server's secret together do, as they must for any link the
 * server can send again. So every later e-mail (promotion, updates, reminders, "you already have a
 * reservation") carries the one link the attendee has, and nobody can replace it by typing their address.
 * Rotating JWT_SECRET ends every link; a new nonce would end one reservation's.
 */
@Injectable()
export class ManageTokens {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwt.secret, 'clinic-seminars', 'manage-tokens', 32));
  }

  issue(reservationId: string): IssuedToken {
    const nonce = randomBytes(16).toString('hex');
    const token = this.tokenFor(reservationId, nonce);
    return { token, nonce, hash: hashManageToken(token) };
  }

  tokenFor(reservationId: string, nonce: string): string {
    return createHmac('sha256', this.key).update(`${reservationId}.${nonce}`).digest('base64url');
  }

  manageUrl(token: string): string {
    return `${this.config.publicBaseUrl}/manage/${token}`;
  }
}
