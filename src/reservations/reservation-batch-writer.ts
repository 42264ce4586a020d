import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Clinic } from '../clinics/clinic.entity.js';
import type { Event } from '../events/event.entity.js';
import { EventSeats } from '../events/event-seats.js';
import type { PreparedOutboxRow } from '../notifications/outbox/outbox.service.js';
import { splitPayloads } from '../notifications/outbox/payload-parts.js';
import type { LockedEventState } from './seat-placement.js';
import type { ReservationSource } from './reservation.entity.js';

/** A reservation row of a batch, with its id, code and token hash made before it is written. */
export interface NewReservationRow {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  partySize: number;
  status: 'confirmed' | 'waitlisted';
  confirmationCode: string;
  manageTokenHash: string;
  manageTokenNonce: string;
  source: ReservationSource;
  consentReminders: boolean;
  consentMarketing: boolean;
}

/**
 * The SQL of a batch of reservations for one event (group commit, SeatBookingService): one statement locks
 * the event and reads its clinic, one reads what the batch must know, one writes everything. Nothing else
 * runs while the lock is held, so the lock is held for three round trips and the commit, whatever the batch size.
 */
@Injectable()
export class ReservationBatchWriter {
  constructor(private readonly seats: EventSeats) {}

  /** Locks the event and reads its clinic, in one statement (EventSeats.lockEventAndClinic). */
  lockEvent(manager: EntityManager, eventId: string): Promise<{ event: Event; clinic: Clinic }> {
    return this.seats.lockEventAndClinic(manager, eventId);
  }

  /**
   * With the event locked, reads (in a statement of its own, so it sees everything committed before the
   * lock was granted) which of the batch's addresses already hold a place and how long the queue is.
   */
  async readQueue(
    manager: EntityManager,
    eventId: string,
    emails: readonly string[],
  ): Promise<Omit<LockedEventState, 'event'>> {
    // Each address is looked up on its own in uq_reservations_active_email (the LATERAL ... LIMIT 1): with
    // `email = ANY(...)` on a hot event whose statistics lag (never analysed while thousands book), the
    // planner walked every reservation of the event and filtered the addresses, under the lock.
    const [row] = (await manager.query(
      `SELECT (SELECT count(*) FROM reservations WHERE event_id = $1 AND status = 'waitlisted')::int AS waitlisted,
              ARRAY(SELECT wanted.email
                      FROM unnest($2::text[]) AS wanted(email),
                           LATERAL (SELECT 1 FROM reservations
                                     WHERE event_id = $1 AND email = wanted.email
                                       AND status NOT IN ('cancelled', 'released', 'withdrawn')
                                     LIMIT 1) AS active) AS active_emails`,
      [eventId, emails],
    )) as { waitlisted: number; active_emails: string[] }[];
    return { activeEmails: new Set(row.active_emails), waitlisted: row.waitlisted };
  }

  /** lockEvent then readQueue, for a caller that knows its addresses before the lock. */
  async lock(
    manager: EntityManager,
    eventId: string,
    emails: readonly string[],
  ): Promise<LockedEventState & { clinic: Clinic }> {
    const locked = await this.lockEvent(manager, eventId);
    return { ...locked, ...(await this.readQueue(manager, eventId, emails)) };
  }

  /**
   * In one statement: adds `seatsTaken` to the event's counter (conditionally, as EventSeats.takeSeats),
   * inserts the reservations in arrival order (each gets its queue number and its created_at in that order)
   * and the outbox rows of those inserted. A row whose confirmation code is taken is skipped with its
   * messages; returns the ids inserted, so the caller can retry the rest with new codes. If the seats did
   * not fit (impossible under the lock: the CHECK constraint and this condition are the safety nets) nothing
   * is inserted.
   */
  async write(
    manager: EntityManager,
    {
      eventId,
      seatsTaken,
      acceptedAt,
      reservations,
      messages,
    }: {
      eventId: string;
      seatsTaken: number;
      acceptedAt: Date;
      reservations: readonly NewReservationRow[];
      messages: readonly PreparedOutboxRow[];
    },
  ): Promise<Set<string>> {
    const column = <K extends keyof NewReservationRow>(key: K) => reservations.map((row) => row[key]);
    const mail = <K extends keyof PreparedOutboxRow>(key: K) => messages.map((row) => row[key]);
    // Each message's payload repeats its clinic, event and reservation: those go once each (splitPayloads).
    const payloads = splitPayloads(messages.map((row) => row.payload));
    const rows = (await manager.query(
      `WITH seats AS (
         UPDATE events SET confirmed_seats = confirmed_seats + $2
          WHERE id = $1 AND confirmed_seats + $2 <= capacity + extra_seats
         RETURNING id
       ), added AS (
         INSERT INTO reservations
           (id, event_id, name, email, phone, party_size, status, confirmation_code, manage_token_hash,
            manage_token_nonce, source, consent_reminders, consent_marketing, privacy_accepted_at, confirmed_at, created_at)
         SELECT r.id, seats.id, r.name, r.email, r.phone, r.party_size, r.status, r.code, r.token_hash,
                r.nonce, r.source, r.consent_reminders, r.consent_marketing, $3::timestamptz,
                CASE WHEN r.status = 'confirmed' THEN $3::timestamptz END, clock_timestamp()
           FROM seats,
                unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[],
                       $11::text[], $12::text[], $13::text[], $14::bool[], $15::bool[])
                  WITH ORDINALITY AS r(id, name, email, phone, party_size, status, code, token_hash,
                                       nonce, source, consent_reminders, consent_marketing, arrival)
          ORDER BY r.arrival
         ON CONFLICT (confirmation_code) DO NOTHING
         RETURNING id
       ), mail AS (
         INSERT INTO outbox_messages
           (kind, recipient_email, clinic_id, event_id, reservation_id, due_at, message_id, reminder_offset_minutes, payload)
         SELECT m.kind, m.recipient_email, m.clinic_id, $1, m.reservation_id, m.due_at, m.message_id,
                m.reminder_offset_minutes,
                m.rest || jsonb_build_object('clinic', part.list[m.clinic_part], 'event', part.list[m.event_part],
                                             'reservation', part.list[m.reservation_part])
           FROM unnest($16::text[], $17::text[], $18::uuid[], $19::uuid[], $20::timestamptz[], $21::text[],
                       $22::int[], $23::jsonb[], $24::int[], $25::int[], $26::int[])
                  AS m(kind, recipient_email, clinic_id, reservation_id, due_at, message_id, reminder_offset_minutes,
                       rest, clinic_part, event_part, reservation_part),
                (SELECT $27::jsonb[] AS list) AS part
          WHERE m.reservation_id IN (SELECT id FROM added)
       )
       SELECT id FROM added`,
      [
        eventId,
        seatsTaken,
        acceptedAt,
        column('id'),
        column('name'),
        column('email'),
        column('phone'),
        column('partySize'),
        column('status'),
        column('confirmationCode'),
        column('manageTokenHash'),
        column('manageTokenNonce'),
        column('source'),
        column('consentReminders'),
        column('consentMarketing'),
        mail('kind'),
        mail('recipientEmail'),
        mail('clinicId'),
        mail('reservationId'),
        mail('dueAt'),
        mail('messageId'),
        mail('reminderOffsetMinutes'),
        payloads.rests,
        payloads.clinicPart,
        payloads.eventPart,
        payloads.reservationPart,
        payloads.parts,
      ],
    )) as { id: string }[];
    return new Set(rows.map((row) => row.id));
  }
}
