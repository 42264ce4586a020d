import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { Clock } from '../../common/clock.js';
import { ManageTokens } from '../../common/crypto/manage-tokens.js';
import { ReservationLinks } from '../../common/crypto/reservation-links.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { affectedRows } from '../../database/affected-rows.js';
import { Event } from '../../events/event.entity.js';
import { httpUrl } from '../../notifications/messages/user-text.js';
import { Reservation, type ReservationStatus } from '../reservation.entity.js';
import { answerJoin, type JoinAnswer } from './join-rules.js';

/** A join link's answer other than sending the browser on: a page says why. */
export type JoinPageAnswer = Exclude<JoinAnswer, { kind: 'join' } | { kind: 'not-found' }>;

interface JoinLinkUseBase {
  clinic: Clinic;
  event: Pick<Event, 'id' | 'title' | 'startsAt' | 'endsAt' | 'timeZone'>;
}

/**
 * What one use of a personal join link comes to: on to the meeting's own URL (nobody else ever gets it), and
 * whether this use was the first in the window and so recorded as the check-in; or a page, with the
 * attendee's manage page (a path on this site) while they are waitlisted or offered a seat.
 */
export type JoinLinkUse =
  | (JoinLinkUseBase & { answer: { kind: 'join' }; joinUrl: string; recorded: boolean })
  | (JoinLinkUseBase & { answer: JoinPageAnswer; managePath?: string });

/**
 * A confirmed webinar attendee's personal join link (issue 9, ReservationLinks purpose `join`): every e-mail,
 * invite and page gives it instead of the meeting's URL. Its first use inside the join window is the
 * attendee's check-in (`checked_in_at`), the record the completion job reads, so webinars get show rates as
 * seminars do. What a use answers is the pure rule in join-rules.ts.
 */
@Injectable()
export class JoinLinksService {
  private readonly opensMinutesBefore: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: ReservationLinks,
    private readonly tokens: ManageTokens,
    private readonly clinics: ClinicsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.opensMinutesBefore = config.webinars.joinOpensMinutesBefore;
  }

  /**
   * Uses a join link: undefined when it names no webinar seat of ours (unknown or altered token, a seminar's
   * reservation, an erased attendee). `record: false` (a HEAD request, a browser's prefetch) answers the same
   * but records nothing.
   */
  async use(token: string, { record }: { record: boolean }): Promise<JoinLinkUse | undefined> {
    const now = this.clock.now();
    const manager = this.dataSource.manager;
    const reservation = await this.findByToken(manager, token);
    if (!reservation) return undefined;
    const event = await manager.findOneOrFail(Event, { where: { id: reservation.eventId } });
    let answer = answerJoin(event, reservation, now, this.opensMinutesBefore);
    const joinUrl = httpUrl(event.joinUrl);
    if (answer.kind === 'not-found' || !joinUrl) return undefined;

    const clinic = await this.clinics.getById(event.clinicId);
    if (answer.kind === 'join') {
      const outcome = record
        ? await recordFirstUse(manager, reservation.id, now)
        : { recorded: false, status: reservation.status };
      if (outcome.status === 'confirmed') return { answer, clinic, event, joinUrl, recorded: outcome.recorded };
      // Cancelled (or completed) between the read and the check-in: answer as it stands now.
      answer = answerJoin(event, { ...reservation, status: outcome.status }, now, this.opensMinutesBefore);
      if (answer.kind === 'join' || answer.kind === 'not-found') return undefined;
    }
    const waiting = answer.kind === 'waitlisted' || answer.kind === 'offered';
    return {
      answer,
      clinic,
      event,
      ...(waiting
        ? { managePath: `/manage/${this.tokens.tokenFor(reservation.id, reservation.manageTokenNonce)}` }
        : {}),
    };
  }

  /** The reservation whose join link this is: the id in the token says which row, the MAC decides (constant time). */
  private async findByToken(manager: EntityManager, token: string): Promise<Reservation | undefined> {
    const id = this.links.reservationIdOf(token);
    if (!id) return undefined;
    const reservation = await manager.findOne(Reservation, { where: { id } });
    if (!reservation || !this.links.verify('join', token, id, reservation.manageTokenNonce)) return undefined;
    return reservation;
  }
}

/**
 * The check-in of a webinar attendee: the first use of their join link inside the window. One conditional
 * UPDATE, so two clicks at once (two tabs, a double tap) record one time, the first stays, and a seat
 * cancelled or marked `no_show` meanwhile is never checked in (PostgreSQL re-reads the WHERE clause against
 * the newest row version before updating). When nothing was recorded, the reservation's status as it stands
 * now says whether the link may still open the meeting.
 */
async function recordFirstUse(
  manager: EntityManager,
  reservationId: string,
  now: Date,
): Promise<{ recorded: boolean; status: ReservationStatus }> {
  const updated = await affectedRows(
    manager,
    `UPDATE reservations SET checked_in_at = $2, updated_at = now()
      WHERE id = $1 AND status = 'confirmed' AND checked_in_at IS NULL`,
    [reservationId, now],
  );
  if (updated === 1) return { recorded: true, status: 'confirmed' };
  const [row] = (await manager.query(`SELECT status FROM reservations WHERE id = $1`, [reservationId])) as {
    status: ReservationStatus;
  }[];
  return { recorded: false, status: row?.status ?? 'cancelled' };
}
