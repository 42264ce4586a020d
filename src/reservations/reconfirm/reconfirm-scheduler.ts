import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { Clock } from '../../common/clock.js';
import { ReservationLinks } from '../../common/crypto/reservation-links.js';
import type { Event } from '../../events/event.entity.js';
import type { MessageContext, OutboxKind } from '../../notifications/notification-context.js';
import { OutboxService, type PreparedOutboxRow } from '../../notifications/outbox/outbox.service.js';
import type { Reservation } from '../reservation.entity.js';
import { effectiveLeadMinutes, reconfirmPlan, type ReconfirmSettings } from './reconfirm-rules.js';

/** The outbox kinds that ask "still coming?"; dropped with the reminders, moved with them. */
export const RECONFIRM_KINDS: readonly OutboxKind[] = ['reconfirm', 'release-warning'];

/** An event's reconfirmation settings, the clinic's default lead filled in. */
export function reconfirmSettings(
  event: Pick<Event, 'startsAt' | 'reconfirmLeadMinutes' | 'releaseUnconfirmed' | 'releaseDeadlineMinutes'>,
  clinic: Pick<Clinic, 'reconfirmLeadMinutes'>,
): ReconfirmSettings {
  return {
    startsAt: event.startsAt,
    leadMinutes: effectiveLeadMinutes(event, clinic),
    releaseUnconfirmed: event.releaseUnconfirmed,
    releaseDeadlineMinutes: event.releaseDeadlineMinutes,
  };
}

/**
 * Schedules "still coming?" and, with release on, its last warning (issue 9) as outbox rows, like the
 * reminders (DESIGN rule 6): written in the transaction that confirms the seat, none whose time has passed,
 * replaced when the reservation or the event's settings change, dropped when it is cancelled or answered.
 * The due times and who is asked are reconfirm-rules.ts. A row keeps its minutes before the start in
 * `reminder_offset_minutes`, so when the event moves it moves with the reminders (ReminderScheduler.move).
 * The answer link in the row is derived again at send time (ReservationLinks): nothing secret is stored.
 */
@Injectable()
export class ReconfirmScheduler {
  constructor(
    private readonly outbox: OutboxService,
    private readonly links: ReservationLinks,
    private readonly clock: Clock,
  ) {}

  /** The rows for one confirmed reservation, for a caller that writes a batch itself. */
  prepare(
    notice: { clinic: Clinic; event: Event; reservation: Reservation },
    context: MessageContext,
    now = this.clock.now(),
  ): PreparedOutboxRow[] {
    const { clinic, event, reservation } = notice;
    if (reservation.email === null) return [];
    const settings = reconfirmSettings(event, clinic);
    const plan = reconfirmPlan(
      settings,
      {
        status: reservation.status,
        confirmedAt: reservation.confirmedAt ?? null,
        reconfirmedAt: reservation.reconfirmedAt ?? null,
      },
      now,
    );
    const asking = {
      ...context,
      reconfirmUrl: this.links.urlFor('reconfirm', reservation.id, reservation.manageTokenNonce),
    };
    const rows: PreparedOutboxRow[] = [];
    if (plan.question) {
      rows.push(
        this.outbox.prepare({
          kind: 'reconfirm',
          context: { ...asking, reminderOffsetMinutes: plan.question.minutesBefore },
          dueAt: plan.question.dueAt,
        }),
      );
    }
    if (plan.warning) {
      rows.push(
        this.outbox.prepare({
          kind: 'release-warning',
          context: {
            ...asking,
            reminderOffsetMinutes: plan.warning.minutesBefore,
            releaseDeadlineMinutes: settings.releaseDeadlineMinutes,
          },
          dueAt: plan.warning.dueAt,
        }),
      );
    }
    return rows;
  }

  /** Replaces a reservation's pending questions with those its current state and event call for. */
  async schedule(
    manager: EntityManager,
    notice: { clinic: Clinic; event: Event; reservation: Reservation },
    context: MessageContext,
    now = this.clock.now(),
  ): Promise<number> {
    await this.drop(manager, notice.reservation.id);
    const rows = this.prepare(notice, context, now);
    await this.outbox.enqueuePrepared(manager, rows);
    return rows.length;
  }

  /** Drops a reservation's unsent questions (it was cancelled, moved, released, or it answered). */
  async drop(manager: EntityManager, reservationId: string): Promise<number> {
    return this.outbox.cancelPendingForReservation(manager, reservationId, RECONFIRM_KINDS);
  }
}
