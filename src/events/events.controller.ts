import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { UuidParam } from '../common/validation/uuid-param.js';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors, BAD_QUERY } from '../common/openapi/api-errors.js';
import { Public } from '../common/auth/decorators.js';
import { CATALOGUE_COUNT_CAP } from './catalogue-page.js';
import { ListEventsQueryDto } from './dto/event.dto.js';
import { PublicEventView, toPublicEventView } from './dto/event-views.js';
import { EventsService } from './events.service.js';
import type { Response } from '../common/http.js';

export class EventPage {
  @ApiProperty({ type: [PublicEventView] }) items: PublicEventView[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({
    description:
      `events matching the filters, on every page, counted up to ${CATALOGUE_COUNT_CAP} or to the end of this page ` +
      'when that is further; when `totalExact` is false, more than `total` events match',
    example: 42,
  })
  total: number;
  @ApiProperty({
    description: `true when \`total\` is the exact count; false when the count stopped there ("more than ${CATALOGUE_COUNT_CAP}")`,
    example: true,
  })
  totalExact: boolean;
}

/**
 * How long a browser or a shared cache may reuse a catalogue answer without asking. The answer is the same for
 * everyone who asks (the public view, never a join URL), so shared caches may keep it; kept short because seats
 * left and "registration open" move. After that the client revalidates: every answer carries a weak ETag (a
 * hash of the body, @fastify/etag in app.factory.ts), and one whose If-None-Match names it gets 304 without the body.
 * Set by the handler once its answer is known, so an error (404, 400) is never marked cacheable. (Not an
 * interceptor: on GET /api/events/:id Nest's interceptor machinery, rxjs, took ~4 % of the app's CPU.)
 */
const PUBLIC_CACHE = 'public, max-age=30';

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
      'inclusive, `to` exclusive), a page at a time (pageSize 1..100, default 20). The total is counted up to ' +
      `${CATALOGUE_COUNT_CAP} events (or to the end of the asked page): \`totalExact: false\` means more match. Never a join URL.`,
  })
  @ApiOkResponse({ type: EventPage })
  @ApiErrors({ 400: BAD_QUERY })
  @Get()
  async list(@Query() query: ListEventsQueryDto, @Res({ passthrough: true }) response: Response): Promise<EventPage> {
    const now = new Date();
    const { items, total, totalExact } = await this.events.listPublicFields(query, now);
    const page: EventPage = {
      items: items.map(({ event, clinic }) => toPublicEventView(event, clinic, now)),
      page: query.page,
      pageSize: query.pageSize,
      total,
      totalExact,
    };
    response.header('Cache-Control', PUBLIC_CACHE);
    return page;
  }

  @Public()
  @ApiOperation({
    summary: 'Read a public event',
    description: 'A published, completed or cancelled event (drafts are not found). Never the join URL.',
  })
  @ApiOkResponse({ type: PublicEventView })
  @ApiErrors({ 404: 'NOT_FOUND: no such event, or a draft' })
  @Get(':id')
  async get(
    @Param('id', UuidParam('Event')) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PublicEventView> {
    const { event, clinic } = await this.events.getPublicFields(id);
    const view = toPublicEventView(event, clinic);
    response.header('Cache-Control', PUBLIC_CACHE);
    return view;
  }
}
