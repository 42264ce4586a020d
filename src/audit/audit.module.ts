import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditQueries } from './audit-queries.js';

/**
 * The audit log. Writing needs no injection: `AuditLog.record(manager, entry)` (audit-log.ts) runs in the
 * caller's transaction. This module serves the reading side: the admin API and AuditQueries for pages.
 */
@Module({
  controllers: [AuditController],
  providers: [AuditQueries],
  exports: [AuditQueries],
})
export class AuditModule {}
