import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../common/auth/actor.js';
import { assertInTransaction } from '../database/transactions.js';
import { BookingNotifier } from '../reservations/booking-notifier.js';

export interface ErasureReport {
  reservationsAnonymised: number;
}

/** Which reservations to anonymise: all made with an address (erasure on request), or these (retention). */
export type AnonymiseSelector = { email: string } | { reservationIds: string[] };

/**
 * Erases an attendee on request (DESIGN rule 8): every reservation made with the e-mail keeps its
 * seats, status and times, so the seat counts stay right, but loses the name, e-mail and phone. Pending
 * messages to the address are dropped in the same transaction.
 */
@Injectable()
export class AttendeeErasureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifier: BookingNotifier,
  ) {}

  async erase(email: string, actor: Actor | null = null): Promise<ErasureReport> {
    const normalised = email.trim().toLowerCase();
    return this.dataSource.transaction(async (manager) => {
      const erased = await this.anonymise(manager, { email: normalised });
      // The log names the reservations, never the address that was erased.
      await AuditLog.record(manager, {
        actor,
        action: 'attendee.erased',
        clinicId: null,
        subject: { type: 'attendee', id: null },
        after: { reservationsAnonymised: erased.length, reservationIds: erased },
      });
      return { reservationsAnonymised: erased.length };
    });
  }

  /**
   * The one anonymisation, for erasure on request and for retention after the event (attendance's
   * retention job): name, e-mail and phone go, seats, status, check-in and times stay; the reservations'
   * messages lose their address and content too. In the caller's transaction; returns the ids anonymised.
   */
  async anonymise(manager: EntityManager, selector: AnonymiseSelector): Promise<string[]> {
    assertInTransaction(manager, 'Anonymising reservations');
    const byEmail = 'email' in selector;
    const rows = (await manager.query(
      `UPDATE reservations
          SET name = 'Erased attendee',
              email = CASE WHEN email IS NULL THEN NULL ELSE 'erased-' || id || '@erased.invalid' END,
              phone = NULL,
              consent_marketing = false,
              anonymised_at = now(),
              updated_at = now()
        WHERE ${byEmail ? 'email = $1' : 'id = ANY($1::uuid[])'}
    RETURNING id`,
      [byEmail ? selector.email : selector.reservationIds],
    )) as [{ id: string }[], number];
    const ids = rows[0].map((row) => row.id);
    await this.notifier.forgetRecipient(manager, byEmail ? selector.email : '', ids);
    return ids;
  }
}
