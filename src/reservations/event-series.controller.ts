import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor, StaffOfClinic } from '../common/auth/decorators.js';
import { UuidParam } from '../common/validation/uuid-param.js';
import { CancelEventDto } from '../events/dto/cancel-event.dto.js';
import {
  CancelledEventSeriesView,
  CreateEventSeriesDto,
  EventSeriesView,
  SeriesPreviewView,
  UpdatedEventSeriesView,
  UpdateEventSeriesDto,
} from '../events/dto/event-series.dto.js';
import { EventSeriesOperationsService } from './event-series-operations.service.js';

/** Recurring events: admins and the clinic's staff schedule a series, look at it, change and cancel what is left of it. */
@ApiTags('staff: event series')
@ApiBearerAuth()
@Controller()
export class EventSeriesController {
  constructor(private readonly series: EventSeriesOperationsService) {}

  @StaffOfClinic({ slugParam: 'slug' })
  @Post('clinics/:slug/event-series')
  create(@Param('slug') slug: string, @Body() body: CreateEventSeriesDto, @CurrentActor() actor: Actor): Promise<EventSeriesView> {
    return this.series.create(slug, body, actor);
  }

  /** The events the same body would create, in start order, without creating anything. */
  @StaffOfClinic({ slugParam: 'slug' })
  @Post('clinics/:slug/event-series/preview')
  @HttpCode(200)
  preview(@Param('slug') slug: string, @Body() body: CreateEventSeriesDto, @CurrentActor() actor: Actor): Promise<SeriesPreviewView> {
    return this.series.preview(slug, body, actor);
  }

  @StaffOfClinic({ slugParam: 'slug' })
  @Get('clinics/:slug/event-series/:seriesId')
  view(
    @Param('slug') slug: string,
    @Param('seriesId', UuidParam('Event series')) seriesId: string,
    @CurrentActor() actor: Actor,
  ): Promise<EventSeriesView> {
    return this.series.view(slug, seriesId, actor);
  }

  /** Changes every event of the series still to come (title, description, time of day, length, seats…). */
  @Patch('event-series/:seriesId')
  update(
    @Param('seriesId', UuidParam('Event series')) seriesId: string,
    @Body() body: UpdateEventSeriesDto,
    @CurrentActor() actor: Actor,
  ): Promise<UpdatedEventSeriesView> {
    return this.series.updateFuture(seriesId, body, actor);
  }

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
