import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from '../../common/http.js';
import { matchesIfNoneMatch } from '../../common/not-modified.js';
import { Public } from '../../common/auth/decorators.js';
import { ClinicFeeds } from './clinic-feed.service.js';

/**
 * `GET /clinics/:slug/events.ics`: the clinic's upcoming events as a calendar people subscribe to. A
 * calendar app asks again with If-None-Match and gets 304 until an event changes; caches may keep it a
 * few minutes.
 */
@ApiExcludeController()
@Public()
@Controller()
export class ClinicFeedController {
  constructor(private readonly feeds: ClinicFeeds) {}

  @Get('clinics/:slug/events.ics')
  async feed(
    @Param('slug') slug: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() response: Response,
  ) {
    const { ics, etag, slug: clinicSlug } = await this.feeds.forClinic(slug);
    response.header('ETag', etag);
    response.header('Cache-Control', 'public, max-age=300');
    response.header('X-Content-Type-Options', 'nosniff');
    if (matchesIfNoneMatch(ifNoneMatch, etag)) {
      response.status(304).send();
      return;
    }
    response.header('Content-Type', 'text/calendar; charset=utf-8');
    response.header('Content-Disposition', `inline; filename="${clinicSlug}.ics"`);
    response.status(200).send(ics);
  }
}
