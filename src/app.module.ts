import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, RouterModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthGuard } from './auth/auth.guard.js';
import { AttendanceModule } from './attendance/attendance.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ClinicsModule } from './clinics/clinics.module.js';
import { HttpErrorFilter } from './common/errors/http-error.filter.js';
import { ClockModule } from './common/clock.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { DemoModule } from './demo/demo.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { MessageLogModule } from './notifications/message-log/message-log.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { ReservationsModule } from './reservations/reservations.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { SiteModule } from './site/site.module.js';
import { StaffModule } from './staff/staff.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** The database to use; main.ts resolves it (DATABASE_URL or the embedded server). */
  databaseUrl: string;
}

const API_MODULES = [
  ClinicsModule,
  StaffModule,
  AuthModule,
  EventsModule,
  ReservationsModule,
  PrivacyModule,
  MessageLogModule,
  AuditModule,
  SettingsModule,
];

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, { timeouts: config.database.timeouts }),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        HealthModule,
        ClinicsModule,
        StaffModule,
        AuthModule,
        EventsModule,
        ReservationsModule,
        PrivacyModule,
        MessageLogModule,
        AuditModule,
        AttendanceModule,
        SettingsModule,
        DemoModule,
        NotificationsModule,
        SiteModule,
        // The JSON API for integrations lives under /api; people's pages own the paths without it
        // (/, /clinics/:slug, /events/:id, /manage/:token), so the links we e-mail stay short.
        RouterModule.register([{ path: 'api', children: API_MODULES }]),
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_GUARD, useExisting: AuthGuard },
      ],
    };
  }
}
