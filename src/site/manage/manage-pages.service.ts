import { Injectable } from '@nestjs/common';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { toPublicEventView } from '../../events/dto/event-views.js';
import { EventsService } from '../../events/events.service.js';
import { formatDay, formatWhen } from '../../i18n/dates.js';
import { toLocale, type Locale } from '../../i18n/locales.js';
import type { ManagedReservationView } from '../../reservations/dto/reservation-views.js';
import { ReservationsService } from '../../reservations/reservations.service.js';
import { placeOf, presentEventCard } from '../catalogue/event-presenter.js';
import { googleCalendarUrl } from './calendar-links.js';

export type ManageNotice = 'welcome' | 'party-changed' | 'switched';

export interface LoadedReservation {
  reservation: ManagedReservationView;
  clinic: Clinic;
  locale: Locale;
}

/** Builds the pages behind a manage link from the reservation as its holder may see it. */
@Injectable()
export class ManagePages {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly clinics: ClinicsService,
    private readonly events: EventsService,
  ) {}

  async load(token: string): Promise<LoadedReservation> {
    const reservation = await this.reservations.viewByToken(token);
    const clinic = await this.clinics.getBySlug(reservation.event.clinic.slug);
    return { reservation, clinic, locale: toLocale(clinic.locale) };
  }

  async model(
    { reservation, clinic, locale }: LoadedReservation,
    token: string,
    notice?: ManageNotice,
    formError?: string,
  ) {
    const now = new Date();
    const event = reservation.event;
    const times = { startsAt: new Date(event.startsAt), endsAt: new Date(event.endsAt), timeZone: event.timeZone };
    const changeable = event.status === 'published' && times.startsAt > now;
    const confirmed = reservation.status === 'confirmed';
    return {
      pageTitle: event.title,
      headerTitle: clinic.name,
      homeHref: `/clinics/${clinic.slug}`,
      contactClinic: clinic,
      noIndex: true,
      token,
      notice,
      formError,
      reservation,
      confirmed,
      changeable,
      event: {
        ...event,
        when: formatWhen(times, locale),
        where: placeOf(event, locale),
        day: formatDay(times.startsAt, event.timeZone, locale),
      },
      partySizes: Array.from({ length: Math.max(event.maxPartySize, reservation.partySize) }, (_, i) => i + 1),
      googleCalendarUrl: confirmed
        ? googleCalendarUrl(event, reservation.joinUrl ?? placeOf(event, locale))
        : undefined,
      switchOptions: changeable ? await this.switchOptions(reservation, locale, now) : [],
    };
  }

  /** Other sessions of the clinic, open now, with room for the whole party. */
  private async switchOptions(reservation: ManagedReservationView, locale: Locale, now: Date) {
    const { items } = await this.events.listPublic(
      { clinic: reservation.event.clinic.slug, page: 1, pageSize: 50 },
      now,
    );
    return items
      .map((event) => toPublicEventView(event, event.clinic, now))
      .filter(
        (view) =>
          view.id !== reservation.event.id &&
          view.registrationOpen &&
          view.seatsLeft >= reservation.partySize &&
          view.maxPartySize >= reservation.partySize,
      )
      .map((view) => presentEventCard(view, locale, now));
  }

  /** For a link that names no active reservation: its clinic when we can tell, otherwise every clinic's phone. */
  async notFoundModel(token: string) {
    const clinic = await this.reservations.clinicOfToken(token);
    const clinics = clinic ? [] : await this.clinics.listActive();
    return {
      locale: toLocale(clinic?.locale),
      model: {
        pageTitle: '',
        noIndex: true,
        clinic,
        headerTitle: clinic?.name,
        homeHref: clinic ? `/clinics/${clinic.slug}` : '/',
        contactClinic: clinic,
        clinics,
      },
    };
  }
}
