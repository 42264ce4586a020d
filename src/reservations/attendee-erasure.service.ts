import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BookingNotifier } from './booking-notifier.js';

export interface ErasureReport {
  reservationsAnonymised: number;
}

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

  async erase(email: string): Promise<ErasureReport> {
    const normalised = email.trim().toLowerCase();
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `UPDATE reservations
            SET name = 'Erased attendee',
                email = 'erased-' || id || '@erased.invalid',
                phone = NULL,
                consent_marketing = false,
                anonymised_at = now(),
                updated_at = now()
          WHERE email = $1
      RETURNING id`,
        [normalised],
      )) as [{ id: string }[], number];
      const [erased] = rows;
      await this.notifier.forgetRecipient(manager, normalised, erased.map((row) => row.id));
      return { reservationsAnonymised: erased.length };
    });
  }
}
