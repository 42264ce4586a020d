import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { assertRenderable, type MessageContext, OUTBOX_KINDS, type OutboxKind } from '../notification-context.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { type StoredContext, storeContext } from './stored-context.js';
import { emailAddress } from '../messages/user-text.js';
import { type StaffMailContext, type StaffMailKind, storeStaffMail } from '../staff-mail/staff-mail.js';
import { Clock } from '../../common/clock.js';
import { affectedRows } from '../../database/affected-rows.js';

export interface NewOutboxMessage {
  kind: OutboxKind;
  context: MessageContext;
  /** Not sent before this; now by default. */
  dueAt?: Date;
}

/** An outbox row ready to be written (see OutboxService.prepare). */
export interface PreparedOutboxRow {
  kind: OutboxKind;
  recipientEmail: string;
  clinicId: string | null;
  eventId: string;
  reservationId: string;
  dueAt: Date;
  messageId: string;
  reminderOffsetMinutes: number | null;
  payload: StoredContext;
}

export interface EnqueuedMessage {
  id: string;
  messageId: string;
}

/**
 * Writes messages into the outbox (DESIGN rule 5). Every method takes the caller's EntityManager and
 * writes through it, so a message exists if and only if the change that caused it commits.
 */
@Injectable()
export class OutboxService {
  private readonly messageIdDomain: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.messageIdDomain = messageIdDomain(config);
  }

  async enqueue(manager: EntityManager, message: NewOutboxMessage): Promise<EnqueuedMessage> {
    assertInTransaction(manager);
    const row = this.prepare(message);
    const result = await manager.insert(OutboxMessage, row);
    return { id: (result.identifiers[0] as { id: string }).id, messageId: row.messageId };
  }

  /**
   * The row a message becomes, for a caller that writes many at once in its own statement (a batch of
   * reservations, ReservationBatchWriter). Nothing is written here.
   */
  prepare(message: NewOutboxMessage): PreparedOutboxRow {
    // A message that could not be rendered fails the change now, not the dispatcher later. (Rendering
    // itself waits for the dispatcher: it takes milliseconds the booking transaction should not hold.)
    assertRenderable(message.context);
    const { clinic, event, reservation } = message.context;
    return {
      kind: message.kind,
      recipientEmail: emailAddress(reservation.email),
      clinicId: clinic.id ?? null,
      eventId: event.id,
      reservationId: reservation.id,
      dueAt: message.dueAt ?? this.clock.now(),
      messageId: `<${randomUUID()}@${this.messageIdDomain}>`,
      reminderOffsetMinutes: message.context.reminderOffsetMinutes ?? null,
      payload: storeContext(message.context),
    };
  }

  /** Writes rows made by `prepare`, in the caller's transaction, in one statement. */
  async enqueuePrepared(manager: EntityManager, rows: readonly PreparedOutboxRow[]): Promise<void> {
    assertInTransaction(manager);
    if (rows.length > 0) await manager.insert(OutboxMessage, [...rows]);
  }

  /**
   * Writes an e-mail to a staff member (an invitation, a password-reset link) in the caller's transaction,
   * due now. Its payload holds no token, only the id of the token row the link is derived from at send time.
   */
  async enqueueStaffMail(
    manager: EntityManager,
    kind: StaffMailKind,
    context: StaffMailContext,
  ): Promise<EnqueuedMessage> {
    assertInTransaction(manager);
    const messageId = `<${randomUUID()}@${this.messageIdDomain}>`;
    const rows = (await manager.query(
      `INSERT INTO outbox_messages (kind, recipient_email, due_at, message_id, payload)
       VALUES ($1, $2, now(), $3, $4) RETURNING id`,
      [kind, emailAddress(context.recipient.email), messageId, JSON.stringify(storeStaffMail(context))],
    )) as { id: string }[];
    return { id: rows[0].id, messageId };
  }

  /**
   * Drops a reservation's unsent messages of the given kinds (by default its reminders), e.g. when it is
   * cancelled or moved. Call it before enqueueing the cancellation itself. Returns how many were dropped.
   */
  async cancelPendingForReservation(
    manager: EntityManager,
    reservationId: string,
    kinds: readonly OutboxKind[] = ['reminder'],
  ): Promise<number> {
    assertInTransaction(manager);
    return affectedRows(
      manager,
      `UPDATE outbox_messages SET status = 'cancelled', payload = NULL, updated_at = now()
        WHERE reservation_id = $1 AND status = 'pending' AND kind = ANY($2::text[])`,
      [reservationId, kinds],
    );
  }

  /** Drops an event's unsent messages of the given kinds (by default its reminders), e.g. when it is cancelled. */
  async cancelPendingForEvent(
    manager: EntityManager,
    eventId: string,
    kinds: readonly OutboxKind[] = ['reminder'],
  ): Promise<number> {
    assertInTransaction(manager);
    return affectedRows(
      manager,
      `UPDATE outbox_messages SET status = 'cancelled', payload = NULL, updated_at = now()
        WHERE event_id = $1 AND status = 'pending' AND kind = ANY($2::text[])`,
      [eventId, kinds],
    );
  }

  /** Whether a message of this kind went to (or waits for) the reservation within the last minutes. */
  async sentRecently(
    manager: EntityManager,
    reservationId: string,
    kind: OutboxKind,
    withinMinutes: number,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM outbox_messages
        WHERE reservation_id = $1 AND kind = $2 AND status IN ('pending', 'sent')
          AND created_at > now() - make_interval(mins => $3)
        LIMIT 1`,
      [reservationId, kind, withinMinutes],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Which of these reservations were sent a message of this kind (issue 9: who had the last warning). */
  async sentTo(manager: EntityManager, reservationIds: readonly string[], kind: OutboxKind): Promise<Set<string>> {
    if (reservationIds.length === 0) return new Set();
    const rows = (await manager.query(
      `SELECT DISTINCT reservation_id AS id FROM outbox_messages
        WHERE reservation_id = ANY($1::uuid[]) AND kind = $2 AND status = 'sent'`,
      [reservationIds, kind],
    )) as { id: string }[];
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Erasure on request (DESIGN rule 8): the reservation's unsent messages are dropped and no message row
   * keeps its address or content any longer.
   */
  async forgetReservation(manager: EntityManager, reservationId: string): Promise<void> {
    await this.cancelPendingForReservation(manager, reservationId, [...OUTBOX_KINDS]);
    await manager.update(
      OutboxMessage,
      { reservationId },
      { recipientEmail: 'erased', payload: null, lastError: null },
    );
  }
}

function assertInTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(
      'Outbox writes must run in the transaction of the change that causes them (pass its EntityManager)',
    );
  }
}

/** The domain of MAIL_FROM, so Message-IDs look like ours: <uuid@clinic.example>. */
function messageIdDomain(config: AppConfig): string {
  const address = /<([^>]+)>/.exec(config.mail.from)?.[1] ?? config.mail.from;
  const domain = address.split('@')[1]?.trim();
  return domain && /^[A-Za-z0-9.-]+$/.test(domain) ? domain : new URL(config.publicBaseUrl).hostname;
}
