import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../common/auth/decorators.js';
import { DatabaseHealthIndicator } from './database-health.indicator.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
  ) {}

  /**
   * 200 when the database answers within a second; otherwise 503 SERVICE_UNAVAILABLE with Retry-After, and
   * `details.error.database` saying why (`reason`, `code`, `message`) and how the connection pool stands.
   */
  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.database.check('database', 1000)]);
  }
}
