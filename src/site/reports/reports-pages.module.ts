import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module.js';
import { ClinicsModule } from '../../clinics/clinics.module.js';
import { ReportsModule } from '../../reports/reports.module.js';
import { AssetsModule } from '../assets/assets.module.js';
import { PageRenderer } from '../view/page-renderer.js';
import { AuditPageController } from './audit-page.controller.js';
import { DashboardPageController } from './dashboard-page.controller.js';
import { ReportsPages } from './reports-pages.js';

/** The admin's records pages: the chain dashboard (/admin/dashboard) and the audit log (/admin/audit). */
@Module({
  imports: [AssetsModule, AuditModule, ClinicsModule, ReportsModule],
  controllers: [DashboardPageController, AuditPageController],
  providers: [PageRenderer, ReportsPages],
})
export class ReportsPagesModule {}
