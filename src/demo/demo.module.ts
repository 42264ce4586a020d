import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { EventsModule } from '../events/events.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { DemoDataService } from './demo-data.service.js';

@Module({
  imports: [ClinicsModule, StaffModule, EventsModule],
  providers: [DemoDataService],
  exports: [DemoDataService],
})
export class DemoModule {}
