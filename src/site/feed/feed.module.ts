import { Module } from '@nestjs/common';
import { ClinicsModule } from '../../clinics/clinics.module.js';
import { EventsModule } from '../../events/events.module.js';
import { NotificationsModule } from '../../notifications/notifications.module.js';
import { ClinicFeedController } from './clinic-feed.controller.js';
import { ClinicFeeds } from './clinic-feed.service.js';

/** Each clinic's public calendar feed (iCalendar, for subscriptions). */
@Module({
  imports: [ClinicsModule, EventsModule, NotificationsModule],
  controllers: [ClinicFeedController],
  providers: [ClinicFeeds],
})
export class FeedModule {}
