import { Injectable } from '@nestjs/common';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { toPublicEventView, type PublicEventView } from '../../events/dto/event-views.js';
import { EventsService } from '../../events/events.service.js';
import { SessionAlternatives } from '../../reservations/session-alternatives.js';
import { BotCheck } from '../bot-check/bot-check.service.js';
import { formatDateTime, formatWhen } from '../../i18n/dates.js';
import { toLocale, type Locale } from '../../i18n/locales.js';
import { translatorFor } from '../../i18n/translator.js';
import {
  availabilityOf,
  placeOf,
  presentEventCard,
  type AvailabilityState,
  type EventCardModel,
} from '../catalogue/event-presenter.js';
import { EMPTY_FORM, newFormKey, type FieldErrors, type ReservationFormValues } from './reservation-form.js';

export interface FormState {
  values: ReservationFormValues;
  /** Field → message already in the page's language. */
  errors: Partial<Record<keyof FieldErrors, string>>;
  /** A message about the whole form (event full, registration closed, bot check…). */
  formError?: string;
  csrfToken: string;
}

/** A full event's other sessions of the same seminar (issue 9): with seats, and full ones one may wait for too. */
export interface OtherSessions {
  alternatives: EventCardModel[];
  waitlistChoices: EventCardModel[];
}

const NO_OTHER_SESSIONS: OtherSessions = { alternatives: [], waitlistChoices: [] };

/** Builds the event page: the event as the public API shows it, its state in words, and the form. */
@Injectable()
export class EventPages {
  constructor(
    private readonly events: EventsService,
    private readonly botCheck: BotCheck,
    private readonly sessions: SessionAlternatives,
  ) {}

  /** The event and, only when it is full, its other sessions (one more statement for a full event, none else). */
  async load(
    eventId: string,
  ): Promise<{ view: PublicEventView; clinic: Clinic; locale: Locale; others: OtherSessions }> {
    const { event, clinic } = await this.events.getPublic(eventId);
    const now = new Date();
    const view = toPublicEventView(event, clinic, now);
    const locale = toLocale(clinic.locale);
    const state = availabilityOf(view, now);
    if (state !== 'waitlist' && state !== 'full') return { view, clinic, locale, others: NO_OTHER_SESSIONS };
    const ranked = await this.sessions.ranked(event, now);
    const card = (other: PublicEventView) => presentEventCard(other, locale, now);
    const others = {
      alternatives: this.sessions.views(ranked, clinic, 1).map(card),
      waitlistChoices:
        state === 'waitlist'
          ? this.sessions.waitlistChoices(ranked, 1).map((other) => card(toPublicEventView(other, clinic, now)))
          : [],
    };
    return { view, clinic, locale, others };
  }

  model(
    view: PublicEventView,
    clinic: Clinic,
    locale: Locale,
    form: Omit<FormState, 'values' | 'errors'> & Partial<FormState>,
    others: OtherSessions = NO_OTHER_SESSIONS,
  ) {
    const { t } = translatorFor(locale);
    const now = new Date();
    const state: AvailabilityState = availabilityOf(view, now);
    const startsAt = new Date(view.startsAt);
    const statusText: Partial<Record<AvailabilityState, string>> = {
      open: t('site.event.seatsLeft', { count: view.seatsLeft, capacity: view.capacity }),
      waitlist: t('site.event.fullWithList'),
      full: t('site.event.fullNoList'),
      closed: t('site.event.closed'),
      'not-yet-open': t('site.event.notYetOpen', {
        opensAt: formatDateTime(new Date(view.registrationOpensAt), view.timeZone, locale),
      }),
      cancelled: t('site.event.cancelled'),
      over: t('site.event.over'),
    };
    const botCheck = this.botCheck.widgetModel();
    return {
      pageTitle: `${view.title} · ${clinic.name}`,
      botCheck,
      extraStyles: [botCheck.cssUrl],
      extraScripts: [botCheck.scriptUrl],
      headerTitle: clinic.name,
      homeHref: `/clinics/${clinic.slug}`,
      contactClinic: clinic,
      event: {
        ...view,
        when: formatWhen({ startsAt, endsAt: new Date(view.endsAt), timeZone: view.timeZone }, locale),
        where: placeOf(view, locale),
        paragraphs: view.description
          .split(/\n\s*\n/)
          .map((p) => p.trim())
          .filter(Boolean),
      },
      state,
      statusText: statusText[state],
      takesReservations: state === 'open' || state === 'waitlist',
      others,
      partySizes: Array.from({ length: view.maxPartySize }, (_, i) => i + 1),
      form: { values: EMPTY_FORM, errors: {}, ...form, formKey: newFormKey() },
    };
  }
}
