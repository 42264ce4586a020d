import { Controller, Get, Param, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation/uuid-param.js';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors, BAD_QUERY } from '../common/openapi/api-errors.js';
import { Public } from '../common/auth/decorators.js';
import { ListEventsQuery } from './dto/event.dto.js';
import { PublicEventView, toPublicEventView } from './dto/event-views.js';
import { EventsService } from './events.service.js';

export class EventPage {
  @ApiProperty({ type: [PublicEventView] }) items: PublicEventView[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({ description: 'events matching the filters, on every page' }) total: number;
}

/** The public catalogue: what anyone browsing for a seminar or webinar sees. */
@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Public()
@ApiOperation({
  summary: 'List upcoming public events',
  description:
    'Published events whose end is in the future, sorted by start then id; filter by clinic slug, kind and start (`from` ' +
    'inclusive, `to` exclusive), a page at a time (pageSize 1..100, default 20). Never a join URL.',
})
@ApiOkResponse({ type: EventPage })
@ApiErrors({ 400: BAD_QUERY })
  @Get()
  async list(@Query() query: ListEventsQuery): Promise<EventPage> {
    const now = new Date();
    const { items, total } = await this.events.listPublic(query, now);
    return { items: items.map((event) => toPublicEventView(event, event.clinic, now)), page: query.page, pageSize: query.pageSize, total };
  }

  @Public()
@ApiOperation({ summary: 'Read a public event', description: 'A published, completed or cancelled event (drafts are not found). Never the join URL.' })
@ApiOkResponse({ type: PublicEventView })
@ApiErrors({ 404: 'NOT_FOUND: no such event, or a draft' })
  @Get(':id')
  async get(@Param('id', UuidParam('Event')) id: string): Promise<PublicEventView> {
    const { event, clinic } = await this.events.getPublic(id);
    return toPublicEventView(event, clinic);
  }
}
