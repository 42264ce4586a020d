import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../../audit/audit-log.js';
import type { Actor } from '../../common/auth/actor.js';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error.js';
import { OutboxMessage, type OutboxStatus } from '../outbox/outbox-message.entity.js';

export interface MessageLogQuery {
  clinicId: string;
  /** Only one event's messages (the front desk's event page). */
  eventId?: string;
  status?: OutboxStatus;
  limit: number;
}

/** What a clinic's staff see of its mail: what failed and why, and a way to try a failed one again. */
@Injectable()
export class MessageLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list({ clinicId, eventId, status, limit }: MessageLogQuery): Promise<OutboxMessage[]> {
    return this.dataSource.manager.find(OutboxMessage, {
      where: { clinicId, ...(eventId ? { eventId } : {}), ...(status ? { status } : {}) },
      order: { updatedAt: 'DESC' },
      take: limit,
    });
  }

  /**
   * A failed message goes back to the queue, due now, with a fresh count of attempts. Answers the message
   * as this call left it (a dispatcher may claim it the next moment).
   */
  async retry(clinicId: string, messageId: string, actor: Actor | null = null): Promise<OutboxMessage> {
    return this.dataSource.transaction(async (manager) => {
      const message = await manager.findOne(OutboxMessage, { where: { id: messageId, clinicId } });
      if (!message) throw new NotFoundError('Message');
      const rows = (await manager.query(
        `UPDATE outbox_messages
            SET status = 'pending', attempts = 0, due_at = now(), locked_until = NULL, updated_at = now()
          WHERE id = $1 AND clinic_id = $2 AND status = 'failed' AND payload IS NOT NULL
        RETURNING due_at`,
        [messageId, clinicId],
      )) as [{ due_at: Date }[], number];
      const [[requeued]] = rows;
      if (!requeued) throw new ConflictError('MESSAGE_NOT_FAILED', 'Only a failed message can be sent again.');
      await AuditLog.record(manager, {
        actor,
        action: 'message.retried',
        clinicId,
        eventId: message.eventId,
        subject: { type: 'outbox_message', id: message.id },
        before: { status: message.status, attempts: message.attempts, kind: message.kind },
        after: { status: 'pending', attempts: 0, kind: message.kind },
      });
      return Object.assign(message, { status: 'pending', attempts: 0, dueAt: requeued.due_at, lockedUntil: null });
    });
  }
}
