import { Module } from '@nestjs/common';
import { ClinicsModule } from '../../clinics/clinics.module.js';
import { MessageLogController } from './message-log.controller.js';
import { MessageLogService } from './message-log.service.js';

/** The HTTP side of notifications, for clinic staff; the worker process does not load it. */
@Module({
  imports: [ClinicsModule],
  controllers: [MessageLogController],
  providers: [MessageLogService],
  exports: [MessageLogService],
})
export class MessageLogModule {}
