import { bookableSeats } from './event-rules.js';
import type { Event } from './event.entity.js';

/**
 * "Another session of the same seminar" (issue 9, a waiting list that finds another session): how a
 * candidate event of the same clinic relates to the one someone could not get a seat in.
 * - `series`: an occurrence of the same recurring series;
 * - `title`: the same kind of event under the same title (case and surrounding spaces ignored);
 * - `webinar-twin`: for an in-person seminar, a webinar under the same title (the online twin). A webinar's
 *   in-person namesake is not offered: someone who chose to watch online may not be able to travel.
 */
export type SameSeminarRelation = 'series' | 'title' | 'webinar-twin';

export type SeminarFields = Pick<Event, 'id' | 'clinicId' | 'kind' | 'title' | 'seriesId'>;

/** The most other sessions offered or waited for at once. */
export const MAX_OTHER_SESSIONS = 5;

const sameTitle = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** How `candidate` relates to `origin`, or null when it is not another session of the same seminar. */
export function sameSeminarRelation(origin: SeminarFields, candidate: SeminarFields): SameSeminarRelation | null {
  if (candidate.id === origin.id || candidate.clinicId !== origin.clinicId) return null;
  if (origin.seriesId !== null && candidate.seriesId === origin.seriesId && candidate.kind === origin.kind)
    return 'series';
  if (!sameTitle(candidate.title, origin.title)) return null;
  if (candidate.kind === origin.kind) return 'title';
  return origin.kind === 'seminar' && candidate.kind === 'webinar' ? 'webinar-twin' : null;
}

const RELATION_ORDER: Record<SameSeminarRelation, number> = { series: 0, title: 0, 'webinar-twin': 1 };

export interface RankedSession<E extends SeminarFields & Pick<Event, 'startsAt'>> {
  event: E;
  relation: SameSeminarRelation;
}

/**
 * The candidates that are sessions of the same seminar, ranked: the same format first (series and title
 * alike), then the webinar twin; within each, the soonest first (ties by id, so the order is stable).
 * Whether they are open, upcoming and published is the query's business (SameSeminarSessions).
 */
export function rankSameSeminar<E extends SeminarFields & Pick<Event, 'startsAt'>>(
  origin: SeminarFields,
  candidates: readonly E[],
): RankedSession<E>[] {
  return candidates
    .flatMap((event) => {
      const relation = sameSeminarRelation(origin, event);
      return relation ? [{ event, relation }] : [];
    })
    .sort(
      (a, b) =>
        RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation] ||
        a.event.startsAt.getTime() - b.event.startsAt.getTime() ||
        (a.event.id < b.event.id ? -1 : 1),
    );
}

type SeatFields = Pick<Event, 'capacity' | 'extraSeats' | 'confirmedSeats' | 'maxPartySize' | 'waitlistEnabled'>;

/** Sessions that have seats for the whole party now: offered instead of the waiting list. */
export function alternativesFor<E extends SeminarFields & Pick<Event, 'startsAt'> & SeatFields>(
  ranked: readonly RankedSession<E>[],
  partySize: number,
): RankedSession<E>[] {
  return ranked
    .filter(({ event }) => event.maxPartySize >= partySize && bookableSeats(event) - event.confirmedSeats >= partySize)
    .slice(0, MAX_OTHER_SESSIONS);
}

/** Sessions whose waiting list the party could join too ("any of these sessions"): full, list on. */
export function waitlistChoicesFor<E extends SeminarFields & Pick<Event, 'startsAt'> & SeatFields>(
  ranked: readonly RankedSession<E>[],
  partySize: number,
): RankedSession<E>[] {
  return ranked
    .filter(
      ({ event }) =>
        event.waitlistEnabled &&
        event.maxPartySize >= partySize &&
        bookableSeats(event) - event.confirmedSeats < partySize,
    )
    .slice(0, MAX_OTHER_SESSIONS);
}
