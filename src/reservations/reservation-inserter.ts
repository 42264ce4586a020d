import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ManageTokens } from '../common/crypto/manage-tokens.js';
import { newConfirmationCode } from '../common/crypto/tokens.js';
import type { Event } from '../events/event.entity.js';
import { Reservation, type ReservationSource } from './reservation.entity.js';

export interface NewReservation {
  event: Event;
  input: {
    name: string;
    /** Null only for a walk-in who gave no address. */
    email: string | null;
    phone?: string;
    consent: { reminders?: boolean; marketing?: boolean };
  };
  partySize: number;
  status: 'confirmed' | 'waitlisted';
  source: ReservationSource;
  /** A walk-in is checked in as it is added. */
  checkedIn?: boolean;
}

/** Writes a new reservation row, in the caller's transaction, which holds the event's lock. */
@Injectable()
export class ReservationInserter {
  constructor(
    private readonly tokens: ManageTokens,
    private readonly clock: Clock,
  ) {}

  /** Returns the row and its manage token, which exists only here and in what is shown to the attendee. */
  async insert(
    manager: EntityManager,
    { event, input, partySize, status, source, checkedIn }: NewReservation,
  ): Promise<{ entity: Reservation; token: string }> {
    const id = randomUUID();
    const issued = this.tokens.issue(id);
    const now = this.clock.now();
    // created_at is the insert's own moment (not the transaction's start), taken under the event lock, so
    // it runs in the same order as queue_number: the order in which reservations were accepted.
    // A confirmation code collision is astronomically rare but possible: try another code.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const rows = (await manager.query(
        `INSERT INTO reservations
           (id, event_id, name, email, phone, party_size, status, confirmation_code, manage_token_hash,
            manage_token_nonce, source, consent_reminders, consent_marketing, privacy_accepted_at, confirmed_at,
            checked_in_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, clock_timestamp())
         ON CONFLICT (confirmation_code) DO NOTHING
         RETURNING id`,
        [
          id,
          event.id,
          input.name,
          input.email,
          input.phone ?? null,
          partySize,
          status,
          newConfirmationCode(),
          issued.hash,
          issued.nonce,
          source,
          input.consent.reminders ?? true,
          input.consent.marketing ?? false,
          now,
          status === 'confirmed' ? now : null,
          checkedIn ? now : null,
        ],
      )) as unknown[];
      if (rows.length === 1) {
        const entity = await manager.findOneOrFail(Reservation, { where: { id } });
        return { entity, token: issued.token };
      }
    }
    throw new Error('Could not find a free confirmation code');
  }
}
