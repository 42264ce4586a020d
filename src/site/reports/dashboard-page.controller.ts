import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from '../../common/http.js';
import { AdminOnly, StaffPage } from '../../common/auth/decorators.js';
import { ChainDashboardService } from '../../reports/chain-dashboard.service.js';
import { readMonthRange } from '../../reports/month-range.js';
import { presentDashboard } from './dashboard-presenter.js';
import { hrefWith, ReportsPages, type ReportsRequest } from './reports-pages.js';

/** `/admin/dashboard`: the chain's figures per clinic and month, as charts and tables; `.csv` to download them. */
@ApiExcludeController()
@StaffPage()
@AdminOnly()
@Controller('admin')
export class DashboardPageController {
  constructor(
    private readonly dashboards: ChainDashboardService,
    private readonly pages: ReportsPages,
  ) {}

  @Get('dashboard')
  async show(@Query() query: Record<string, unknown>, @Req() request: ReportsRequest, @Res() response: Response) {
    const t = this.pages.t(request);
    const { range, problems } = readMonthRange(query, new Date());
    const typed = {
      from: typeof query.from === 'string' ? query.from : '',
      to: typeof query.to === 'string' ? query.to : '',
    };
    const base = { pageTitle: t('reports.dashboard.title'), navCurrent: 'dashboard' as const };
    if (!range) {
      const fieldProblems = Object.fromEntries(
        problems.map((problem) => [problem.field, `reports.dashboard.errors.${problem.code}`]),
      );
      return this.pages.send(
        request,
        response,
        'dashboard',
        { ...base, form: typed, problems: fieldProblems, dashboard: undefined },
        400,
      );
    }
    const dashboard = presentDashboard(await this.dashboards.dashboard(range), this.pages.locale(request), t);
    this.pages.send(request, response, 'dashboard', {
      ...base,
      form: range,
      problems: {},
      dashboard,
      csvHref: hrefWith('/admin/dashboard.csv', { ...range }, {}),
    });
  }

  @Get('dashboard.csv')
  async csv(@Query() query: Record<string, unknown>, @Req() request: ReportsRequest, @Res() response: Response) {
    const { range } = readMonthRange(query, new Date());
    // A range that cannot be read goes back to the page, which shows why beside the fields.
    if (!range)
      return response.redirect(
        hrefWith('/admin/dashboard', { from: String(query.from ?? ''), to: String(query.to ?? '') }, {}),
        303,
      );
    const { filename, csv } = await this.dashboards.csv(range);
    response
      .status(200)
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${filename}"`)
      .header('Cache-Control', 'no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .send(csv);
  }
}
