import { formatDateTime, formatWhen, formatZoneName } from '../../i18n/dates.js';
import { toLocale, type Locale } from '../../i18n/locales.js';
import type { OfferedReservation } from '../../reservations/offers/seat-offers.service.js';
import type { Reservation } from '../../reservations/reservation.entity.js';
import { placeOf } from '../catalogue/event-presenter.js';
import { toPublicEventView } from '../../events/dto/event-views.js';

/**
 * What an offer link's page says (issue 9), from the reservation as it is now:
 * - `open`: offered, deadline ahead: accept or decline;
 * - `accepted`: the seat is confirmed (whether by this visit or an earlier one: the same page either way);
 * - `declined`: the attendee let it go (cancelled before the deadline);
 * - `lapsed`: the deadline passed (the lapse job may not have run yet: the database will refuse an accept);
 * - `closed`: no offer to speak of (never offered, or the reservation went another way).
 */
export type OfferState = 'open' | 'accepted' | 'declined' | 'lapsed' | 'closed';

export function offerState(reservation: Reservation, now: Date): OfferState {
  const { status, offerExpiresAt, cancelledAt } = reservation;
  if (status === 'offered') return offerExpiresAt && offerExpiresAt > now ? 'open' : 'lapsed';
  if (status === 'confirmed' || status === 'no_show') return 'accepted';
  if (status === 'cancelled' && offerExpiresAt && cancelledAt)
    return cancelledAt < offerExpiresAt ? 'declined' : 'lapsed';
  return 'closed';
}

/** The page's view model: every word from the catalog, every date in the event's zone and the clinic's language. */
export function offerPageModel(
  { reservation, event, clinic, manageToken }: OfferedReservation,
  token: string,
  now: Date,
) {
  const locale: Locale = toLocale(clinic.locale);
  const view = toPublicEventView(event, clinic, now);
  const deadline = reservation.offerExpiresAt
    ? `${formatDateTime(reservation.offerExpiresAt, event.timeZone, locale)} (${formatZoneName(reservation.offerExpiresAt, event.timeZone, locale)})`
    : '';
  return {
    locale,
    model: {
      pageTitle: event.title,
      headerTitle: clinic.name,
      homeHref: `/clinics/${clinic.slug}`,
      contactClinic: clinic,
      noIndex: true,
      token,
      state: offerState(reservation, now),
      deadline,
      deadlineIso: reservation.offerExpiresAt?.toISOString() ?? '',
      manageHref: `/manage/${manageToken}`,
      reservation: {
        name: reservation.name,
        partySize: reservation.partySize,
        confirmationCode: reservation.confirmationCode,
      },
      event: {
        title: event.title,
        startsAt: event.startsAt.toISOString(),
        when: formatWhen(event, locale),
        where: placeOf(view, locale),
      },
    },
  };
}
