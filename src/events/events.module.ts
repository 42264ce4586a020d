import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { EventSeats } from './event-seats.js';
import { EventSeriesService } from './series/event-series.service.js';
import { Event } from './event.entity.js';
import { SameSeminarSessions } from './same-seminar-sessions.js';
import { EventsController } from './events.controller.js';
import { CataloguePool } from './catalogue-connections.js';
import { EventsService } from './events.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Event]), ClinicsModule, SettingsModule],
  controllers: [EventsController],
  providers: [CataloguePool, EventsService, EventSeats, EventSeriesService, SameSeminarSessions],
  exports: [EventsService, EventSeats, EventSeriesService, SameSeminarSessions],
})
export class EventsModule {}
