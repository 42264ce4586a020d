import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** What a single-purpose link may do: join a webinar, answer "still coming?", accept a late seat offer. */
export type ReservationLinkPurpose = 'join' | 'reconfirm' | 'offer';

const UUID_HEX = /^[0-9a-f]{32}$/;
const ID_CHARS = 22; // 16 bytes of the reservation id, base64url
const MAC_CHARS = 43; // 32 bytes of HMAC-SHA256, base64url

/**
 * Single-purpose links for one reservation (issue 9), derived like the manage link (ManageTokens): nothing
 * secret is stored. A token is the reservation's id (16 bytes) followed by HMAC-SHA256(K_purpose, "<id>.<nonce>"),
 * where K_purpose is derived (HKDF) from the server's secret and the purpose, and the nonce is the
 * reservation's manage-token nonce. So a join link cannot answer a reconfirmation, a copy of the database
 * alone yields no working link, and a new manage nonce (a reservation whose links must stop working) ends
 * these links with the manage link. The id in the token only says which row to check; the HMAC decides.
 */
@Injectable()
export class ReservationLinks {
  private readonly keys: Record<ReservationLinkPurpose, Buffer>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const key = (purpose: ReservationLinkPurpose) =>
      Buffer.from(hkdfSync('sha256', config.jwt.secret, 'clinic-seminars', `reservation-link:${purpose}`, 32));
    this.keys = { join: key('join'), reconfirm: key('reconfirm'), offer: key('offer') };
  }

  tokenFor(purpose: ReservationLinkPurpose, reservationId: string, nonce: string): string {
    const id = Buffer.from(reservationId.replaceAll('-', ''), 'hex').toString('base64url');
    return id + this.mac(purpose, reservationId, nonce);
  }

  /** The path of the link (`/join/<token>`, `/reconfirm/<token>`, `/offer/<token>`) on the public base URL. */
  urlFor(purpose: ReservationLinkPurpose, reservationId: string, nonce: string): string {
    return `${this.config.publicBaseUrl}/${purpose}/${this.tokenFor(purpose, reservationId, nonce)}`;
  }

  /** The reservation id a token names, or null when it cannot be one of ours (check it with `verify`). */
  reservationIdOf(token: string): string | null {
    if (token.length !== ID_CHARS + MAC_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
    const hex = Buffer.from(token.slice(0, ID_CHARS), 'base64url').toString('hex');
    if (!UUID_HEX.test(hex)) return null;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Whether `token` is this purpose's link for the reservation with this id and nonce (constant time). */
  verify(purpose: ReservationLinkPurpose, token: string, reservationId: string, nonce: string): boolean {
    const expected = Buffer.from(this.tokenFor(purpose, reservationId, nonce));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(purpose: ReservationLinkPurpose, reservationId: string, nonce: string): string {
    return createHmac('sha256', this.keys[purpose]).update(`${reservationId}.${nonce}`).digest('base64url');
  }
}
