import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/auth/actor.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { CancelledEventSeriesView, CreateEventSeriesDto, EventSeriesView } from '../events/dto/event-series.dto.js';
import { toStaffEventView } from '../events/dto/event-views.js';
import { EventSeriesService, eventsStillToCome } from '../events/event-series.service.js';
import { EventOperationsService } from './event-operations.service.js';

/** Recurring events as staff see them (with their waiting lists), and cancelling what is left of a series. */
@Injectable()
export class EventSeriesOperationsService {
  constructor(
    private readonly series: EventSeriesService,
    private readonly operations: EventOperationsService,
  ) {}

  async create(clinicSlug: string, input: CreateEventSeriesDto, actor: Actor): Promise<EventSeriesView> {
    const { seriesId, clinic, events } = await this.series.createSeries(clinicSlug, input, actor);
    return { seriesId, events: events.map((event) => toStaffEventView(event, clinic, 0)) };
  }

  async view(clinicSlug: string, seriesId: string, actor: Actor): Promise<EventSeriesView> {
    const { clinic, events } = await this.series.getSeries(seriesId, actor, clinicSlug);
    return { seriesId, events: await this.operations.staffViews(clinic, events) };
  }

  /**
   * Cancels every event of the series that has not started yet, each exactly as cancelling it alone
   * would (its reservations cancelled, attendees told, reminders dropped). Each is its own transaction:
   * events already cancelled stay cancelled if a later one fails, and asking again finishes the job.
   */
  async cancel(seriesId: string, actor: Actor): Promise<CancelledEventSeriesView> {
    const { events } = await this.series.getSeries(seriesId, actor);
    const cancelledEventIds: string[] = [];
    for (const event of eventsStillToCome(events, new Date())) {
      try {
        await this.operations.cancelEvent(event.id, actor);
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
