import type { Clinic } from '../../clinics/clinic.entity.js';
import type { Event, EventStatus } from '../../events/event.entity.js';
import type { AdminEventFilter } from '../../events/events.service.js';
import { formatListDay, formatTimeRange } from '../../i18n/dates.js';
import type { Locale } from '../../i18n/locales.js';

export const EVENT_STATUSES: readonly EventStatus[] = ['draft', 'published', 'completed', 'cancelled'];
const PAGE_SIZE = 20;

/** The list's filters from its query string; anything it cannot use is ignored (the page never fails over a filter). */
export function readEventFilter(
  query: Record<string, unknown>,
  clinics: Clinic[],
): AdminEventFilter & { clinicSlug: string } {
  const clinic = clinics.find((c) => c.slug === query.clinic);
  const status = EVENT_STATUSES.find((s) => s === query.status);
  const page = typeof query.page === 'string' && /^\d{1,4}$/.test(query.page) ? Math.max(1, Number(query.page)) : 1;
  return {
    clinicId: clinic?.id,
    clinicSlug: clinic?.slug ?? '',
    status,
    when: query.when === 'past' ? 'past' : 'upcoming',
    page,
    pageSize: PAGE_SIZE,
  };
}

/**
 * Rows with their times in each event's zone (the year shown when it is not `now`'s), the filter form's values
 * and the links to the pages around.
 */
export function eventListModel(
  filter: ReturnType<typeof readEventFilter>,
  items: Event[],
  total: number,
  clinics: Clinic[],
  locale: Locale,
  now: Date,
) {
  const pages = Math.max(1, Math.ceil(total / filter.pageSize));
  const href = (page: number) => {
    const params = new URLSearchParams();
    if (filter.clinicSlug) params.set('clinic', filter.clinicSlug);
    if (filter.status) params.set('status', filter.status);
    if (filter.when === 'past') params.set('when', 'past');
    if (page > 1) params.set('page', String(page));
    const query = params.toString();
    return `/admin/events${query ? `?${query}` : ''}`;
  };
  return {
    filter: { clinic: filter.clinicSlug, status: filter.status ?? '', when: filter.when },
    clinics: clinics.map((clinic) => [clinic.slug, clinic.name]),
    statuses: EVENT_STATUSES,
    rows: items.map((event) => ({
      id: event.id,
      title: event.title,
      clinic: event.clinic.name,
      day: formatListDay(event.startsAt, event.timeZone, locale, now),
      time: formatTimeRange(event, locale),
      status: event.status,
      confirmedSeats: event.confirmedSeats,
      capacity: event.capacity,
    })),
    total,
    page: filter.page,
    pages,
    previous: filter.page > 1 ? href(filter.page - 1) : undefined,
    next: filter.page < pages ? href(filter.page + 1) : undefined,
  };
}
