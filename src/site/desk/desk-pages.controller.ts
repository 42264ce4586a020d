import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { pathOf, type Request, type Response } from '../../common/http.js';
import { StaffPage } from '../../common/auth/decorators.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { httpStatusOf } from '../../common/errors/error-codes.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { EventsService } from '../../events/events.service.js';
import { MessageLogService } from '../../notifications/message-log/message-log.service.js';
import { EventOperationsService } from '../../reservations/event-changes/event-operations.service.js';
import { CheckInService } from '../../reservations/front-desk/check-in.service.js';
import { confirmationCodeFrom } from '../../reservations/front-desk/confirmation-code-input.js';
import { ManualPromotionService } from '../../reservations/front-desk/manual-promotion.service.js';
import { StaffCancellationService } from '../../reservations/front-desk/staff-cancellation.service.js';
import { WalkInsService } from '../../reservations/front-desk/walk-ins.service.js';
import type { SignedInRequest, SignedInStaff } from '../back-office/signed-in.js';
import { StaffPageGate } from '../back-office/session/staff-page-gate.js';
import { PRIVATE_PAGE } from '../view/page-headers.js';
import { PageRenderer } from '../view/page-renderer.js';
import {
  type FormArea,
  fieldProblems,
  type PageProblem,
  problemFromError,
  roomOverride,
  readOverbooking,
  readWalkIn,
  text,
  validateCancelReason,
  validateCapacity,
  validateOverbooking,
  validateWalkIn,
} from './desk-forms.js';
import { OverbookingService } from '../../reservations/overbooking/overbooking.service.js';
import { CODE_PROBLEMS, DeskPages, DONE, type Done, type DoorState } from './desk-pages.service.js';
import type { Words } from './desk-presenter.js';

type DeskRequest = Request & SignedInRequest;

/**
 * The staff pages (issue 8): "today" at /staff and one event's door page at /staff/events/:id, where the
 * front desk finds attendees (a scanned or typed code checks a confirmed attendee in at once), checks them
 * in or takes it back, adds walk-ins, changes the capacity, gives waitlisted people a seat, cancels with a
 * reason, downloads the list and resends failed e-mails. Plain forms, POST-redirect-GET back to the same
 * search; a refusal shows the page again with why, beside the form it concerns.
 */
@ApiExcludeController()
@StaffPage()
@Controller('staff')
export class DeskPagesController {
  constructor(
    private readonly desk: DeskPages,
    private readonly checkIns: CheckInService,
    private readonly walkIns: WalkInsService,
    private readonly promotions: ManualPromotionService,
    private readonly cancellations: StaffCancellationService,
    private readonly operations: EventOperationsService,
    private readonly events: EventsService,
    private readonly messages: MessageLogService,
    private readonly overbookingSettings: OverbookingService,
    private readonly gate: StaffPageGate,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async today(@Query('clinic') clinic: unknown, @Req() request: DeskRequest, @Res() response: Response) {
    const words = this.desk.words(request);
    const slug = typeof clinic === 'string' && clinic !== '' ? clinic : undefined;
    const model = await this.desk.today(this.me(request).actor, slug, words);
    this.send(request, response, 'desk/today', model, words);
  }

  @Get('events/:id')
  async door(
    @Param('id', UuidParam('Event')) id: string,
    @Query() query: Record<string, unknown>,
    @Req() request: DeskRequest,
    @Res() response: Response,
  ) {
    const state: DoorState = {
      query: typeof query.q === 'string' ? query.q.slice(0, 200) : '',
      done: DONE.find((done) => done === query.done),
      who: typeof query.who === 'string' && /^[0-9a-f-]{36}$/i.test(query.who) ? query.who : undefined,
      codeProblem: CODE_PROBLEMS.find((code) => code === query.problem),
    };
    await this.renderDoor(request, response, id, state);
  }

  /**
   * The search box. A confirmation code (typed, or a scanner's code + Enter) of a confirmed attendee checks
   * them in at once; anything else shows the matches. Either way the browser lands on the door page again.
   */
  @Post('events/:id/find')
  async find(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: DeskRequest,
    @Res() response: Response,
  ) {
    const typed = text(body, 'q', 200).trim();
    const code = confirmationCodeFrom(typed);
    const now = new Date();
    try {
      // Staff of another clinic get the 403 page here too, not a redirect that would refuse them one step later.
      if (!code) {
        await this.events.getForStaff(id, this.me(request).actor);
        return this.back(response, id, typed);
      }
      const row = await this.checkIns.checkInByCode(id, typed, this.me(request).actor, now);
      const done: Done = row.checkedInAt === now.toISOString() ? 'checkedIn' : 'alreadyCheckedIn';
      return this.back(response, id, code, { done, who: row.id });
    } catch (error) {
      if (error instanceof DomainError && httpStatusOf(error.code) === 403)
        return this.refuse(request, response, error);
      const shown = error instanceof DomainError ? CODE_PROBLEMS.find((c) => c === error.code) : undefined;
      if (shown) return this.back(response, id, code ?? typed, { problem: shown });
      if (error instanceof DomainError && error.code === 'ROOM_FULL') {
        // A full room: say so, with the override as a button that checks the same reservation in.
        const rid = (error.details as { reservationId?: string }).reservationId;
        const words = this.desk.words(request);
        const { event } = await this.events.getForStaff(id, this.me(request).actor);
        const problem = problemFromError(error, 'top', event, words.t, words.locale)!;
        problem.override = roomOverride(`/staff/events/${id}/reservations/${rid}/check-in`, { q: code ?? typed });
        return this.renderDoor(request, response, id, { query: code ?? typed, problem });
      }
      if (error instanceof DomainError && ['NOT_FOUND', 'CODE_FOR_ANOTHER_EVENT'].includes(error.code))
        return this.back(response, id, typed);
      throw error;
    }
  }

  @Post('events/:id/reservations/:reservationId/check-in')
  async checkIn(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) rid: string,
    @Body() body: Record<string, unknown>,
    @Req() request: DeskRequest,
    @Res() response: Response,
  ) {
    await this.act(request, response, id, body, 'top', async (actor) => {
      await this.checkIns.checkIn(id, rid, actor, undefined, body.overrideCapacity === '1');
      return { done: 'checkedIn', who: rid };
    });
  }

  @Post('events/:id/reservations/:reservationId/undo-check-in')
  async undoCheckIn(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) rid: string,
    @Body() body: Record<string, unknown>,
    @Req() request: DeskRequest,
    @Res() response: Response,
  ) {
    await this.act(request, response, id, body, 'top', async (actor) => {
      await this.checkIns.undoCheckIn(id, rid, actor);
      return { done: 'undone', who: rid };
    });
  }

  @Post('events/:id/reservations/:reservationId/promote')
  async promote(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) rid: string,
    @Body() body: Record<string, unknown>,
    @Req() request: DeskRequest,
    @Res() response: Response,
  ) {
    await this.act(request, response, id, body, 'top', async (actor) => {
      await this.promotions.promote(id, rid, actor);
      return { done: 'promoted', who: rid };
    });
  }

  @Post('events/:id/walk-ins')
  async walkIn(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: DeskRequest,
    @Res() response: Response,
  ) {
    const form = readWalkIn(body);
    const { input, fields } = await validateWalkIn(form);
    const words = this.desk.words(request);
    if (!input)
      return this.renderDoor(request, response, id, {
        query: text(body, 'q', 200),
        walkIn: form,
        problem: fieldProblems('walkIn', fields, words.t),
      });
    await this.act(
      request,
      response,
      id,
      body,
      'walkIn',
      async (actor) => {
        const row = await this.walkIns.addWalkIn(
          id,
          { ...input, overrideCapacity: body.overrideCapacity === '1' },
          actor,
        );
        return { done: 'walkedIn', who: row.id, query: row.confirmationCode };
      },
      { walkIn: form },
    );
  }

  @Post('events/:id/capacity')
  async capacity(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: DeskRequest,
    @Res() response: Response,
  ) {
    const value = text(body, 'capacity', 20);
    const { input, fields } = await validateCapacity(value);
    const words = this.desk.words(request);
    if (!input)
      return this.renderDoor(request, response, id, {
        query: text(body, 'q', 200),
        capacity: value,
        problem: fieldProblems('capacity', fields, words.t),
      });
    await this.act(
      request,
      response,
      id,
      body,
      'capacity',
      async (actor) => {
        await this.operations.changeCapacity(id, input.capacity, actor);
        return { done: 'capacity' };
      },
      { capacity: value },
    );
  }

  /** Overbooking (issue 9): on or off, the most seats beyond the room, and the accepted risk of a full door. */
  @Post('events/:id/overbooking')
  async overbooking(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: DeskRequest,
    @Res() response: Response,
  ) {
    const form = readOverbooking(body);
    const { input, fields } = await validateOverbooking(form);
    if (!input)
      return this.renderDoor(request, response, id, {
        query: text(body, 'q', 200),
        overbooking: form,
        problem: fieldProblems('overbooking', fields, this.desk.words(request).t),
      });
    await this.act(
      request,
      response,
      id,
      body,
      'overbooking',
      async (actor) => {
        await this.overbookingSettings.configure(id, input, actor);
        return { done: 'overbooking', anchor: 'overbooking' };
      },
      { overbooking: form },
    );
  }

  @Get('events/:id/reservations/:reservationId/cancel')
  async cancelForm(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) rid: string,
    @Query('q') q: unknown,
    @Req() request: DeskRequest,
    @Res() response: Response,
  ) {
    await this.renderCancel(request, response, id, rid, {
      query: typeof q === 'string' ? q.slice(0, 200) : '',
      reason: '',
    });
  }

  @Post('events/:id/reservations/:reservationId/cancel')
  async cancel(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) rid: string,
    @Body() body: Record<string, unknown>,
    @Req() request: DeskRequest,
    @Res() response: Response,
  ) {
    const reason = text(body, 'reason', 600);
    const query = text(body, 'q', 200);
    const words = this.desk.words(request);
    const { input, fields } = await validateCancelReason(reason);
    if (!input)
      return this.renderCancel(request, response, id, rid, {
        query,
        reason,
        problem: fieldProblems('cancel', fields, words.t),
      });
    try {
      await this.cancellations.cancel(id, rid, input.reason ?? undefined, this.me(request).actor);
      this.back(response, id, query, { done: 'cancelled', who: rid });
    } catch (error) {
      if (error instanceof DomainError && httpStatusOf(error.code) === 403)
        return this.refuse(request, response, error);
      const { event } = await this.events.getForStaff(id, this.me(request).actor);
      const problem = problemFromError(error, 'cancel', event, words.t, words.locale);
      if (!problem) throw error;
      await this.renderCancel(request, response, id, rid, { query, reason, problem });
    }
  }

  @Post('events/:id/messages/:messageId/retry')
  async retry(
    @Param('id', UuidParam('Event')) id: string,
    @Param('messageId', UuidParam('Message')) messageId: string,
    @Body() body: Record<string, unknown>,
    @Req() request: DeskRequest,
    @Res() response: Response,
  ) {
    await this.act(request, response, id, body, 'top', async (actor) => {
      const { event } = await this.events.getForStaff(id, actor);
      await this.messages.retry(event.clinicId, messageId, actor);
      return { done: 'retried', anchor: 'messages' };
    });
  }

  @Get('events/:id/attendees.csv')
  async csv(@Param('id', UuidParam('Event')) id: string, @Req() request: DeskRequest, @Res() response: Response) {
    try {
      const { filename, csv } = await this.operations.exportAttendees(id, this.me(request).actor);
      response
        .status(200)
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${filename}"`)
        .header('Cache-Control', 'no-store')
        .header('X-Robots-Tag', 'noindex, nofollow')
        .send(csv);
    } catch (error) {
      if (error instanceof DomainError && httpStatusOf(error.code) === 403)
        return this.refuse(request, response, error);
      throw error;
    }
  }

  /** Runs one change and goes back to the door page (303); a refusal the page can show renders it with why. */
  private async act(
    request: DeskRequest,
    response: Response,
    id: string,
    body: Record<string, unknown>,
    area: FormArea,
    change: (actor: SignedInStaff['actor']) => Promise<{ done: Done; who?: string; query?: string; anchor?: string }>,
    kept: Partial<DoorState> = {},
  ): Promise<void> {
    const query = text(body, 'q', 200);
    try {
      const outcome = await change(this.me(request).actor);
      this.back(response, id, outcome.query ?? query, { done: outcome.done, who: outcome.who }, outcome.anchor);
    } catch (error) {
      if (error instanceof DomainError && httpStatusOf(error.code) === 403)
        return this.refuse(request, response, error);
      const words = this.desk.words(request);
      const { event } = await this.events.getForStaff(id, this.me(request).actor);
      const problem = problemFromError(error, area, event, words.t, words.locale);
      if (!problem) throw error;
      if (error instanceof DomainError && error.code === 'ROOM_FULL')
        problem.override = roomOverride(pathOf(request), body);
      await this.renderDoor(request, response, id, { query, problem, ...kept });
    }
  }

  private async renderDoor(request: DeskRequest, response: Response, id: string, state: DoorState): Promise<void> {
    const words = this.desk.words(request);
    try {
      const model = await this.desk.door(this.me(request).actor, id, state, words);
      this.send(request, response, 'desk/event', model, words, state.problem?.status ?? 200);
    } catch (error) {
      if (error instanceof DomainError && httpStatusOf(error.code) === 403)
        return this.refuse(request, response, error);
      throw error;
    }
  }

  private async renderCancel(
    request: DeskRequest,
    response: Response,
    id: string,
    rid: string,
    form: { query: string; reason: string; problem?: PageProblem },
  ): Promise<void> {
    const words = this.desk.words(request);
    try {
      const model = await this.desk.cancelPage(this.me(request).actor, id, rid, words, form);
      this.send(request, response, 'desk/cancel', model, words, form.problem?.status ?? 200);
    } catch (error) {
      if (error instanceof DomainError && httpStatusOf(error.code) === 403)
        return this.refuse(request, response, error);
      throw error;
    }
  }

  /**
   * POST-redirect-GET to the door page, keeping the search and saying what happened. No #fragment for the
   * person: a page opened at a fragment loses its autofocus, and the search box must have the focus for
   * the next scan (the person changed is shown highlighted instead).
   */
  private back(
    response: Response,
    id: string,
    query: string,
    outcome: { done?: Done; who?: string; problem?: string } = {},
    anchor?: string,
  ): void {
    const params = new URLSearchParams();
    if (query) params.set('q', query);
    if (outcome.done) params.set('done', outcome.done);
    if (outcome.who) params.set('who', outcome.who);
    if (outcome.problem) params.set('problem', outcome.problem);
    const search = params.toString();
    const hash = anchor ? `#${anchor}` : '';
    this.pages.redirect(response, `/staff/events/${id}${search ? `?${search}` : ''}${hash}`, PRIVATE_PAGE);
  }

  private refuse(request: DeskRequest, response: Response, error: DomainError): void {
    this.gate.refuse(request, response, this.me(request), error.code);
  }

  private send(
    request: DeskRequest,
    response: Response,
    template: string,
    model: object,
    words: Words,
    status = 200,
  ): void {
    this.pages.send(
      response,
      template,
      { ...model, signedIn: this.me(request) },
      { status, policy: PRIVATE_PAGE, locale: words.locale },
    );
  }

  private me(request: DeskRequest): SignedInStaff {
    if (!request.signedIn) throw new Error('A staff page ran without a signed-in person: is it marked @StaffPage()?');
    return request.signedIn;
  }
}
