import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { canManageClinic, type Actor } from '../../common/auth/actor.js';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { EventsService } from '../../events/events.service.js';
import { Event } from '../../events/event.entity.js';
import { StaffReservationView, toStaffReservationView } from '../dto/reservation-views.js';
import { eventOfCode, listAttendees, type ListedAttendee } from './attendee-search.js';
import { checkInWindow, type CheckInWindow } from './check-in-window.js';
import { confirmationCodeFrom } from './confirmation-code-input.js';
import { DeskOverviewService, type DeskEventCounts } from './desk-overview.service.js';
import { type AttendeeSearchView, toCheckInWindowView } from './dto/front-desk-views.js';
import { Clock } from '../../common/clock.js';

/** Everything the door page of one event shows, read for one actor. */
export interface DoorView {
  event: Event;
  clinic: Clinic;
  counts: DeskEventCounts;
  checkIn: CheckInWindow;
  /** The search as typed ('' for none). */
  query: string;
  /** The code the query reads as, when it can be one. */
  code?: string;
  /** The reservation with exactly that code. */
  codeMatch?: ListedAttendee;
  /** The code belongs to another event the actor may see: the attendee is at the wrong session. */
  codeForEvent?: Event;
  /** The matches of the query, or every reservation without one (code match first, then by status and name). */
  attendees: ListedAttendee[];
  /** The waiting list in the order it is served. */
  waitlist: ListedAttendee[];
  /** The reservation asked for by id (the one a change was just made to), wherever it is. */
  focus?: ListedAttendee;
}

/**
 * What the front desk reads (issue 8): an event's attendees, searched by name, e-mail address or
 * confirmation code, with the check-in window and the seat counts. The changes are in CheckInService,
 * WalkInsService, ManualPromotionService and StaffCancellationService.
 */
@Injectable()
export class FrontDeskService {
  private readonly opensMinutesBefore: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly overview: DeskOverviewService,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.opensMinutesBefore = config.frontDesk.checkInOpensMinutesBefore;
  }

  /** The API's search: code match first, then the name and e-mail matches. */
  async search(eventId: string, typed: string, actor: Actor, now = this.clock.now()): Promise<AttendeeSearchView> {
    const door = await this.door(eventId, actor, typed, now);
    return {
      query: door.query,
      code: door.code ?? null,
      codeMatch: door.codeMatch ? toRow(door.codeMatch) : null,
      codeForEventId: door.codeForEvent?.id ?? null,
      matches: door.attendees.map(toRow),
      checkIn: toCheckInWindowView(door.checkIn),
    };
  }

  async door(eventId: string, actor: Actor, typed = '', now = this.clock.now(), focusId?: string): Promise<DoorView> {
    const { event, clinic } = await this.events.getForStaff(eventId, actor);
    const manager = this.dataSource.manager;
    const query = typed.trim();
    const code = query ? confirmationCodeFrom(query) : undefined;
    const attendees = await listAttendees(manager, event.id, query ? { text: query, code } : undefined);
    const codeMatch = attendees.find((attendee) => attendee.codeMatch);
    const everyone = query ? await listAttendees(manager, event.id) : attendees;
    const waitlist = everyone
      .filter((attendee) => attendee.reservation.status === 'waitlisted')
      .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
    const counts = (await this.overview.countsOf([event.id])).get(event.id) ?? {
      waitlistedSeats: 0,
      waitlistedParties: 0,
      checkedInSeats: 0,
      noShowSeats: 0,
    };
    return {
      event,
      clinic,
      counts,
      checkIn: checkInWindow(event, now, this.opensMinutesBefore),
      query,
      code,
      codeMatch,
      codeForEvent: code && !codeMatch ? await this.otherEventOf(code, actor) : undefined,
      attendees,
      waitlist,
      focus: focusId ? everyone.find((attendee) => attendee.reservation.id === focusId) : undefined,
    };
  }

  private async otherEventOf(code: string, actor: Actor): Promise<Event | undefined> {
    const eventId = await eventOfCode(this.dataSource.manager, code);
    const event = eventId ? await this.dataSource.manager.findOne(Event, { where: { id: eventId } }) : null;
    return event && canManageClinic(actor, event.clinicId) ? event : undefined;
  }
}

function toRow(attendee: ListedAttendee): StaffReservationView {
  return toStaffReservationView(attendee.reservation, attendee.waitlistPosition);
}
