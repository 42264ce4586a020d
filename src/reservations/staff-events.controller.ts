import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UuidParam } from '../common/validation/uuid-param.js';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor, StaffOfClinic } from '../common/auth/decorators.js';
import { CapacityDto, CreateEventDto, UpdateEventDto } from '../events/dto/event.dto.js';
import { StaffEventView, toStaffEventView } from '../events/dto/event-views.js';
import { EventsService } from '../events/events.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { EventReservationsView, StaffReservationRow } from './dto/reservation-views.js';
import { WalkInDto } from './dto/reservation.dto.js';
import { EventOperationsService } from './event-operations.service.js';
import { WalkInsService } from './walk-ins.service.js';

/** Clinic staff (of the event's clinic) and admins run their events here. */
@ApiTags('staff: events')
@ApiBearerAuth()
@Controller()
export class StaffEventsController {
  constructor(
    private readonly operations: EventOperationsService,
    private readonly events: EventsService,
    private readonly clinics: ClinicsService,
    private readonly walkIns: WalkInsService,
  ) {}

  @StaffOfClinic({ slugParam: 'slug' })
  @Post('clinics/:slug/events')
  async create(@Param('slug') slug: string, @Body() body: CreateEventDto, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    const event = await this.events.create(slug, body, actor);
    return toStaffEventView(event, await this.clinics.getById(event.clinicId), 0);
  }

  @StaffOfClinic({ slugParam: 'slug' })
  @Get('clinics/:slug/events')
  listForClinic(@Param('slug') slug: string, @CurrentActor() actor: Actor): Promise<StaffEventView[]> {
    return this.operations.listForClinic(slug, actor);
  }

  @Get('events/:id/staff-view')
  staffView(@Param('id', UuidParam('Event')) id: string, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.staffView(id, actor);
  }

  @Patch('events/:id')
  update(@Param('id', UuidParam('Event')) id: string, @Body() body: UpdateEventDto, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.update(id, body, actor);
  }

  @Put('events/:id/capacity')
  changeCapacity(@Param('id', UuidParam('Event')) id: string, @Body() body: CapacityDto, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.changeCapacity(id, body.capacity, actor);
  }

  @Post('events/:id/publish')
  @HttpCode(200)
  publish(@Param('id', UuidParam('Event')) id: string, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.publish(id, actor);
  }

  @Post('events/:id/complete')
  @HttpCode(200)
  complete(@Param('id', UuidParam('Event')) id: string, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.complete(id, actor);
  }

  @Post('events/:id/cancel')
  @HttpCode(200)
  cancel(@Param('id', UuidParam('Event')) id: string, @CurrentActor() actor: Actor): Promise<StaffEventView> {
    return this.operations.cancelEvent(id, actor);
  }

  @Get('events/:id/reservations')
  listReservations(@Param('id', UuidParam('Event')) id: string, @CurrentActor() actor: Actor): Promise<EventReservationsView> {
    return this.operations.listReservations(id, actor);
  }

  /** Someone at the door without a reservation: seated and checked in if a seat is free. */
  @Post('events/:id/walk-ins')
  addWalkIn(@Param('id', UuidParam('Event')) id: string, @Body() body: WalkInDto, @CurrentActor() actor: Actor): Promise<StaffReservationRow> {
    return this.walkIns.addWalkIn(id, body, actor);
  }

  @Post('events/:id/reservations/:reservationId/check-in')
  @HttpCode(200)
  checkIn(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) reservationId: string,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationRow> {
    return this.operations.checkIn(id, reservationId, true, actor);
  }

  @Delete('events/:id/reservations/:reservationId/check-in')
  undoCheckIn(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) reservationId: string,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationRow> {
    return this.operations.checkIn(id, reservationId, false, actor);
  }

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
  cancelReservation(
    @Param('id', UuidParam('Event')) id: string,
    @Param('reservationId', UuidParam('Reservation')) reservationId: string,
    @CurrentActor() actor: Actor,
  ): Promise<StaffReservationRow> {
    return this.operations.cancelReservation(id, reservationId, actor);
  }
}
