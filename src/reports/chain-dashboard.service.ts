import { Injectable } from '@nestjs/common';
import { buildDashboard, type ChainDashboard, dashboardCsv } from './chain-dashboard.js';
import { ChainDashboardQueries } from './chain-dashboard.queries.js';
import type { MonthRange } from './month-range.js';

/** The chain dashboard: per clinic and month, events, seats, reservations, fill and show rates, waiting-list conversions. */
@Injectable()
export class ChainDashboardService {
  constructor(private readonly queries: ChainDashboardQueries) {}

  async dashboard(range: MonthRange): Promise<ChainDashboard> {
    return buildDashboard(range, await this.queries.figures(range));
  }

  async csv(range: MonthRange): Promise<{ filename: string; csv: string }> {
    return { filename: `dashboard-${range.from}-to-${range.to}.csv`, csv: dashboardCsv(await this.dashboard(range)) };
  }
}
