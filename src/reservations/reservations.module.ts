import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { EventsModule } from '../events/events.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AttendeeErasureController } from './attendee-erasure.controller.js';
import { AttendeeErasureService } from './attendee-erasure.service.js';
import { BookingNotifier } from './booking-notifier.js';
import { EventOperationsService } from './event-operations.service.js';
import { EventSeriesController } from './event-series.controller.js';
import { EventSeriesOperationsService } from './event-series-operations.service.js';
import { IdempotencyStore } from './idempotency.store.js';
import { ManageTokens } from '../common/crypto/manage-tokens.js';
import { PublicReservationsController } from './public-reservations.controller.js';
import { ReservationInserter } from './reservation-inserter.js';
import { ReservationsService } from './reservations.service.js';
import { StaffEventsController } from './staff-events.controller.js';
import { WaitlistService } from './waitlist.service.js';
import { WalkInsService } from './walk-ins.service.js';

@Module({
  imports: [EventsModule, ClinicsModule, NotificationsModule],
  controllers: [PublicReservationsController, StaffEventsController, EventSeriesController, AttendeeErasureController],
  providers: [EventSeriesOperationsService, WalkInsService, AttendeeErasureService, ReservationInserter, ReservationsService, EventOperationsService, WaitlistService, IdempotencyStore, ManageTokens, BookingNotifier],
  exports: [ReservationsService, ManageTokens, AttendeeErasureService],
})
export class ReservationsModule {}
