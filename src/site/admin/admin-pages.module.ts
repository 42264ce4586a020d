import { Module } from '@nestjs/common';
import { ClinicsModule } from '../../clinics/clinics.module.js';
import { EventsModule } from '../../events/events.module.js';
import { ReservationsModule } from '../../reservations/reservations.module.js';
import { SettingsModule } from '../../settings/settings.module.js';
import { StaffModule } from '../../staff/staff.module.js';
import { AssetsModule } from '../assets/assets.module.js';
import { AccountModule } from '../back-office/account/account.module.js';
import { PageRenderer } from '../view/page-renderer.js';
import { AdminClinicsController } from './admin-clinics.controller.js';
import { AdminEventsController } from './admin-events.controller.js';
import { AdminPages } from './admin-pages.js';
import { AdminSeriesController } from './admin-series.controller.js';
import { AdminSettingsController } from './admin-settings.controller.js';
import { AdminStaffController } from './admin-staff.controller.js';
import { EventCancellations } from './event-cancellation.js';

/** The admin pages under /admin (issue 8): clinics, staff, events, series, the chain's defaults. */
@Module({
  imports: [AccountModule, AssetsModule, ClinicsModule, EventsModule, ReservationsModule, SettingsModule, StaffModule],
  controllers: [
    AdminClinicsController,
    AdminEventsController,
    AdminSeriesController,
    AdminStaffController,
    AdminSettingsController,
  ],
  providers: [PageRenderer, AdminPages, EventCancellations],
})
export class AdminPagesModule {}
