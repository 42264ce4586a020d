import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { ApiErrors, STAFF_ROUTE, VALIDATION } from '../../common/openapi/api-errors.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor, RouteClinic, StaffOfClinic } from '../../common/auth/decorators.js';
import { CancelEventDto } from '../../events/dto/cancel-event.dto.js';
import { CapacityDto, CreateEventDto, UpdateEventDto } from '../../events/dto/event.dto.js';
import { StaffEventView, toStaffEventView } from '../../events/dto/event-views.js';
import { EventsService } from '../../events/events.service.js';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { EventReservationsView } from '../dto/reservation-views.js';
import { EventOperationsService } from './event-operations.service.js';
import { OverbookingService } from '../overbooking/overbooking.service.js';
import { OverbookingSettingsDto, OverbookingView } from '../../events/dto/overbooking.dto.js';

/** Clinic staff (of the event's clinic) and admins run their events here. */
@ApiTags('staff: events')
@ApiBearerAuth()
@ApiErrors(STAFF_ROUTE)
@Controller()
export class StaffEventsController {
  constructor(
    private readonly operations: EventOperationsService,
    private readonly events: EventsService,
    private readonly overbooking: OverbookingService,
  ) {}

  @StaffOfClinic({ slugParam: 'slug' })
  @ApiOperation({
    summary: 'Create an event (a draft)',
    description:
      'Admins, or staff of the clinic. The event starts as a draft (publish it to open registration). `startsAt`/`endsAt` take an ' +
      "offset, or a local time read in the event's time zone (default: the clinic's). `joinUrl` is required for webinars and refused " +
      "for seminars (whose address is the clinic's). Registration opens now and closes at the start unless given.",
  })
  @ApiCreatedResponse({ type: StaffEventView })
  @ApiErrors({
    400: VALIDATION,
    404: 'NOT_FOUND: no such clinic',
    409: 'INVALID_SCHEDULE: the end is not after the start, or the registration window does not fit',
  })
  @ApiParam({ name: 'slug', description: "the clinic's slug" })
  @Post('clinics/:slug/events')
  async create(
    @RouteClinic() clinic: Clinic,
    @Body() body: CreateEventDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffEventView> {
    const event = await this.events.create(clinic, body, actor);
    return toStaffEventView(event, clinic, 0);
  }

  @StaffOfClinic({ slugParam: 'slug' })
  @ApiOperation({
    summary: "List a clinic's events",
    description: 'Every event of the clinic, in every status (drafts too), with seat counts and the join URL.',
  })
  @ApiOkResponse({ type: [StaffEventView] })
  @ApiErrors({ 404: 'NOT_FOUND: no such clinic' })
  @ApiParam({ name: 'slug', description: "the clinic's slug" })
  @Get('clinics/:slug/events')
  listForClinic(@RouteClinic() clinic: Clinic, @CurrentActor() actor: Actor): Promise<StaffEventView[]> {
    return this.operations.listForClinic(clinic, actor);
  }

  @ApiOperation({
    summary: 'Read an event as staff',
    description: 'The event in any status, with seat counts, the join URL and the invite sequence.',
  })
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
  update(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: UpdateEventDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffEventView> {
    return this.operations.update(id, body, actor);
  }

  @ApiOperation({
    summary: 'Change the capacity',
    description:
      'Raising it promotes the waiting list at once (in order, whole parties that fit); it cannot go below the confirmed seats.',
  })
  @ApiOkResponse({ type: StaffEventView })
  @ApiErrors({
    400: VALIDATION,
    404: 'NOT_FOUND: no such event',
    409: 'CAPACITY_BELOW_CONFIRMED (details.confirmedSeats); EVENT_CANCELLED',
  })
  @Put('events/:id/capacity')
  changeCapacity(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: CapacityDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffEventView> {
    return this.operations.changeCapacity(id, body.capacity, actor);
  }

  @ApiOperation({
    summary: 'Overbooking: the room, the bookable seats, expected arrivals and the risk',
    description:
      "The clinic's measured show rate for the event's kind (checked-in / confirmed seats of completed events; null below " +
      'the minimum sample), the seats bookable beyond the room, the seats expected in the room at the conservative rate, ' +
      'and the chance that more people come than the room holds with the bookings as they are.',
  })
  @ApiOkResponse({ type: OverbookingView })
  @ApiErrors({ 404: 'NOT_FOUND: no such event' })
  @Get('events/:id/overbooking')
  overbookingView(@Param('id', UuidParam('Event')) id: string, @CurrentActor() actor: Actor): Promise<OverbookingView> {
    return this.overbooking.view(id, actor);
  }

  @ApiOperation({
    summary: 'Change overbooking',
    description:
      'Enabled, the event may confirm up to capacity + extra seats, the largest number for which the chance that more ' +
      "people come than the room holds stays under riskPercent at the clinic's conservative show rate, never more than " +
      'maxExtra and never fewer than the seats already confirmed beyond the room. New extra seats serve the waiting list at once.',
  })
  @ApiOkResponse({ type: OverbookingView })
  @ApiErrors({
    400: VALIDATION,
    404: 'NOT_FOUND: no such event',
    409: 'EVENT_CANCELLED; EVENT_COMPLETED',
  })
  @Put('events/:id/overbooking')
  configureOverbooking(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: OverbookingSettingsDto,
    @CurrentActor() actor: Actor,
  ): Promise<OverbookingView> {
    return this.overbooking.configure(id, body, actor);
  }

  @ApiOperation({
    summary: 'Publish a draft',
    description: 'draft → published: the event is listed and registration follows its window. Only before the start.',
  })
  @ApiOkResponse({ type: StaffEventView })
  @ApiErrors({
    404: 'NOT_FOUND: no such event',
    409: 'EVENT_ALREADY_STARTED: the start is past; INVALID_STATUS_TRANSITION: not a draft',
  })
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
  @ApiErrors({
    400: VALIDATION,
    404: 'NOT_FOUND: no such event',
    409: 'INVALID_STATUS_TRANSITION: already cancelled or completed',
  })
  @Post('events/:id/cancel')
  @HttpCode(200)
  cancel(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: CancelEventDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffEventView> {
    return this.operations.cancelEvent(id, actor, { reason: body?.reason });
  }

  @ApiOperation({
    summary: "List an event's reservations",
    description:
      'The seat counts and every reservation (confirmed, waitlisted in queue order, cancelled), with check-in times and source.',
  })
  @ApiOkResponse({ type: EventReservationsView })
  @ApiErrors({ 404: 'NOT_FOUND: no such event' })
  @Get('events/:id/reservations')
  listReservations(
    @Param('id', UuidParam('Event')) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<EventReservationsView> {
    return this.operations.listReservations(id, actor);
  }
}
