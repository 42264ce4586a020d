import { Module } from '@nestjs/common';
import { ChainDashboardQueries } from './chain-dashboard.queries.js';
import { ChainDashboardService } from './chain-dashboard.service.js';

/** The chain's figures (dashboard and its CSV): every query in this folder. */
@Module({
  providers: [ChainDashboardQueries, ChainDashboardService],
  exports: [ChainDashboardService],
})
export class ReportsModule {}
