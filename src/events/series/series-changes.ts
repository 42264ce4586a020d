import { DateTime } from 'luxon';
import type { UpdateEventDto } from '../dto/event.dto.js';
import type { UpdateEventSeriesDto } from '../dto/event-series.dto.js';
import type { Event } from '../event.entity.js';

/**
 * One event's share of a change to its series' future events, as the edit of that one event would be
 * written (PATCH /events/:id). A new time of day keeps each event on its own local date in its own zone,
 * so 18:00 stays 18:00 across a daylight-saving change; a new length counts from the (new) start, and
 * without one each event keeps its own. Pure.
 */
export function eventChangeForSeries(
  event: Pick<Event, 'startsAt' | 'endsAt' | 'timeZone'>,
  changes: UpdateEventSeriesDto,
): UpdateEventDto {
  const { startTime, durationMinutes, ...fields } = changes;
  const update: UpdateEventDto = { ...fields };
  if (startTime === undefined && durationMinutes === undefined) return update;

  const start = DateTime.fromJSDate(event.startsAt, { zone: event.timeZone });
  const [hour, minute] = (startTime ?? start.toFormat('HH:mm')).split(':').map(Number);
  const newStart = start.set({ hour, minute, second: 0, millisecond: 0 });
  const minutes = durationMinutes ?? Math.round((event.endsAt.getTime() - event.startsAt.getTime()) / 60_000);
  // The start as wall-clock time in the event's zone (read there), the end as the instant that far after it.
  update.startsAt = newStart.toFormat("yyyy-MM-dd'T'HH:mm");
  update.endsAt = DateTime.fromISO(newStart.toFormat("yyyy-MM-dd'T'HH:mm"), { zone: event.timeZone })
    .plus({ minutes })
    .toUTC()
    .toISO()!;
  return update;
}
