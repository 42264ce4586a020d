import { Controller, Get, Param, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation/uuid-param.js';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/decorators.js';
import { ListEventsQuery } from './dto/event.dto.js';
import { PublicEventView, toPublicEventView } from './dto/event-views.js';
import { EventsService } from './events.service.js';

export class EventPage {
  items: PublicEventView[];
  page: number;
  pageSize: number;
  total: number;
}

/** The public catalogue: what anyone browsing for a seminar or webinar sees. */
@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Public()
  @Get()
  async list(@Query() query: ListEventsQuery): Promise<EventPage> {
    const now = new Date();
    const { items, total } = await this.events.listPublic(query, now);
    return { items: items.map((event) => toPublicEventView(event, event.clinic, now)), page: query.page, pageSize: query.pageSize, total };
  }

  @Public()
  @Get(':id')
  async get(@Param('id', UuidParam('Event')) id: string): Promise<PublicEventView> {
    const { event, clinic } = await this.events.getPublic(id);
    return toPublicEventView(event, clinic);
  }
}
