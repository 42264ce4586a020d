import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor, RouteClinic, StaffOfClinic } from '../../common/auth/decorators.js';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { CancelEventDto } from '../../events/dto/cancel-event.dto.js';
import {
  CancelledEventSeriesView,
  CreateEventSeriesDto,
  EventSeriesView,
  SeriesPreviewView,
  UpdatedEventSeriesView,
  UpdateEventSeriesDto,
} from '../../events/dto/event-series.dto.js';
import { ApiErrors, STAFF_ROUTE, VALIDATION } from '../../common/openapi/api-errors.js';
import { EventSeriesOperationsService } from './event-series-operations.service.js';

/** Recurring events: admins and the clinic's staff schedule a series, look at it, change and cancel what is left of it. */
@ApiTags('staff: event series')
@ApiBearerAuth()
@ApiErrors(STAFF_ROUTE)
@Controller()
export class EventSeriesController {
  constructor(private readonly series: EventSeriesOperationsService) {}

  @StaffOfClinic({ slugParam: 'slug' })
  @ApiOperation({
    summary: 'Create a series of events from a recurrence rule',
    description:
      'Admins, or staff of the clinic. `event` takes the fields of POST /api/clinics/{slug}/events, its times (and registration ' +
      'window, if given) being those of the first occurrence; `recurrence.rule` is an RFC 5545 RRULE without DTSTART, with COUNT or ' +
      'UNTIL, at most 52 occurrences, no HOURLY/MINUTELY/SECONDLY and no BYHOUR/BYMINUTE/BYSECOND. Every occurrence keeps the ' +
      "same local wall-clock time in the event's time zone across daylight-saving changes and lasts as long as the first." +
      ' One event per occurrence, sharing the new seriesId, created in one transaction or none; `publish: true` publishes them all.',
  })
  @ApiCreatedResponse({ type: EventSeriesView })
  @ApiErrors({
    400: 'VALIDATION_FAILED: details.fields[].field is recurrence.rule for a rule that is unreadable, unbounded, too long or yields no occurrence, or event.startsAt when the start is not the first occurrence of the rule; INPUT_TOO_DEEP',
    404: 'NOT_FOUND: no such clinic',
    409: 'EVENT_ALREADY_STARTED: publishing a series whose first occurrence has started; INVALID_SCHEDULE',
  })
  @ApiParam({ name: 'slug', description: "the clinic's slug" })
  @Post('clinics/:slug/event-series')
  create(
    @RouteClinic() clinic: Clinic,
    @Body() body: CreateEventSeriesDto,
    @CurrentActor() actor: Actor,
  ): Promise<EventSeriesView> {
    return this.series.create(clinic, body, actor);
  }

  /** The events the same body would create, in start order, without creating anything. */
  @StaffOfClinic({ slugParam: 'slug' })
  @ApiOperation({
    summary: 'Preview a series without creating it',
    description:
      'Admins, or staff of the clinic. `event` takes the fields of POST /api/clinics/{slug}/events, its times (and registration ' +
      'window, if given) being those of the first occurrence; `recurrence.rule` is an RFC 5545 RRULE without DTSTART, with COUNT or ' +
      'UNTIL, at most 52 occurrences, no HOURLY/MINUTELY/SECONDLY and no BYHOUR/BYMINUTE/BYSECOND. Every occurrence keeps the ' +
      "same local wall-clock time in the event's time zone across daylight-saving changes and lasts as long as the first." +
      ' Answers the occurrences the same body would create, in start order; creates nothing.',
  })
  @ApiOkResponse({ type: SeriesPreviewView })
  @ApiErrors({
    400: 'VALIDATION_FAILED: details.fields[].field is recurrence.rule for a rule that is unreadable, unbounded, too long or yields no occurrence, or event.startsAt when the start is not the first occurrence of the rule; INPUT_TOO_DEEP',
    404: 'NOT_FOUND: no such clinic',
    409: 'INVALID_SCHEDULE',
  })
  @ApiParam({ name: 'slug', description: "the clinic's slug" })
  @Post('clinics/:slug/event-series/preview')
  @HttpCode(200)
  preview(
    @RouteClinic() clinic: Clinic,
    @Body() body: CreateEventSeriesDto,
    @CurrentActor() actor: Actor,
  ): Promise<SeriesPreviewView> {
    return this.series.preview(clinic, body, actor);
  }

  @StaffOfClinic({ slugParam: 'slug' })
  @ApiOperation({ summary: 'Read a series', description: "The series' events in start order, in every status." })
  @ApiOkResponse({ type: EventSeriesView })
  @ApiErrors({ 404: 'NOT_FOUND: no such clinic, or the clinic has no such series' })
  @ApiParam({ name: 'slug', description: "the clinic's slug" })
  @Get('clinics/:slug/event-series/:seriesId')
  view(
    @RouteClinic() clinic: Clinic,
    @Param('seriesId', UuidParam('Event series')) seriesId: string,
    @CurrentActor() actor: Actor,
  ): Promise<EventSeriesView> {
    return this.series.view(clinic, seriesId, actor);
  }

  /** Changes every event of the series still to come (title, description, time of day, length, seats…). */
  @ApiOperation({
    summary: 'Change the events of a series still to come',
    description:
      'Applies the same change (title, description, time of day, length, place, join URL, seats, party size, waiting list, ' +
      'reminders) to every event of the series that has not started; started and ended events are left alone. Attendees of a ' +
      'changed event get an updated invite, as with PATCH /api/events/{id}.',
  })
  @ApiOkResponse({ type: UpdatedEventSeriesView })
  @ApiErrors({
    400: VALIDATION,
    404: 'NOT_FOUND: no such series',
    409: "CAPACITY_BELOW_CONFIRMED: below an event's confirmed seats; INVALID_SCHEDULE",
  })
  @Patch('event-series/:seriesId')
  update(
    @Param('seriesId', UuidParam('Event series')) seriesId: string,
    @Body() body: UpdateEventSeriesDto,
    @CurrentActor() actor: Actor,
  ): Promise<UpdatedEventSeriesView> {
    return this.series.updateFuture(seriesId, body, actor);
  }

  @ApiOperation({
    summary: 'Cancel the rest of a series',
    description:
      'Cancels every event of the series that has not started (draft or published) like POST /api/events/{id}/cancel; events ' +
      'that have started or ended are left alone. Asking again cancels nothing more (`cancelledEventIds: []`).',
  })
  @ApiOkResponse({ type: CancelledEventSeriesView })
  @ApiErrors({ 400: VALIDATION, 404: 'NOT_FOUND: no such series' })
  @Post('event-series/:seriesId/cancel')
  @HttpCode(200)
  cancel(
    @Param('seriesId', UuidParam('Event series')) seriesId: string,
    @Body() body: CancelEventDto,
    @CurrentActor() actor: Actor,
  ): Promise<CancelledEventSeriesView> {
    return this.series.cancel(seriesId, actor, body?.reason);
  }
}
