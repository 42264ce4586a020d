import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { AttendanceJobs } from './attendance-jobs.service.js';

/** Attendance records over time: completing ended events (no-shows) and retention. Loaded by the app and the worker. */
@Module({
  imports: [ReservationsModule, PrivacyModule],
  providers: [AttendanceJobs],
  exports: [AttendanceJobs],
})
export class AttendanceModule {}
