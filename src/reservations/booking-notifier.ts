import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Clinic } from '../clinics/clinic.entity.js';
import { ManageTokens } from '../common/crypto/manage-tokens.js';
import { ReservationLinks } from '../common/crypto/reservation-links.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Event } from '../events/event.entity.js';
import type { MessageContext, NotificationEvent, OtherSession } from '../notifications/notification-context.js';
import { InviteUidDomain } from '../notifications/messages/invite-uid-domain.js';
import { ReminderScheduler } from '../reminders/reminder-scheduler.js';
import { OutboxService, type PreparedOutboxRow } from '../notifications/outbox/outbox.service.js';
import type { Reservation, ReservationStatus } from './reservation.entity.js';
import { ReconfirmScheduler } from './reconfirm/reconfirm-scheduler.js';

/** One attendee's message about one event, written in the transaction that causes it (DESIGN rule 5). */
export interface BookingNotice {
  clinic: Clinic;
  event: Event;
  reservation: Reservation;
  /** For cancellations: the status held before, so only someone who had a seat gets a CANCEL invite. */
  statusBefore?: ReservationStatus;
  /** For a cancelled event: the clinic's other sessions with seats, offered instead. */
  otherSessions?: Event[];
}

export type BookingNoticeKind =
  | 'confirmation'
  | 'waitlisted'
  | 'promotion'
  | 'already-reserved'
  | 'attendee-cancellation'
  | 'event-changed'
  | 'event-cancelled'
  | 'released'
  | 'seat-offer'
  | 'offer-lapsed';

/** "You already have a reservation" goes out at most once in this many minutes per reservation. */
const ALREADY_RESERVED_QUIET_MINUTES = 15;

/**
 * Where the booking rules hand over to notifications: every call writes outbox rows through the given
 * transaction, so a message exists if and only if the change that caused it committed.
 */
@Injectable()
export class BookingNotifier {
  constructor(
    private readonly outbox: OutboxService,
    private readonly tokens: ManageTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inviteUids: InviteUidDomain,
    private readonly reminders: ReminderScheduler,
    private readonly links: ReservationLinks,
    private readonly reconfirms: ReconfirmScheduler,
  ) {}

  /** A walk-in who gave no e-mail address gets no mail at all. */
  async notify(manager: EntityManager, kind: BookingNoticeKind, notice: BookingNotice): Promise<void> {
    if (notice.reservation.email === null) return;
    await this.outbox.enqueue(manager, { kind, context: this.context(notice) });
  }

  /** The outbox row of one attendee's message, for a caller that writes a batch itself; none without an address. */
  prepare(kind: BookingNoticeKind, notice: BookingNotice): PreparedOutboxRow[] {
    if (notice.reservation.email === null) return [];
    return [this.outbox.prepare({ kind, context: this.context(notice) })];
  }

  /**
   * The reminder rows of a newly confirmed reservation, and its "still coming?" (issue 9), for a caller that
   * writes a batch itself.
   */
  prepareReminders(notice: BookingNotice): PreparedOutboxRow[] {
    const context = this.context(notice);
    return [
      ...(getsReminders(notice) ? this.reminders.prepare(context, notice.event.reminderOffsetsMinutes) : []),
      ...this.reconfirms.prepare(notice, context),
    ];
  }

  /**
   * Someone reserved again with an address that already holds a reservation. Unless we wrote to that
   * address about it a moment ago, the address gets the reservation's details by e-mail, with the manage
   * link it already has: the link is derived from the reservation's stored nonce (ManageTokens), so it can be
   * sent again, and whoever typed the address cannot break the link in the attendee's earlier e-mails and
   * calendar. Nothing the calendar shows changes, so its invite is the same revision (same SEQUENCE) sent
   * again. Returns whether a message was written.
   */
  async remindOfExistingReservation(manager: EntityManager, notice: BookingNotice): Promise<boolean> {
    if (
      await this.outbox.sentRecently(manager, notice.reservation.id, 'already-reserved', ALREADY_RESERVED_QUIET_MINUTES)
    )
      return false;
    await this.notify(manager, 'already-reserved', notice);
    return true;
  }

  /**
   * Schedules the reminders of a confirmed reservation (only those still in the future; DESIGN rule 6) and its
   * "still coming?" with, when the event releases unanswered seats, the last warning (issue 9). The question is
   * not a reminder: it goes whatever the reminder consent, to every attendee with an address.
   */
  async scheduleReminders(manager: EntityManager, notice: BookingNotice): Promise<void> {
    const context = this.context(notice);
    if (getsReminders(notice)) await this.reminders.schedule(manager, context, notice.event.reminderOffsetsMinutes);
    await this.reconfirms.schedule(manager, notice, context);
  }

  /** Drops a reservation's unsent reminders and questions (it was cancelled, released or moved to another event). */
  async dropReminders(manager: EntityManager, reservationId: string): Promise<void> {
    await this.reminders.drop(manager, reservationId);
    await this.reconfirms.drop(manager, reservationId);
  }

  /** The attendee answered "yes, I'm coming": the question and the last warning, if still unsent, are dropped. */
  async dropReconfirmation(manager: EntityManager, reservationId: string): Promise<void> {
    await this.reconfirms.drop(manager, reservationId);
  }

  /** Drops unsent messages to an erased attendee and scrubs their address from sent ones. */
  async forgetRecipient(manager: EntityManager, _email: string, reservationIds: string[]): Promise<void> {
    for (const id of reservationIds) await this.outbox.forgetReservation(manager, id);
  }

  /** Moves an event's unsent reminders (and questions) after its start moved, and refreshes what they will say. */
  async moveReminders(manager: EntityManager, event: Event): Promise<void> {
    // Without the meeting's URL: each reminder's personal join link is derived again when it is sent.
    await this.reminders.move(manager, { ...notificationEvent(event), joinUrl: null });
  }

  /** The plain data a message or invite about this reservation is rendered from. */
  context({ clinic, event, reservation, statusBefore, otherSessions }: BookingNotice): MessageContext {
    return {
      clinic: {
        id: clinic.id,
        name: clinic.name,
        organizerEmail: clinic.organizerEmail,
        address: clinic.address,
        phone: clinic.phone,
        timeZone: clinic.timeZone,
        locale: clinic.locale,
      },
      event: { ...notificationEvent(event), joinUrl: this.joinLink(event, reservation) },
      reservation: {
        id: reservation.id,
        // The one UID of the reservation's invites (DESIGN rule 7), whatever host this instance is configured with.
        uid: this.inviteUids.uidFor(reservation.id),
        name: reservation.name,
        email: reservation.email ?? '',
        partySize: reservation.partySize,
        confirmationCode: reservation.confirmationCode,
        status: statusBefore ?? reservation.status,
        inviteSequence: reservation.inviteSequence,
        ...(reservation.cancellationReason ? { cancellationReason: reservation.cancellationReason } : {}),
      },
      manageUrl: this.tokens.manageUrl(this.tokens.tokenFor(reservation.id, reservation.manageTokenNonce)),
      manageTokenNonce: reservation.manageTokenNonce,
      ...(otherSessions?.length ? { otherSessions: otherSessions.map((session) => this.otherSession(session)) } : {}),
      ...(reservation.status === 'offered' && reservation.offerExpiresAt
        ? {
            offer: {
              expiresAt: reservation.offerExpiresAt.toISOString(),
              url: this.links.urlFor('offer', reservation.id, reservation.manageTokenNonce),
            },
          }
        : {}),
    };
  }

  /**
   * A webinar's join link as its attendee gets it (issue 9): their personal `/join/<token>`, which opens the
   * meeting for a confirmed seat and records the check-in, never the meeting's own URL.
   */
  private joinLink(event: Event, reservation: Reservation): string | null {
    return event.kind === 'webinar' && event.joinUrl
      ? this.links.urlFor('join', reservation.id, reservation.manageTokenNonce)
      : null;
  }

  private otherSession(event: Event): OtherSession {
    return {
      title: event.title,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      timeZone: event.timeZone,
      url: `${this.config.publicBaseUrl}/events/${event.id}`,
    };
  }
}

function notificationEvent(event: Event): NotificationEvent {
  return {
    id: event.id,
    kind: event.kind,
    title: event.title,
    description: event.description,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
    venueName: event.venueName,
    joinUrl: event.joinUrl,
    sequence: event.sequence,
  };
}

/** Reminders go to an attendee who agreed to them and gave an address (a walk-in may have none). */
function getsReminders({ reservation }: BookingNotice): boolean {
  return reservation.consentReminders && reservation.email !== null;
}
