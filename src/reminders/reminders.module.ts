import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ReminderScheduler } from './reminder-scheduler.js';

/** When reminders are due (DESIGN rule 6); they are written and sent through the notifications' outbox. */
@Module({
  imports: [NotificationsModule],
  providers: [ReminderScheduler],
  exports: [ReminderScheduler],
})
export class RemindersModule {}
