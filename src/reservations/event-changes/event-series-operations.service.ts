import type { Clinic } from '../../clinics/clinic.entity.js';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { Clock } from '../../common/clock.js';
import { toLocalIso } from '../../common/event-time.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type {
  CancelledEventSeriesView,
  CreateEventSeriesDto,
  EventSeriesView,
  SeriesPreviewView,
  UpdatedEventSeriesView,
  UpdateEventSeriesDto,
} from '../../events/dto/event-series.dto.js';
import { toStaffEventView } from '../../events/dto/event-views.js';
import { assertCapacityAtLeastConfirmed, assertEditable } from '../../events/event-rules.js';
import { EventSeriesService, eventsStillToCome } from '../../events/series/event-series.service.js';
import { eventChangeForSeries } from '../../events/series/series-changes.js';
import { EventOperationsService } from './event-operations.service.js';

/** Recurring events as staff see them (with their waiting lists), and changing or cancelling what is left of a series. */
@Injectable()
export class EventSeriesOperationsService {
  constructor(
    private readonly series: EventSeriesService,
    private readonly operations: EventOperationsService,
    private readonly clock: Clock,
  ) {}

  async create(clinic: Clinic, input: CreateEventSeriesDto, actor: Actor): Promise<EventSeriesView> {
    const { seriesId, events } = await this.series.createSeries(clinic, input, actor);
    return { seriesId, events: events.map((event) => toStaffEventView(event, clinic, 0)) };
  }

  /** What create would make from the same input, made of nothing. */
  async preview(clinic: Clinic, input: CreateEventSeriesDto, actor: Actor): Promise<SeriesPreviewView> {
    const { timeZone, events } = await this.series.previewSeries(clinic, input, actor);
    return {
      timeZone,
      occurrences: events.map((event) => {
        const startsAt = new Date(event.startsAt);
        const endsAt = new Date(event.endsAt);
        return {
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          localStartsAt: toLocalIso(startsAt, timeZone),
          localEndsAt: toLocalIso(endsAt, timeZone),
        };
      }),
    };
  }

  async view(clinic: Clinic, seriesId: string, actor: Actor): Promise<EventSeriesView> {
    const { events } = await this.series.getSeries(seriesId, actor, clinic.slug);
    return { seriesId, events: await this.operations.staffViews(clinic, events) };
  }

  /**
   * Changes every event of the series that has not started yet, each exactly as editing it alone would
   * (attendees told of what they see, reminders moved). A capacity below an event's confirmed seats is
   * refused before anything changes; then each event is its own transaction, as cancelling is.
   */
  async updateFuture(seriesId: string, changes: UpdateEventSeriesDto, actor: Actor): Promise<UpdatedEventSeriesView> {
    const { events } = await this.series.getSeries(seriesId, actor);
    const future = eventsStillToCome(events, this.clock.now());
    for (const event of future) {
      assertEditable(event);
      if (changes.capacity !== undefined) assertCapacityAtLeastConfirmed(event, changes.capacity);
    }
    const updatedEventIds: string[] = [];
    for (const event of future) {
      await this.operations.update(event.id, eventChangeForSeries(event, changes), actor);
      updatedEventIds.push(event.id);
    }
    const { clinic, events: after } = await this.series.getSeries(seriesId, actor);
    return { seriesId, updatedEventIds, events: await this.operations.staffViews(clinic, after) };
  }

  /**
   * Cancels every event of the series that has not started yet, each exactly as cancelling it alone
   * would (its reservations cancelled, attendees told with the reason, reminders dropped; the series' own
   * events are not offered instead). Each is its own transaction: events already cancelled stay cancelled
   * if a later one fails, and asking again finishes the job.
   */
  async cancel(seriesId: string, actor: Actor, reason?: string): Promise<CancelledEventSeriesView> {
    const { events } = await this.series.getSeries(seriesId, actor);
    const notOffered = events.map((event) => event.id);
    const cancelledEventIds: string[] = [];
    for (const event of eventsStillToCome(events, this.clock.now())) {
      try {
        await this.operations.cancelEvent(event.id, actor, { reason, notOffered });
        cancelledEventIds.push(event.id);
      } catch (error) {
        // Cancelled (or completed) by someone else since we read the series: nothing left to do for it.
        if (error instanceof DomainError && error.code === 'INVALID_STATUS_TRANSITION') continue;
        throw error;
      }
    }
    const { clinic, events: after } = await this.series.getSeries(seriesId, actor);
    return { seriesId, cancelledEventIds, events: await this.operations.staffViews(clinic, after) };
  }
}
