import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from '../../common/http.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { ApiErrors, BAD_QUERY, STAFF_ROUTE, VALIDATION } from '../../common/openapi/api-errors.js';
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
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { StaffReservationView } from '../dto/reservation-views.js';
import { EventOperationsService } from '../event-changes/event-operations.service.js';
import { CheckInService } from './check-in.service.js';
import {
  AddWalkInDto,
  AttendeeSearchQueryDto,
  CheckInByCodeDto,
  RoomOverrideDto,
  StaffCancelDto,
} from './dto/front-desk.dto.js';
import { AttendeeSearchView } from './dto/front-desk-views.js';
import { FrontDeskService } from './front-desk.service.js';
import { ManualPromotionService } from './manual-promotion.service.js';
import { StaffCancellationService } from './staff-cancellation.service.js';
import { WalkInsService } from './walk-ins.service.js';

const CHECK_IN_WINDOW =
  'Check-in opens CHECK_IN_OPENS_MINUTES_BEFORE (default 120) minutes before the start and closes at the end of the event; ' +
  'outside that window the answer is 409 CHECK_IN_NOT_OPEN (details.opensAt) or CHECK_IN_CLOSED.';

/** The front desk's routes: find attendees, walk-ins, check-in, promote by hand, cancel with a reason, the attendee list as CSV. */
@ApiTags('staff: front desk')
@ApiBearerAuth()
@ApiErrors(STAFF_ROUTE)
@Controller()
export class FrontDeskController {
  constructor(
    private readonly operations: EventOperationsService,
    private readonly walkIns: WalkInsService,
    private readonly checkIns: CheckInService,
    private readonly frontDesk: FrontDeskService,
    private readonly promotions: ManualPromotionService,
    private readonly cancellations: StaffCancellationService,
  ) {}

  @Get('events/:id/attendees')
  @ApiOperation({
    summary: 'Find attendees at the door',
    description:
      "The event's reservations whose name or e-mail address contains `q` (case-insensitive), or whose confirmation code is `q` " +
      '(any case; spaces and dashes ignored; I/L read as 1, O as 0). The exact code match comes first; a code of another ' +
      'event of your clinics is named in `codeForEventId`. Also answers the check-in window.',
  })
  @ApiOkResponse({ type: AttendeeSearchView })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event' })
  searchAttendees(
    @Param('id', UuidParam('Event')) id: string,
    @Query() query: AttendeeSearchQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<AttendeeSearchView> {
    return this.frontDesk.search(id, query.q, actor);
  }

  /** Someone at the door without a reservation: seated and checked in if a seat is free. */
  @Post('events/:id/walk-ins')
  @ApiOperation({
    summary: 'Add a walk-in',
    description:
      'Seats and checks in someone without a reservation, if a seat is free (never past capacity; before the start never ahead of ' +
      'a waitlisted party that fits). The e-mail address is optional: without one no e-mail is sent. ' +
      CHECK_IN_WINDOW,
  })
  @ApiConflictResponse({
    description:
      'EVENT_FULL, ROOM_FULL (the room holds its capacity: send overrideCapacity), ALREADY_RESERVED (details.reservationId), ' +
      'CHECK_IN_NOT_OPEN, CHECK_IN_CLOSED',
  })
  @ApiUnprocessableEntityResponse({ description: 'PARTY_TOO_LARGE' })
  @ApiCreatedResponse({ type: StaffReservationView })
  @ApiBadRequestResponse({ description: VALIDATION })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event' })
  addWalkIn(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: AddWalkInDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationView> {
    return this.walkIns.addWalkIn(id, body, actor);
  }

  @Post('events/:id/check-ins')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check in by confirmation code',
    description:
      'The code as typed or scanned from the QR image in the confirmation e-mail (case, spaces and dashes ignored). Checking in ' +
      'twice keeps the first time. ' +
      CHECK_IN_WINDOW,
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event, or no reservation with this code' })
  @ApiConflictResponse({
    description:
      'NOT_CONFIRMED (waitlisted or cancelled), CODE_FOR_ANOTHER_EVENT (details.eventId), ROOM_FULL (send overrideCapacity), ' +
      'CHECK_IN_NOT_OPEN, CHECK_IN_CLOSED',
  })
  @ApiOkResponse({ type: StaffReservationView })
  @ApiBadRequestResponse({ description: VALIDATION })
  checkInByCode(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: CheckInByCodeDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationView> {
    return this.checkIns.checkInByCode(id, body.code, actor, undefined, body.overrideCapacity === true);
  }

  @Post('events/:id/reservations/:reservationId/check-in')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check in a reservation',
    description: `A confirmed reservation only; checking in twice keeps the first time. ${CHECK_IN_WINDOW}`,
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event or reservation in it' })
  @ApiConflictResponse({
    description:
      'NOT_CONFIRMED, ROOM_FULL (the room holds its capacity: send overrideCapacity), CHECK_IN_NOT_OPEN, CHECK_IN_CLOSED',
  })
  @ApiOkResponse({ type: StaffReservationView })
  checkIn(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) reservationId: string,
    @Body() body: RoomOverrideDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationView> {
    return this.checkIns.checkIn(id, reservationId, actor, undefined, body.overrideCapacity === true);
  }

  @Delete('events/:id/reservations/:reservationId/check-in')
  @ApiOperation({
    summary: 'Undo a check-in',
    description: `Takes back a check-in made by mistake. ${CHECK_IN_WINDOW}`,
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such event or reservation in it' })
  @ApiConflictResponse({ description: 'NOT_CONFIRMED, CHECK_IN_NOT_OPEN, CHECK_IN_CLOSED' })
  @ApiOkResponse({ type: StaffReservationView })
  undoCheckIn(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) reservationId: string,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationView> {
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
  @ApiConflictResponse({
    description:
      'PARTY_DOES_NOT_FIT (details.seatsLeft, details.partySize), NOT_WAITLISTED, EVENT_NOT_OPEN (not published, or ended)',
  })
  @ApiOkResponse({ type: StaffReservationView })
  promote(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) reservationId: string,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationView> {
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
  async exportAttendees(
    @Param('id', UuidParam('Event')) id: string,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const { filename, csv } = await this.operations.exportAttendees(id, actor);
    response
      .status(200)
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${filename}"`)
      .header('Cache-Control', 'no-store')
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
  @ApiOkResponse({ type: StaffReservationView })
  @ApiBadRequestResponse({ description: VALIDATION })
  cancelReservation(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) reservationId: string,
    @Body() body: StaffCancelDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationView> {
    return this.cancellations.cancel(id, reservationId, body?.reason ?? undefined, actor);
  }
}
