import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { Clock } from '../../common/clock.js';
import { ManageTokens } from '../../common/crypto/manage-tokens.js';
import { ReservationLinks } from '../../common/crypto/reservation-links.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { affectedRows } from '../../database/affected-rows.js';
import { Event } from '../../events/event.entity.js';
import { BookingNotifier } from '../booking-notifier.js';
import { Reservation } from '../reservation.entity.js';
import { ReservationsService } from '../reservations.service.js';

/**
 * Where an attendee stands, as the answer page shows it: `asked` (confirmed, not answered yet, the event ahead),
 * `reconfirmed` ("yes" given), `cancelled` (by them or the clinic), `released` (no answer by the deadline),
 * `over` (the event started, ended or was cancelled), `waitlisted` (no seat to reconfirm).
 */
export type ReconfirmStanding = 'asked' | 'reconfirmed' | 'cancelled' | 'released' | 'over' | 'waitlisted';

export interface ReconfirmState {
  standing: ReconfirmStanding;
  reservation: Reservation;
  event: Event;
  clinic: Clinic;
}

/**
 * "Still coming?" answered through its link (issue 9). The link is single-purpose and derived like the manage
 * link (ReservationLinks): a forged or foreign token names nothing (NotFoundError). Reading never changes
 * anything (mail scanners follow links); only the two POSTs do:
 * - "yes" sets `reconfirmed_at` once, by a conditional UPDATE (a second "yes", or one racing the release, changes
 *   nothing: the release's UPDATE and this one take the same row lock and each re-checks the other's column);
 * - "no" is the attendee's own cancellation (ReservationsService.cancelByToken, with the manage token derived
 *   from the same nonce): the event locked, the seats freed and the waiting list served in one transaction. A
 *   staff cancellation that came first leaves nothing to cancel: the answer is then the state as it is.
 */
@Injectable()
export class ReconfirmService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: ReservationLinks,
    private readonly manageTokens: ManageTokens,
    private readonly reservations: ReservationsService,
    private readonly notifier: BookingNotifier,
    private readonly clinics: ClinicsService,
    private readonly clock: Clock,
  ) {}

  /** The reservation a reconfirm link names, and where it stands. */
  async state(token: string, manager: EntityManager = this.dataSource.manager): Promise<ReconfirmState> {
    const reservation = await this.reservationOf(token, manager);
    const event = await manager.findOneByOrFail(Event, { id: reservation.eventId });
    const clinic = await this.clinics.getById(event.clinicId, manager);
    return { standing: standingOf(reservation, event, this.clock.now()), reservation, event, clinic };
  }

  /** "Yes, I'm coming": recorded once; the unsent question and last warning are dropped. */
  async confirm(token: string): Promise<ReconfirmState> {
    return this.dataSource.transaction(async (manager) => {
      const { standing, reservation } = await this.state(token, manager);
      if (standing === 'asked') {
        const changed = await affectedRows(
          manager,
          `UPDATE reservations SET reconfirmed_at = $2, updated_at = now()
            WHERE id = $1 AND status = 'confirmed' AND reconfirmed_at IS NULL`,
          [reservation.id, this.clock.now()],
        );
        if (changed === 1) await this.notifier.dropReconfirmation(manager, reservation.id);
      }
      return this.state(token, manager);
    });
  }

  /** "I can't come": the attendee's cancellation, the waiting list served in the same transaction. */
  async decline(token: string): Promise<ReconfirmState> {
    const { standing, reservation } = await this.state(token);
    if (standing === 'asked' || standing === 'reconfirmed' || standing === 'waitlisted') {
      try {
        await this.reservations.cancelByToken(this.manageTokens.tokenFor(reservation.id, reservation.manageTokenNonce));
      } catch (error) {
        // Cancelled (or released) by someone else between our read and the event's lock: nothing left to do.
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    return this.state(token);
  }

  private async reservationOf(token: string, manager: EntityManager): Promise<Reservation> {
    const id = this.links.reservationIdOf(token);
    const reservation = id ? await manager.findOneBy(Reservation, { id }) : null;
    if (!reservation || !this.links.verify('reconfirm', token, reservation.id, reservation.manageTokenNonce))
      throw new NotFoundError('Reservation');
    return reservation;
  }
}

function standingOf(reservation: Reservation, event: Event, now: Date): ReconfirmStanding {
  if (reservation.status === 'released') return 'released';
  if (reservation.status === 'cancelled' || reservation.status === 'withdrawn') return 'cancelled';
  if (event.status !== 'published' || event.startsAt <= now) return 'over';
  if (reservation.status === 'waitlisted') return 'waitlisted';
  if (reservation.status !== 'confirmed') return 'over';
  return reservation.reconfirmedAt ? 'reconfirmed' : 'asked';
}
