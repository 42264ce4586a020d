import { Injectable } from '@nestjs/common';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { toPublicEventView } from '../../events/dto/event-views.js';
import { EventsService } from '../../events/events.service.js';
import { formatDateTime, formatDay, formatWhen, formatZoneName } from '../../i18n/dates.js';
import { toLocale, type Locale } from '../../i18n/locales.js';
import type { ManagedReservationView } from '../../reservations/dto/reservation-views.js';
import { ReservationsService } from '../../reservations/reservations.service.js';
import { SessionAlternatives } from '../../reservations/session-alternatives.js';
import { SeatOffersService } from '../../reservations/offers/seat-offers.service.js';
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
    private readonly sessions: SessionAlternatives,
    private readonly offers: SeatOffersService,
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
      // Issue 9: a waiting-list place shows the sessions of the same seminar with seats, and the other
      // sessions it also waits for (each with its own manage link).
      alternatives: changeable && reservation.status === 'waitlisted' ? await this.alternatives(reservation, now) : [],
      alsoWaitingFor: (reservation.alsoWaitingFor ?? []).map((place) => ({
        ...presentEventCard(place.event, locale, now),
        manageUrl: place.manageUrl,
      })),
      offer: await this.offer(reservation, token, locale),
    };
  }

  /** A late seat offer (issue 9): its deadline in the event's zone and the link that accepts or declines it. */
  private async offer(reservation: ManagedReservationView, token: string, locale: Locale) {
    if (reservation.status !== 'offered' || !reservation.offerExpiresAt) return undefined;
    const offerToken = await this.offers.offerTokenFor(token);
    if (!offerToken) return undefined;
    const expires = new Date(reservation.offerExpiresAt);
    const zone = reservation.event.timeZone;
    return {
      href: `/offer/${offerToken}`,
      deadline: `${formatDateTime(expires, zone, locale)} (${formatZoneName(expires, zone, locale)})`,
    };
  }

  /** Other sessions of the same seminar with seats for the whole party, as cards linking to their pages. */
  private async alternatives(reservation: ManagedReservationView, now: Date) {
    const { event, clinic } = await this.events.getPublic(reservation.event.id);
    const ranked = await this.sessions.ranked(event, now);
    const locale = toLocale(clinic.locale);
    return this.sessions
      .views(ranked, clinic, reservation.partySize)
      .map((view) => presentEventCard(view, locale, now));
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
