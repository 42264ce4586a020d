import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from '../../common/http.js';
import { Public } from '../../common/auth/decorators.js';
import { PRIVATE_PAGE } from '../view/page-headers.js';
import { PageRenderer } from '../view/page-renderer.js';
import { JoinPages } from './join-pages.service.js';

/**
 * A webinar attendee's personal join link (issue 9), given in every e-mail, invite and page instead of the
 * meeting's URL. A confirmed seat inside the window is sent on (303) to the meeting, and the first such use
 * is the check-in; every other case is a page saying why, without the meeting's URL. Every answer is private:
 * never cached, indexed or referred (the URL is a key, and the meeting's URL must not leak as a Referer).
 */
@ApiExcludeController()
@Public()
@Controller('join')
export class JoinPageController {
  constructor(
    private readonly join: JoinPages,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':token')
  async open(@Param('token') token: string, @Req() request: Request, @Res() response: Response) {
    const page = await this.join.open(token, { record: isAPersonOpening(request) });
    if ('redirectTo' in page) return this.pages.redirect(response, page.redirectTo, PRIVATE_PAGE);
    this.pages.send(response, page.template, page.model, {
      policy: PRIVATE_PAGE,
      locale: page.locale,
      status: page.status,
    });
  }
}

/**
 * A HEAD request (link checkers, some mail scanners) or a browser's speculative prefetch is not someone
 * joining: it gets the same answer but records no check-in.
 */
function isAPersonOpening(request: Request): boolean {
  if (request.method !== 'GET') return false;
  const purpose = [request.headers['sec-purpose'], request.headers.purpose, request.headers['x-moz']].join(' ');
  return !/prefetch|prerender|preview/i.test(purpose);
}
