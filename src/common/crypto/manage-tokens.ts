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
 * Manage tokens: token = HMAC-SHA256(server key, reservation id + a 128-bit random nonce), 256 bits,
 * URL-safe. The database keeps only the token's hash (to look it up) and the nonce; without the server's
 * secret neither yields the token. Later e-mails (promotion, updates, reminders) can carry the same link,
 * and issuing a new nonce makes every older link stop working.
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
