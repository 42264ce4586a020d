import { Module } from '@nestjs/common';
import { EventsModule } from '../../events/events.module.js';
import { MessageLogModule } from '../../notifications/message-log/message-log.module.js';
import { ReservationsModule } from '../../reservations/reservations.module.js';
import { AssetsModule } from '../assets/assets.module.js';
import { StaffSessionsModule } from '../back-office/session/staff-sessions.module.js';
import { PageRenderer } from '../view/page-renderer.js';
import { DeskPagesController } from './desk-pages.controller.js';
import { DeskPages } from './desk-pages.service.js';

/** The staff pages under /staff (issue 8): today, and the front desk of one event. */
@Module({
  imports: [AssetsModule, EventsModule, MessageLogModule, ReservationsModule, StaffSessionsModule],
  controllers: [DeskPagesController],
  providers: [PageRenderer, DeskPages],
})
export class DeskPagesModule {}
