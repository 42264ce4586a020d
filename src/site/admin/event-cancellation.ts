import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What the admin event page says about a cancelled event: when, and the reason the admin gave. */
export interface EventCancellation {
  cancelledAt: Date;
  /** The reason given, or undefined when none was given or none was kept (see `attendeesCancelled`). */
  reason?: string;
  /** How many reservations the cancellation cancelled: with none, no reason could be kept. */
  attendeesCancelled: number;
}

/**
 * Reads a cancelled event's reason. The event has no column for it: cancelling stores the reason on each
 * reservation it cancels (reservations.cancellation_reason, the words in the attendees' e-mails), and the
 * audit log's 'event.cancelled' row holds only the cancelled reservation ids. So the reason is read from
 * the reservations cancelled at or after the event's cancelled_at (a desk cancellation earlier, with its own
 * reason, is not this one); an event cancelled with nobody booked kept no reason, and the page says so.
 */
@Injectable()
export class EventCancellations {
  constructor(private readonly dataSource: DataSource) {}

  async of(eventId: string, cancelledAt: Date): Promise<EventCancellation> {
    const rows: { reason: string | null; cancelled: number }[] = await this.dataSource.query(
      `SELECT (array_agg(cancellation_reason ORDER BY queue_number) FILTER (WHERE cancellation_reason IS NOT NULL))[1] AS reason,
              count(*)::int AS cancelled
         FROM reservations
        WHERE event_id = $1 AND status = 'cancelled' AND cancelled_at >= $2`,
      [eventId, cancelledAt],
    );
    const [row] = rows;
    return { cancelledAt, reason: row?.reason ?? undefined, attendeesCancelled: row?.cancelled ?? 0 };
  }
}
