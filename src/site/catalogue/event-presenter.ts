import type { PublicEventView } from '../../events/dto/event-views.js';
import { formatDateTime, formatShortDay, formatTimeRange, formatZoneName } from '../../i18n/dates.js';
import type { Locale } from '../../i18n/locales.js';
import { translatorFor } from '../../i18n/translator.js';

export type AvailabilityState = 'open' | 'waitlist' | 'full' | 'closed' | 'not-yet-open' | 'cancelled' | 'over';

/** One event as a card on a list: every word already in the reader's language, every time in the event's zone. */
export interface EventCardModel {
  id: string;
  href: string;
  kind: PublicEventView['kind'];
  title: string;
  clinicName: string;
  startsAt: string;
  day: string;
  timeRange: string;
  zoneName: string;
  where: string;
  availability: { state: AvailabilityState; label: string };
}

/** Why an event can or cannot take a reservation now, read from the public view the API also answers. */
export function availabilityOf(view: PublicEventView, now: Date): AvailabilityState {
  if (view.status === 'cancelled') return 'cancelled';
  if (view.status === 'completed' || new Date(view.startsAt) <= now) return 'over';
  if (view.registrationOpen) return view.seatsLeft > 0 ? 'open' : view.waitlistOpen ? 'waitlist' : 'full';
  return now < new Date(view.registrationOpensAt) ? 'not-yet-open' : 'closed';
}

export function presentEventCard(view: PublicEventView, locale: Locale, now: Date): EventCardModel {
  const { t } = translatorFor(locale);
  const startsAt = new Date(view.startsAt);
  const state = availabilityOf(view, now);
  const labels: Record<AvailabilityState, () => string> = {
    open: () => t('site.catalogue.seatsLeft', { count: view.seatsLeft }),
    waitlist: () => t('site.catalogue.waitingList'),
    full: () => t('site.catalogue.full'),
    closed: () => t('site.catalogue.closed'),
    'not-yet-open': () =>
      t('site.catalogue.notYetOpen', {
        opensAt: formatDateTime(new Date(view.registrationOpensAt), view.timeZone, locale),
      }),
    cancelled: () => t('site.event.cancelled'),
    over: () => t('site.event.over'),
  };
  return {
    id: view.id,
    href: `/events/${view.id}`,
    kind: view.kind,
    title: view.title,
    clinicName: view.clinic.name,
    startsAt: view.startsAt,
    day: formatShortDay(startsAt, view.timeZone, locale),
    timeRange: formatTimeRange({ startsAt, endsAt: new Date(view.endsAt), timeZone: view.timeZone }, locale),
    zoneName: formatZoneName(startsAt, view.timeZone, locale),
    where: placeOf(view, locale),
    availability: { state, label: labels[state]() },
  };
}

/** "Seminar room 2, Lakeside Back Clinic, 12 Harbour Street, Chicago" or "Online". */
export function placeOf(view: PublicEventView, locale: Locale): string {
  if (!view.venue) return translatorFor(locale).t('site.catalogue.online');
  const { address } = view.venue;
  return [
    view.venue.name,
    view.clinic.name,
    address.line1,
    address.line2,
    address.city,
    [address.region, address.postalCode].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
}
