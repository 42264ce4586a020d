import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { MessageContext, NotificationEvent } from '../notifications/notification-context.js';
import { OutboxMessage } from '../notifications/outbox/outbox-message.entity.js';
import { OutboxService, type PreparedOutboxRow } from '../notifications/outbox/outbox.service.js';
import { storeEvent } from '../notifications/outbox/stored-context.js';
import { movedReminderTime, reminderTimes } from './reminder-times.js';

/**
 * Messages due a fixed time before the start, which move with it: the reminders, and "still coming?" with its
 * last warning (issue 9; scheduled by ReconfirmScheduler, each keeping its minutes before the start as the offset).
 */
const MOVING_KINDS: OutboxMessage['kind'][] = ['reminder', 'reconfirm', 'release-warning'];

/**
 * DESIGN rule 6: when a reservation's reminders go out. Schedules them (the offsets come with the event,
 * whose defaults come from its clinic), moves them when the event moves, drops them when the reservation
 * is cancelled or moved. Reminders are outbox rows: every change is written through the caller's
 * transaction, so a reminder exists if and only if the change that caused it committed. What a reminder
 * says, and sending it, belong to notifications.
 */
@Injectable()
export class ReminderScheduler {
  constructor(
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** The reminders of a newly confirmed reservation, as rows for a caller that writes a batch itself. */
  prepare(context: MessageContext, offsetsMinutes: readonly number[], now = this.clock.now()): PreparedOutboxRow[] {
    if (context.reservation.status !== 'confirmed') return [];
    return reminderTimes(context.event.startsAt, offsetsMinutes, now).map(({ offsetMinutes, dueAt }) =>
      this.outbox.prepare({ kind: 'reminder', context: { ...context, reminderOffsetMinutes: offsetMinutes }, dueAt }),
    );
  }

  /**
   * Schedules a confirmed reservation's reminders, replacing any it had pending, so calling this again
   * (after a promotion, a party-size change) never doubles them. Returns how many were scheduled.
   */
  async schedule(
    manager: EntityManager,
    context: MessageContext,
    offsetsMinutes: readonly number[],
    now = this.clock.now(),
  ): Promise<number> {
    await this.drop(manager, context.reservation.id);
    const reminders = this.prepare(context, offsetsMinutes, now);
    await this.outbox.enqueuePrepared(manager, reminders);
    return reminders.length;
  }

  /** Drops a reservation's unsent reminders (it was cancelled or moved to another event). */
  async drop(manager: EntityManager, reservationId: string): Promise<number> {
    return this.outbox.cancelPendingForReservation(manager, reservationId, ['reminder']);
  }

  /**
   * After an event moved or changed: each unsent reminder is due its offset before the new start and will
   * describe the event as it is now. A reminder whose new time has already passed is dropped.
   */
  async move(
    manager: EntityManager,
    event: NotificationEvent,
    now = this.clock.now(),
  ): Promise<{ moved: number; dropped: number }> {
    // Locked so no dispatcher claims one of them half-way through (its claim skips locked rows).
    const reminders = await manager.find(OutboxMessage, {
      where: { eventId: event.id, kind: In(MOVING_KINDS), status: 'pending' },
      lock: { mode: 'pessimistic_write' },
    });
    let moved = 0;
    let dropped = 0;
    for (const reminder of reminders) {
      const dueAt = movedReminderTime(event.startsAt, reminder.reminderOffsetMinutes ?? 0, now);
      if (!dueAt || !reminder.payload) {
        await manager.update(OutboxMessage, { id: reminder.id }, { status: 'cancelled', payload: null });
        dropped += 1;
      } else {
        await manager.update(
          OutboxMessage,
          { id: reminder.id },
          { dueAt, payload: { ...reminder.payload, event: storeEvent(event) } },
        );
        moved += 1;
      }
    }
    return { moved, dropped };
  }
}
