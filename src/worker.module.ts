import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttendanceModule } from './attendance/attendance.module.js';
import { ClockModule } from './common/clock.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { NotificationsModule } from './notifications/notifications.module.js';

/** What `npm run worker` runs: the database, the outbox dispatcher and the attendance jobs (JOBS_ENABLED), no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot({ config, databaseUrl }: { config: AppConfig; databaseUrl: string }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, { timeouts: config.database.timeouts, poolSize: 5 }),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        NotificationsModule,
        AttendanceModule,
      ],
    };
  }
}
