import { Injectable } from '@nestjs/common';
import type { Request } from '../../common/http.js';
import type { Actor } from '../../common/auth/actor.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { formatDateTime } from '../../i18n/dates.js';
import { translatorFor } from '../../i18n/translator.js';
import { MessageLogService } from '../../notifications/message-log/message-log.service.js';
import { DeskOverviewService } from '../../reservations/front-desk/desk-overview.service.js';
import { type DoorView, FrontDeskService } from '../../reservations/front-desk/front-desk.service.js';
import { localeFromAcceptLanguage } from '../view/request-locale.js';
import type { OverbookingForm, PageProblem, WalkInForm } from './desk-forms.js';
import { overbookingModel } from './desk-overbooking.js';
import { OverbookingService } from '../../reservations/overbooking/overbooking.service.js';
import { INACTIVE_STATUSES } from '../../reservations/reservation.entity.js';
import { attendeeModel, eventSummary, messageModel, timeOf, whenOf, windowLine, type Words } from './desk-presenter.js';

/** What a redirect back to the door page says happened (`?done=`), each a sentence in `desk.notice.*`. */
export const DONE = [
  'checkedIn',
  'alreadyCheckedIn',
  'undone',
  'walkedIn',
  'promoted',
  'cancelled',
  'capacity',
  'overbooking',
  'retried',
] as const;
export type Done = (typeof DONE)[number];

/** Refusals of a typed or scanned code that the page names after its redirect (`?problem=`). */
export const CODE_PROBLEMS = ['CHECK_IN_NOT_OPEN', 'CHECK_IN_CLOSED', 'NOT_CONFIRMED'] as const;
export type CodeProblem = (typeof CODE_PROBLEMS)[number];

export interface DoorState {
  query: string;
  done?: Done;
  who?: string;
  codeProblem?: CodeProblem;
  problem?: PageProblem;
  walkIn?: WalkInForm;
  capacity?: string;
  overbooking?: OverbookingForm;
}

const MESSAGES_SHOWN = 50;

/**
 * Builds the front desk's pages from the front desk's services: the staff's "today" and one event's door
 * page (attendees, waiting list, walk-in, capacity, e-mails). Staff see only their clinics: the services
 * refuse anything else (403 CLINIC_ACCESS_DENIED, or 404 for a clinic filter they may not use).
 */
@Injectable()
export class DeskPages {
  constructor(
    private readonly overview: DeskOverviewService,
    private readonly frontDesk: FrontDeskService,
    private readonly messages: MessageLogService,
    private readonly overbooking: OverbookingService,
  ) {}

  words(request: Request, now = new Date()): Words {
    const locale = localeFromAcceptLanguage(request.headers['accept-language']);
    return { locale, t: translatorFor(locale).t, now };
  }

  async today(actor: Actor, clinicSlug: string | undefined, words: Words) {
    const { clinics, clinic, sections } = await this.overview.overview(actor, clinicSlug, words.now);
    const summary = (item: (typeof sections.today)[number]) =>
      eventSummary(item.event, item.clinic, item.counts, words);
    return {
      pageTitle: words.t('desk.today.title'),
      navCurrent: 'today',
      clinics: clinics.map((c) => ({ slug: c.slug, name: c.name })),
      clinicFilter: clinic?.slug ?? '',
      showClinicNames: !clinic && clinics.length > 1,
      today: sections.today.map(summary),
      upcoming: sections.upcoming.map(summary),
      past: sections.past.map(summary),
    };
  }

  async door(actor: Actor, eventId: string, state: DoorState, words: Words) {
    const { t, locale, now } = words;
    const door = await this.frontDesk.door(eventId, actor, state.query, now, state.who);
    const { event, clinic, checkIn } = door;
    const highlight = state.who ?? door.codeMatch?.reservation.id;
    const present = (list: typeof door.attendees) =>
      list.map((a) => attendeeModel(a, event, checkIn, words, highlight));
    const inactive = (a: (typeof door.attendees)[number]) => INACTIVE_STATUSES.includes(a.reservation.status);
    const shown = door.attendees.filter((a) => !inactive(a) && (state.query || a.reservation.status !== 'waitlisted'));
    const cancelled = door.attendees.filter(inactive);
    const messages = await this.messages.list({ clinicId: event.clinicId, eventId: event.id, limit: MESSAGES_SHOWN });
    return {
      pageTitle: event.title,
      navCurrent: 'today',
      event: {
        ...eventSummary(event, clinic, door.counts, words),
        when: whenOf(event, locale),
        maxPartySize: event.maxPartySize,
      },
      windowState: checkIn.state,
      windowLine: windowLine(event, checkIn, words),
      query: door.query,
      queryParam: door.query ? `?q=${encodeURIComponent(door.query)}` : '',
      notice: this.notice(state, door, words),
      problem: state.problem ?? this.codeProblem(state.codeProblem, event, checkIn.opensAt, words),
      codeMatch: door.codeMatch ? attendeeModel(door.codeMatch, event, checkIn, words, highlight) : undefined,
      otherEvent: door.codeForEvent && {
        line: t('desk.door.codeForOtherEvent', {
          code: door.code,
          title: door.codeForEvent.title,
          when: whenOf(door.codeForEvent, locale),
        }),
        href: `/staff/events/${door.codeForEvent.id}?q=${encodeURIComponent(door.code ?? '')}`,
      },
      attendees: present(shown.filter((a) => !a.codeMatch)),
      cancelled: present(cancelled),
      waitlist: present(door.waitlist),
      walkIn: {
        values: state.walkIn ?? { name: '', email: '', partySize: '1' },
        partySizes: Array.from({ length: event.maxPartySize }, (_, i) => i + 1),
      },
      capacity: {
        value: state.capacity ?? String(event.capacity),
        min: Math.max(1, event.confirmedSeats),
        hint: t('desk.capacity.hint', { count: event.confirmedSeats }),
      },
      overbooking: overbookingModel(await this.overbooking.view(event.id, actor), state.overbooking, words),
      messages: messages.map((message) => messageModel(message, event, words)),
      failedMessages: messages.filter((message) => message.status === 'failed').length,
      csvHref: `/staff/events/${event.id}/attendees.csv`,
    };
  }

  /** The cancel-with-reason page of one reservation. */
  async cancelPage(
    actor: Actor,
    eventId: string,
    reservationId: string,
    words: Words,
    form: { query: string; reason: string; problem?: PageProblem },
  ) {
    const door = await this.frontDesk.door(eventId, actor, '', words.now);
    const found = door.attendees.find((a) => a.reservation.id === reservationId);
    if (!found) throw new NotFoundError('Reservation');
    const attendee = attendeeModel(found, door.event, door.checkIn, words);
    const { t } = words;
    return {
      pageTitle: t('desk.cancel.title'),
      navCurrent: 'today',
      event: { ...eventSummary(door.event, door.clinic, door.counts, words), when: whenOf(door.event, words.locale) },
      attendee,
      told: found.reservation.email
        ? t('desk.cancel.toldByEmail', { name: found.reservation.name })
        : t('desk.cancel.noEmail', { name: found.reservation.name }),
      reason: form.reason,
      problem: form.problem,
      query: form.query,
      queryParam: form.query ? `?q=${encodeURIComponent(form.query)}` : '',
    };
  }

  private notice(state: DoorState, door: DoorView, { t, locale }: Words): string | undefined {
    if (!state.done) return undefined;
    if (state.done === 'capacity') return t('desk.notice.capacity', { capacity: door.event.capacity });
    if (state.done === 'overbooking')
      return t('desk.notice.overbooking', { count: door.event.capacity + door.event.extraSeats });
    if (state.done === 'retried') return t('desk.notice.retried');
    if (!door.focus) return undefined;
    const { name, checkedInAt } = door.focus.reservation;
    return t(`desk.notice.${state.done}`, { name, time: checkedInAt ? timeOf(checkedInAt, door.event, locale) : '' });
  }

  private codeProblem(
    code: CodeProblem | undefined,
    event: { timeZone: string; status: string },
    opensAt: Date,
    { t, locale }: Words,
  ): PageProblem | undefined {
    if (!code) return undefined;
    const key = code === 'CHECK_IN_NOT_OPEN' && event.status !== 'published' ? 'CHECK_IN_NOT_PUBLISHED' : code;
    return {
      area: 'top',
      message: t(`desk.error.${key}`, { opensAt: formatDateTime(opensAt, event.timeZone, locale) }),
      fields: {},
      status: 409,
    };
  }
}
