import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor, StaffOfClinic } from '../common/auth/decorators.js';
import { UuidParam } from '../common/validation/uuid-param.js';
import { CancelledEventSeriesView, CreateEventSeriesDto, EventSeriesView } from '../events/dto/event-series.dto.js';
import { EventSeriesOperationsService } from './event-series-operations.service.js';

/** Recurring events: admins and the clinic's staff schedule a series, look at it, and cancel what is left of it. */
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

  @StaffOfClinic({ slugParam: 'slug' })
  @Get('clinics/:slug/event-series/:seriesId')
  view(
    @Param('slug') slug: string,
    @Param('seriesId', UuidParam('Event series')) seriesId: string,
    @CurrentActor() actor: Actor,
  ): Promise<EventSeriesView> {
    return this.series.view(slug, seriesId, actor);
  }

  @Post('event-series/:seriesId/cancel')
  @HttpCode(200)
  cancel(@Param('seriesId', UuidParam('Event series')) seriesId: string, @CurrentActor() actor: Actor): Promise<CancelledEventSeriesView> {
    return this.series.cancel(seriesId, actor);
  }
}
