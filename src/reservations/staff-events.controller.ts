import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UuidParam } from '../common/validation/uuid-param.js';
import { ApiErrors, BAD_QUERY, STAFF_ROUTE, VALIDATION } from '../common/openapi/api-errors.js';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor, StaffOfClinic } from '../common/auth/decorators.js';
import { CancelEventDto } from '../events/dto/cancel-event.dto.js';
import { CapacityDto, CreateEventDto, UpdateEventDto } from '../events/dto/event.dto.js';
import { StaffEventView, toStaffEventView } from '../events/dto/event-views.js';
import { EventsService } from '../events/events.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { EventReservationsView, StaffReservationRow } from './dto/reservation-views.js';
import { EventOperationsService } from './event-operations.service.js';
import { CheckInService } from './front-desk/check-in.service.js';
import { AddWalkInDto, AttendeeSearchQueryDto, CheckInByCodeDto, StaffCancelDto } from './front-desk/dto/front-desk.dto.js';
import { AttendeeSearchView } from './front-desk/dto/front-desk-views.js';
import { FrontDeskService } from './front-desk/front-desk.service.js';
import { ManualPromotionService } from './front-desk/manual-promotion.service.js';
import { StaffCancellationService } from './front-desk/staff-cancellation.service.js';
import { WalkInsService } from './walk-ins.service.js';

const CHECK_IN_WINDOW =
  'Check-in opens CHECK_IN_OPENS_MINUTES_BEFORE (default 120) minutes before the start and closes at the end of the event; ' +
  'outside that window the answer is 409 CHECK_IN_NOT_OPEN (details.opensAt) or CHECK_IN_CLOSED.';

/** Clinic staff (of the event's clinic) and admins run their events here. */
@ApiTags('staff: events')
@ApiBearerAuth()
@ApiErrors(STAFF_ROUTE)
@Controller()
export class StaffEventsController {
  constructor(
    private readonly operations: EventOperationsService,
    private readonly events: EventsService,
    private readonly clinics: ClinicsService,
    private readonly walkIns: WalkInsService,
    private readonly checkIns: CheckInService,
    private readonly frontDesk: FrontDeskService,
    private readonly promotions: ManualPromotionService,
    private readonly cancellations: StaffCancellationService,
  ) {}

  @StaffOfClinic({ slugParam: 'slug' })
  @ApiOperation({
    summary: 'Create an event (a draft)',
    description:
      'Admins, or staff of the clinic. The event starts as a draft (publish it to open registration). `startsAt`/`endsAt` take an ' +
      'offset, or a local time read in the event\'s time zone (default: the clinic\'s). `joinUrl` is required for webinars and refused ' +
      'for seminars (whose address is the clinic\'s). Registration opens now and closes at the start unless given.',
  })
  @ApiCreatedResponse({ type: StaffEventView })
  @ApiErrors({ 400: VALIDATION, 404: 'NOT_FOUND: no such clinic', 409: 'INVALID_SCHEDULE: the end is not after the start, or the registration window does not fit' })
  @Post('clinics/:slug/events')
  async create(@Param('slug') slug: string, @Body() body: CreateEventDto, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    const event = await this.events.create(slug, body, actor);
    return toStaffEventView(event, await this.clinics.getById(event.clinicId), 0);
  }

  @StaffOfClinic({ slugParam: 'slug' })
  @ApiOperation({ summary: 'List a clinic\'s events', description: 'Every event of the clinic, in every status (drafts too), with seat counts and the join URL.' })
  @ApiOkResponse({ type: [StaffEventView] })
  @ApiErrors({ 404: 'NOT_FOUND: no such clinic' })
  @Get('clinics/:slug/events')
  listForClinic(@Param('slug') slug: string, @CurrentActor() actor: Actor): Promise<StaffEventView[]> {
    return this.operations.listForClinic(slug, actor);
  }

  @ApiOperation({ summary: 'Read an event as staff', description: 'The event in any status, with seat counts, the join URL and the invite sequence.' })
  @ApiOkResponse({ type: StaffEventView })
  @ApiErrors({ 404: 'NOT_FOUND: no such event' })
  @Get('events/:id/staff-view')
  staffView(@Param('id', UuidParam('Event')) id: string, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.staffView(id, actor);
  }

  @ApiOperation({
    summary: 'Change an event',
    description:
      'Any field of the create body except `kind`; a field left out is kept, `null` clears only `venueName` and `joinUrl`. A change ' +
      'attendees must see (time, place, join URL, title, description) raises the invite sequence and sends every confirmed attendee an ' +
      'updated invite; a moved start moves their unsent reminders. Capacity follows the rules of PUT /api/events/{id}/capacity.',
  })
  @ApiOkResponse({ type: StaffEventView })
  @ApiErrors({
    400: VALIDATION,
    404: 'NOT_FOUND: no such event',
    409: 'EVENT_CANCELLED, EVENT_COMPLETED: the event can no longer change; INVALID_SCHEDULE: the end is not after the start; CAPACITY_BELOW_CONFIRMED',
  })
  @Patch('events/:id')
  update(@Param('id', UuidParam('Event')) id: string, @Body() body: UpdateEventDto, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.update(id, body, actor);
  }

  @ApiOperation({
    summary: 'Change the capacity',
    description: 'Raising it promotes the waiting list at once (in order, whole parties that fit); it cannot go below the confirmed seats.',
  })
  @ApiOkResponse({ type: StaffEventView })
  @ApiErrors({ 400: VALIDATION, 404: 'NOT_FOUND: no such event', 409: 'CAPACITY_BELOW_CONFIRMED (details.confirmedSeats); EVENT_CANCELLED' })
  @Put('events/:id/capacity')
  changeCapacity(@Param('id', UuidParam('Event')) id: string, @Body() body: CapacityDto, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.changeCapacity(id, body.capacity, actor);
  }

  @ApiOperation({ summary: 'Publish a draft', description: 'draft → published: the event is listed and registration follows its window. Only before the start.' })
  @ApiOkResponse({ type: StaffEventView })
  @ApiErrors({ 404: 'NOT_FOUND: no such event', 409: 'EVENT_ALREADY_STARTED: the start is past; INVALID_STATUS_TRANSITION: not a draft' })
  @Post('events/:id/publish')
  @HttpCode(200)
  publish(@Param('id', UuidParam('Event')) id: string, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.publish(id, actor);
  }

  @ApiOperation({ summary: 'Mark an event completed', description: 'published → completed, only once it has started.' })
  @ApiOkResponse({ type: StaffEventView })
  @ApiErrors({ 404: 'NOT_FOUND: no such event', 409: 'EVENT_NOT_STARTED; INVALID_STATUS_TRANSITION: not published' })
  @Post('events/:id/complete')
  @HttpCode(200)
  complete(@Param('id', UuidParam('Event')) id: string, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.complete(id, actor);
  }

  @ApiOperation({
    summary: 'Cancel an event',
    description:
      'draft|published → cancelled: every active reservation is cancelled, attendees are e-mailed (with `reason` when given) and ' +
      'their reminders dropped.',
  })
  @ApiOkResponse({ type: StaffEventView })
  @ApiErrors({ 400: VALIDATION, 404: 'NOT_FOUND: no such event', 409: 'INVALID_STATUS_TRANSITION: already cancelled or completed' })
  @Post('events/:id/cancel')
  @HttpCode(200)
  cancel(@Param('id', UuidParam('Event')) id: string, @Body() body: CancelEventDto, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.cancelEvent(id, actor, { reason: body?.reason });
  }

  @ApiOperation({
    summary: 'List an event\'s reservations',
    description: 'The seat counts and every reservation (confirmed, waitlisted in queue order, cancelled), with check-in times and source.',
  })
  @ApiOkResponse({ type: EventReservationsView })
  @ApiErrors({ 404: 'NOT_FOUND: no such event' })
  @Get('events/:id/reservations')
  listReservations(@Param('id', UuidParam('Event')) id: string, @CurrentActor() actor: Actor): Promise<EventReservationsView> {
    return this.operations.listReservations(id, actor);
  }

  @Get('events/:id/attendees')
  @ApiOperation({
    summary: 'Find attendees at the door',
    description:
      'The event\'s reservations whose name or e-mail address contains `q` (case-insensitive), or whose confirmation code is `q` ' +
      '(any case; spaces and dashes ignored; I/L read as 1, O as 0). The exact code match comes first; a code of another ' +
      'event of your clinics is named in `codeForEventId`. Also answers the check-in window.',
  })
  @ApiOkResponse({ type: AttendeeSearchView })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event' })
  searchAttendees(@Param('id', UuidParam('Event')) id: string, @Query() query: AttendeeSearchQueryDto, @CurrentActor() actor: Actor): Promise<AttendeeSearchView> {
    return this.frontDesk.search(id, query.q, actor);
  }

  /** Someone at the door without a reservation: seated and checked in if a seat is free. */
  @Post('events/:id/walk-ins')
  @ApiOperation({
    summary: 'Add a walk-in',
    description:
      'Seats and checks in someone without a reservation, if a seat is free (never past capacity; before the start never ahead of ' +
      'a waitlisted party that fits). The e-mail address is optional: without one no e-mail is sent. ' + CHECK_IN_WINDOW,
  })
  @ApiConflictResponse({ description: 'EVENT_FULL, ALREADY_RESERVED (details.reservationId), CHECK_IN_NOT_OPEN, CHECK_IN_CLOSED' })
  @ApiUnprocessableEntityResponse({ description: 'PARTY_TOO_LARGE' })
@ApiCreatedResponse({ type: StaffReservationRow })
@ApiBadRequestResponse({ description: VALIDATION })
@ApiNotFoundResponse({ description: 'NOT_FOUND: no such event' })
  addWalkIn(@Param('id', UuidParam('Event')) id: string, @Body() body: AddWalkInDto, @CurrentActor() actor: Actor): Promise<StaffReservationRow> {
    return this.walkIns.addWalkIn(id, body, actor);
  }

  @Post('events/:id/check-ins')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check in by confirmation code',
    description:
      'The code as typed or scanned from the QR image in the confirmation e-mail (case, spaces and dashes ignored). Checking in ' +
      'twice keeps the first time. ' + CHECK_IN_WINDOW,
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event, or no reservation with this code' })
  @ApiConflictResponse({ description: 'NOT_CONFIRMED (waitlisted or cancelled), CODE_FOR_ANOTHER_EVENT (details.eventId), CHECK_IN_NOT_OPEN, CHECK_IN_CLOSED' })
@ApiOkResponse({ type: StaffReservationRow })
@ApiBadRequestResponse({ description: VALIDATION })
  checkInByCode(@Param('id', UuidParam('Event')) id: string, @Body() body: CheckInByCodeDto, @CurrentActor() actor: Actor): Promise<StaffReservationRow> {
    return this.checkIns.checkInByCode(id, body.code, actor);
  }

  @Post('events/:id/reservations/:reservationId/check-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check in a reservation', description: `A confirmed reservation only; checking in twice keeps the first time. ${CHECK_IN_WINDOW}` })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event or reservation in it' })
  @ApiConflictResponse({ description: 'NOT_CONFIRMED, CHECK_IN_NOT_OPEN, CHECK_IN_CLOSED' })
@ApiOkResponse({ type: StaffReservationRow })
  checkIn(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) reservationId: string,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationRow> {
    return this.checkIns.checkIn(id, reservationId, actor);
  }

  @Delete('events/:id/reservations/:reservationId/check-in')
  @ApiOperation({ summary: 'Undo a check-in', description: `Takes back a check-in made by mistake. ${CHECK_IN_WINDOW}` })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event or reservation in it' })
  @ApiConflictResponse({ description: 'NOT_CONFIRMED, CHECK_IN_NOT_OPEN, CHECK_IN_CLOSED' })
@ApiOkResponse({ type: StaffReservationRow })
  undoCheckIn(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) reservationId: string,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationRow> {
    return this.checkIns.undoCheckIn(id, reservationId, actor);
  }

  @Post('events/:id/reservations/:reservationId/promote')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Promote from the waiting list by hand',
    description:
      'Confirms one waitlisted reservation if its whole party fits the free seats (never past capacity), e.g. at the door once the ' +
      'event has started (before the start the waiting list is served by itself, in order). The attendee gets the promotion ' +
      'e-mail with the calendar invite.',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event or reservation in it' })
  @ApiConflictResponse({ description: 'PARTY_DOES_NOT_FIT (details.seatsLeft, details.partySize), NOT_WAITLISTED, EVENT_NOT_OPEN (not published, or ended)' })
@ApiOkResponse({ type: StaffReservationRow })
  promote(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) reservationId: string,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationRow> {
    return this.promotions.promote(id, reservationId, actor);
  }

  @ApiOperation({
    summary: 'Download the attendee list (CSV)',
    description: 'Every reservation of the event as CSV (UTF-8, a header row), as a file to save; not cached.',
  })
  @ApiOkResponse({ description: 'the CSV file', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiErrors({ 404: 'NOT_FOUND: no such event' })
  @Get('events/:id/attendees.csv')
  @ApiProduces('text/csv')
  async exportAttendees(@Param('id', UuidParam('Event')) id: string, @CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    const { filename, csv } = await this.operations.exportAttendees(id, actor);
    response
      .status(200)
      .setHeader('Content-Type', 'text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${filename}"`)
      .setHeader('Cache-Control', 'no-store')
      .send(csv);
  }

  @Post('events/:id/reservations/:reservationId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a reservation for the attendee',
    description:
      'Frees its seats (the waiting list is served at once) and e-mails the attendee, with `reason` when given (it is stored). ' +
      'Cancelling a cancelled reservation changes nothing.',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event or reservation in it' })
  @ApiConflictResponse({ description: 'NOT_CANCELLABLE (a no-show)' })
@ApiOkResponse({ type: StaffReservationRow })
@ApiBadRequestResponse({ description: VALIDATION })
  cancelReservation(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) reservationId: string,
    @Body() body: StaffCancelDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationRow> {
    return this.cancellations.cancel(id, reservationId, body?.reason ?? undefined, actor);
  }
}
