import { Module } from '@nestjs/common';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { AttendeeErasureController } from './attendee-erasure.controller.js';
import { AttendeeErasureService } from './attendee-erasure.service.js';

/**
 * An attendee's data across reservations and the outbox (DESIGN rule 8): erasure on request, and the
 * anonymisation the retention job (AttendanceJobs) runs on old reservations.
 */
@Module({
  imports: [ReservationsModule],
  controllers: [AttendeeErasureController],
  providers: [AttendeeErasureService],
  exports: [AttendeeErasureService],
})
export class PrivacyModule {}
