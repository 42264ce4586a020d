import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from '../../common/http.js';
import { AuditQueries } from '../../audit/audit-queries.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { AdminOnly, StaffPage } from '../../common/auth/decorators.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { presentAuditRow } from './audit-presenter.js';
import { hrefWith, ReportsPages, type ReportsRequest } from './reports-pages.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

interface AuditFilterForm {
  clinic?: string;
  event?: string;
  actor?: string;
  page: number;
}

/** `/admin/audit`: the audit log for admins, filtered by clinic, event and person, 50 a page. */
@ApiExcludeController()
@StaffPage()
@AdminOnly()
@Controller('admin/audit')
export class AuditPageController {
  constructor(
    private readonly audit: AuditQueries,
    private readonly clinics: ClinicsService,
    private readonly pages: ReportsPages,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() request: ReportsRequest, @Res() response: Response) {
    const t = this.pages.t(request);
    const { filter, problems } = readFilter(query);
    const [clinics, actors] = await Promise.all([this.clinics.listAll(), this.audit.actors()]);
    if (filter.clinic && !clinics.some((clinic) => clinic.slug === filter.clinic))
      problems.clinic = 'reports.audit.unknownClinic';
    const current = { clinic: filter.clinic, event: filter.event, actor: filter.actor };
    const link = (changes: Record<string, string | undefined>) =>
      hrefWith('/admin/audit', current, { ...changes, page: undefined });
    let result: Awaited<ReturnType<AuditQueries['list']>> | undefined;
    if (Object.keys(problems).length === 0) {
      try {
        result = await this.audit.list({
          clinic: filter.clinic,
          eventId: filter.event,
          actorId: filter.actor,
          page: filter.page,
        });
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
        problems.clinic = 'reports.audit.unknownClinic';
      }
    }
    const locale = this.pages.locale(request);
    const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
    this.pages.send(
      request,
      response,
      'audit',
      {
        pageTitle: t('reports.audit.title'),
        navCurrent: 'audit',
        filter,
        problems,
        clinics: clinics.map((clinic) => ({ slug: clinic.slug, name: clinic.name })),
        actors,
        entries: (result?.items ?? []).map((row) => presentAuditRow(row, locale, t, this.config.defaultTimeZone, link)),
        total: result?.total ?? 0,
        page: filter.page,
        pages,
        previousHref:
          filter.page > 1 ? hrefWith('/admin/audit', current, { page: String(filter.page - 1) }) : undefined,
        nextHref:
          filter.page < pages ? hrefWith('/admin/audit', current, { page: String(filter.page + 1) }) : undefined,
        clearHref: '/admin/audit',
        filtered: Boolean(filter.clinic || filter.event || filter.actor),
      },
      Object.keys(problems).length > 0 ? 400 : 200,
    );
  }
}

/** The filters as typed; each one that cannot be right gets a message key beside its field. */
function readFilter(query: Record<string, unknown>): { filter: AuditFilterForm; problems: Record<string, string> } {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  const problems: Record<string, string> = {};
  const clinic = text(query.clinic);
  const event = text(query.event);
  const actor = text(query.actor);
  const page = Number.parseInt(text(query.page) ?? '1', 10);
  if (clinic !== undefined && (clinic.length > 80 || !SLUG.test(clinic)))
    problems.clinic = 'reports.audit.unknownClinic';
  if (event !== undefined && !UUID.test(event)) problems.event = 'reports.audit.invalidEvent';
  if (actor !== undefined && !UUID.test(actor)) problems.actor = 'reports.audit.invalidPerson';
  return {
    filter: { clinic, event, actor, page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1 },
    problems,
  };
}
