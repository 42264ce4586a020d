import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { EventsModule } from '../events/events.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { BookingNotifier } from './booking-notifier.js';
import { EventOperationsService } from './event-changes/event-operations.service.js';
import { OverbookingService } from './overbooking/overbooking.service.js';
import { EventSeriesController } from './event-changes/event-series.controller.js';
import { EventSeriesOperationsService } from './event-changes/event-series-operations.service.js';
import { IdempotencyStore } from './idempotency.store.js';
import { ManageTokens } from '../common/crypto/manage-tokens.js';
import { ReservationLinks } from '../common/crypto/reservation-links.js';
import { PublicReservationsController } from './public-reservations.controller.js';
import { ReservationBatchWriter } from './reservation-batch-writer.js';
import { ReservationInserter } from './reservation-inserter.js';
import { ReservationsService } from './reservations.service.js';
import { InstanceHotEventGate } from './hot-event-gate.js';
import { SeatBookingService } from './seat-booking.service.js';
import { StaffEventsController } from './event-changes/staff-events.controller.js';
import { WaitlistService } from './waitlist.service.js';
import { JoinLinksService } from './join-links/join-links.service.js';
import { WaitlistGroups } from './waitlist-groups.js';
import { WaitlistGroupJoin } from './waitlist-group-join.js';
import { SessionAlternatives } from './session-alternatives.js';
import { ReconfirmScheduler } from './reconfirm/reconfirm-scheduler.js';
import { ReconfirmService } from './reconfirm/reconfirm.service.js';
import { UnconfirmedRelease } from './reconfirm/unconfirmed-release.js';
import { SeatOffersService } from './offers/seat-offers.service.js';
import { SeatOffersController } from './offers/seat-offers.controller.js';
import { WalkInsService } from './front-desk/walk-ins.service.js';
import { CheckInService } from './front-desk/check-in.service.js';
import { FrontDeskController } from './front-desk/front-desk.controller.js';
import { DeskOverviewService } from './front-desk/desk-overview.service.js';
import { FrontDeskService } from './front-desk/front-desk.service.js';
import { ManualPromotionService } from './front-desk/manual-promotion.service.js';
import { StaffCancellationService } from './front-desk/staff-cancellation.service.js';

/** The front desk (issue 8): check-in, search, hand promotion, staff cancellation, the staff's overview. */
const FRONT_DESK = [
  CheckInService,
  DeskOverviewService,
  FrontDeskService,
  ManualPromotionService,
  StaffCancellationService,
];

@Module({
  imports: [EventsModule, ClinicsModule, NotificationsModule, RemindersModule],
  controllers: [
    PublicReservationsController,
    StaffEventsController,
    FrontDeskController,
    EventSeriesController,
    SeatOffersController,
  ],
  providers: [
    EventSeriesOperationsService,
    WalkInsService,
    ReservationInserter,
    ReservationBatchWriter,
    SeatBookingService,
    InstanceHotEventGate,
    ReservationsService,
    EventOperationsService,
    OverbookingService,
    WaitlistService,
    WaitlistGroups,
    WaitlistGroupJoin,
    SessionAlternatives,
    SeatOffersService,
    IdempotencyStore,
    ManageTokens,
    ReservationLinks,
    BookingNotifier,
    JoinLinksService,
    ReconfirmScheduler,
    ReconfirmService,
    UnconfirmedRelease,
    ...FRONT_DESK,
  ],
  exports: [
    InstanceHotEventGate,
    ReconfirmService,
    UnconfirmedRelease,
    ReservationsService,
    ManageTokens,
    ReservationLinks,
    BookingNotifier,
    IdempotencyStore,
    EventOperationsService,
    OverbookingService,
    EventSeriesOperationsService,
    WalkInsService,
    JoinLinksService,
    SessionAlternatives,
    SeatOffersService,
    ...FRONT_DESK,
  ],
})
export class ReservationsModule {}
