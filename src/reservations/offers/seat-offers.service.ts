import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { Clock } from '../../common/clock.js';
import { ManageTokens } from '../../common/crypto/manage-tokens.js';
import { ReservationLinks } from '../../common/crypto/reservation-links.js';
import { hashManageToken } from '../../common/crypto/tokens.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { withSerializationRetry } from '../../database/transactions.js';
import { EventSeats } from '../../events/event-seats.js';
import { Event } from '../../events/event.entity.js';
import { BookingNotifier } from '../booking-notifier.js';
import { Reservation } from '../reservation.entity.js';
import { WaitlistService } from '../waitlist.service.js';
import { acceptOffer, claimEventWithDueOffers, declineOffer, lapseDueOffers, type EndedOffer } from './offer-claims.js';

/** Per run of the jobs, at most this many events have their due offers lapsed; the rest wait a tick. */
const MAX_EVENTS_PER_RUN = 500;

/** A reservation reached through its offer link, as it is now (any status: the page says what became of it). */
export interface OfferedReservation {
  reservation: Reservation;
  event: Event;
  clinic: Clinic;
  /** The reservation's manage token (the page links to it once the seat is confirmed). */
  manageToken: string;
}

/**
 * Late seat offers (issue 9): a waitlisted person promoted less than the clinic's threshold before the start
 * holds the seats as `offered` (WaitlistService.promote) until they accept through the link in the
 * 'seat-offer' e-mail, decline, or the deadline passes. Accepted: an ordinary promotion ('promotion' e-mail
 * with the invite, reminders). Declined or lapsed: the reservation is `cancelled` (not `withdrawn`, which
 * means "gave up this place for a sibling session"): the offer was the person's turn, and once it has passed
 * they no longer hold a place in this queue; their address is free to book again. The seats go back and the
 * waiting list is served again, so the next in line gets a seat or, this close to the start, an offer.
 * Every outcome is one conditional UPDATE under the event's lock (offer-claims.ts).
 */
@Injectable()
export class SeatOffersService {
  private readonly logger = new Logger('SeatOffers');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seats: EventSeats,
    private readonly waitlist: WaitlistService,
    private readonly notifier: BookingNotifier,
    private readonly clinics: ClinicsService,
    private readonly links: ReservationLinks,
    private readonly tokens: ManageTokens,
    private readonly clock: Clock,
  ) {}

  /** The reservation an offer link names; NOT_FOUND for a link that is not one of ours (forged, cut short). */
  async byToken(token: string, manager: EntityManager = this.dataSource.manager): Promise<OfferedReservation> {
    const id = this.links.reservationIdOf(token);
    const reservation = id ? await manager.findOne(Reservation, { where: { id } }) : null;
    if (!reservation || !this.links.verify('offer', token, reservation.id, reservation.manageTokenNonce))
      throw new NotFoundError('Offer');
    const event = await manager.findOneOrFail(Event, { where: { id: reservation.eventId } });
    const clinic = await this.clinics.getById(event.clinicId, manager);
    const manageToken = this.tokens.tokenFor(reservation.id, reservation.manageTokenNonce);
    return { reservation, event, clinic, manageToken };
  }

  /** The offer link of the reservation behind a manage token, while it holds an offer (its manage page shows it). */
  async offerTokenFor(manageToken: string): Promise<string | undefined> {
    if (manageToken.length < 20 || manageToken.length > 100) return undefined;
    const reservation = await this.dataSource.manager.findOne(Reservation, {
      where: { manageTokenHash: hashManageToken(manageToken), status: 'offered' },
    });
    return reservation ? this.links.tokenFor('offer', reservation.id, reservation.manageTokenNonce) : undefined;
  }

  /**
   * Accepts the offer if it still stands (the database decides: see acceptOffer). True when this call
   * confirmed it; false when it had already been accepted, declined or had lapsed (nothing changed).
   */
  async accept(token: string): Promise<boolean> {
    return withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const { reservation, clinic } = await this.byToken(token, manager);
        const event = await this.seats.lockEvent(manager, reservation.eventId);
        if (!(await acceptOffer(manager, reservation.id, event.id, this.clock.now()))) return false;
        const confirmed = await manager.findOneByOrFail(Reservation, { id: reservation.id });
        await this.waitlist.announcePromotion(manager, { clinic, event, reservation: confirmed });
        return true;
      },
      'acceptOffer',
    );
  }

  /** Turns the offer down: the seats go to the next in line at once. False when it no longer stood. */
  async decline(token: string): Promise<boolean> {
    return withSerializationRetry(
      this.dataSource,
      async (manager) => {
        const { reservation, clinic } = await this.byToken(token, manager);
        const event = await this.seats.lockEvent(manager, reservation.eventId);
        const ended = await declineOffer(manager, reservation.id, event.id, this.clock.now());
        if (!ended) return false;
        await this.release(manager, event, clinic, [ended]);
        return true;
      },
      'declineOffer',
    );
  }

  /**
   * The lapse job (run with the attendance jobs, in every instance): every offer whose deadline is at or
   * before `now` ends, with an 'offer-lapsed' e-mail, its seats released and the waiting list served again.
   * One transaction per event; any number of instances may run it at once (claimEventWithDueOffers), and
   * each offer lapses once (lapseDueOffers). Returns how many offers lapsed.
   */
  async lapseDue(now = this.clock.now()): Promise<number> {
    let lapsed = 0;
    const handled: string[] = [];
    while (handled.length < MAX_EVENTS_PER_RUN) {
      let claimed: string | undefined;
      try {
        const count = await this.dataSource.transaction(async (manager) => {
          claimed = await claimEventWithDueOffers(manager, now, handled);
          if (!claimed) return undefined;
          const event = await this.seats.lockEvent(manager, claimed);
          const ended = await lapseDueOffers(manager, event.id, now);
          if (ended.length === 0) return 0;
          const clinic = await this.clinics.getById(event.clinicId, manager);
          for (const { id } of ended) {
            const reservation = await manager.findOneByOrFail(Reservation, { id });
            await this.notifier.notify(manager, 'offer-lapsed', { clinic, event, reservation });
          }
          await this.release(manager, event, clinic, ended);
          return ended.length;
        });
        if (count === undefined) break;
        lapsed += count;
      } catch (error) {
        if (!claimed) throw error; // the claim itself failed (the database is away): try again next run
        this.logger.error({ message: 'could not lapse seat offers', eventId: claimed, error: errorText(error) });
      }
      if (claimed) handled.push(claimed);
    }
    if (lapsed > 0) this.logger.log({ message: 'lapsed seat offers', offers: lapsed });
    return lapsed;
  }

  /** Gives ended offers' seats back and serves the waiting list (which may offer them to the next in line). */
  private async release(manager: EntityManager, event: Event, clinic: Clinic, ended: EndedOffer[]): Promise<void> {
    const seats = ended.reduce((sum, offer) => sum + offer.partySize, 0);
    await this.seats.releaseSeats(manager, event.id, seats);
    await this.waitlist.promote(manager, event.id, clinic);
  }
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
