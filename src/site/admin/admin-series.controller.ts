import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from '../../common/http.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { AdminOnly, StaffPage } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { CancelEventDto } from '../../events/dto/cancel-event.dto.js';
import { EventSeriesService, eventsStillToCome } from '../../events/series/event-series.service.js';
import { isInLastWeekOfMonth, weekdayPlace } from '../../events/series/recurrence-pattern.js';
import { formatDay, formatShortDay, formatTimeRange, formatZoneName } from '../../i18n/dates.js';
import type { Locale } from '../../i18n/locales.js';
import type { Translate } from '../../i18n/translator.js';
import { EventOperationsService } from '../../reservations/event-changes/event-operations.service.js';
import { EventSeriesOperationsService } from '../../reservations/event-changes/event-series-operations.service.js';
import { resolveEventDefaults } from '../../settings/event-defaults.js';
import { clinicLevel, SettingsService } from '../../settings/settings.service.js';
import { AdminPages, type AdminRequest } from './admin-pages.js';
import { describeDefaults, offsetLabel, reminderChoices } from './defaults-form.js';
import {
  type FormProblems,
  NO_PROBLEMS,
  problemsFromDomainError,
  text,
  translateProblems,
  validateAs,
} from './form-errors.js';
import {
  EMPTY_SERIES_EDIT,
  emptySeriesForm,
  readSeriesEdit,
  readSeriesForm,
  seriesField,
  seriesHiddenFields,
  type SeriesEditValues,
  type SeriesFormValues,
  validateSeriesEdit,
  validateSeriesForm,
} from './series-form.js';

const SERIES_CODES: Record<string, { field?: string; key?: string }> = {
  INVALID_SCHEDULE: { field: 'endTime', key: 'admin.error.INVALID_SCHEDULE' },
  CAPACITY_BELOW_CONFIRMED: { field: 'capacity', key: 'admin.error.CAPACITY_BELOW_CONFIRMED' },
  NOT_FOUND: { field: 'clinic' },
};

/**
 * Recurring events: the list of series, a new one (the form, then a preview of every occurrence in the
 * clinic's zone with "Create N events"), one series' page, a change to its future events, cancelling them.
 */
@ApiExcludeController()
@StaffPage()
@AdminOnly()
@Controller('admin/series')
export class AdminSeriesController {
  constructor(
    private readonly series: EventSeriesService,
    private readonly seriesOperations: EventSeriesOperationsService,
    private readonly operations: EventOperationsService,
    private readonly clinics: ClinicsService,
    private readonly settings: SettingsService,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  async list(@Req() request: AdminRequest, @Res() response: Response) {
    const t = this.pages.t(request);
    const locale = this.pages.locale(request);
    const series = await this.series.listSeries(this.pages.signedIn(request).actor);
    const rows = series.map((s) => ({
      ...s,
      first: formatShortDay(s.firstStartsAt, s.clinic.timeZone, locale),
      last: formatShortDay(s.lastStartsAt, s.clinic.timeZone, locale),
      next: s.nextStartsAt && formatDay(s.nextStartsAt, s.clinic.timeZone, locale),
    }));
    this.pages.send(request, response, 'series-list', {
      pageTitle: t('admin.series.title'),
      navCurrent: 'series',
      rows,
    });
  }

  @Get('new')
  async newForm(@Query('clinic') clinic: unknown, @Req() request: AdminRequest, @Res() response: Response) {
    await this.renderForm(request, response, emptySeriesForm(typeof clinic === 'string' ? clinic : ''), NO_PROBLEMS);
  }

  /** "Change" on the preview: the form again, as it was filled in. */
  @Post('new')
  async backToForm(@Body() body: Record<string, unknown>, @Req() request: AdminRequest, @Res() response: Response) {
    await this.renderForm(request, response, readSeriesForm(body), NO_PROBLEMS);
  }

  /** Every occurrence the series would have, in the clinic's zone, before anything is created. */
  @Post('preview')
  async preview(@Body() body: Record<string, unknown>, @Req() request: AdminRequest, @Res() response: Response) {
    const values = readSeriesForm(body);
    const { input, problems } = await validateSeriesForm(values);
    if (!input) return this.renderForm(request, response, values, problems, 422);
    const t = this.pages.t(request);
    const locale = this.pages.locale(request);
    try {
      const clinic = await this.clinics.getBySlug(values.clinic);
      const preview = await this.seriesOperations.preview(clinic, input, this.pages.signedIn(request).actor);
      const occurrences = preview.occurrences.map((o) => {
        const times = { startsAt: new Date(o.startsAt), endsAt: new Date(o.endsAt), timeZone: preview.timeZone };
        return { day: formatDay(times.startsAt, times.timeZone, locale), time: formatTimeRange(times, locale) };
      });
      this.pages.send(request, response, 'series-preview', {
        pageTitle: t('admin.series.previewTitle'),
        navCurrent: 'series',
        values,
        clinic,
        occurrences,
        hidden: seriesHiddenFields(values),
        zone: preview.occurrences.length
          ? formatZoneName(new Date(preview.occurrences[0].startsAt), preview.timeZone, locale)
          : preview.timeZone,
      });
    } catch (error) {
      const shown = problemsFromDomainError(error, seriesField(values), SERIES_CODES);
      if (!shown) throw error;
      return this.renderForm(request, response, values, shown, 422);
    }
  }

  @Post()
  async create(@Body() body: Record<string, unknown>, @Req() request: AdminRequest, @Res() response: Response) {
    const values = readSeriesForm(body);
    const { input, problems } = await validateSeriesForm(values);
    if (!input) return this.renderForm(request, response, values, problems, 422);
    try {
      const clinic = await this.clinics.getBySlug(values.clinic);
      const created = await this.seriesOperations.create(clinic, input, this.pages.signedIn(request).actor);
      this.pages.redirect(response, `/admin/series/${created.seriesId}`, 'seriesCreated');
    } catch (error) {
      const shown = problemsFromDomainError(error, seriesField(values), SERIES_CODES);
      if (!shown) throw error;
      return this.renderForm(request, response, values, shown, 409);
    }
  }

  @Get(':id')
  async show(
    @Param('id', UuidParam('Event series')) id: string,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    const t = this.pages.t(request);
    const locale = this.pages.locale(request);
    const { clinic, events } = await this.series.getSeries(id, this.pages.signedIn(request).actor);
    const views = await this.operations.staffViews(clinic, events);
    const rows = views.map((event) => {
      const times = { startsAt: new Date(event.startsAt), endsAt: new Date(event.endsAt), timeZone: event.timeZone };
      return {
        ...event,
        day: formatShortDay(times.startsAt, times.timeZone, locale),
        time: formatTimeRange(times, locale),
      };
    });
    const stillToCome = eventsStillToCome(events, new Date()).length;
    this.pages.send(request, response, 'series', {
      pageTitle: events[0].title,
      navCurrent: 'series',
      seriesId: id,
      clinic,
      rows,
      stillToCome,
    });
  }

  @Get(':id/edit')
  async editForm(
    @Param('id', UuidParam('Event series')) id: string,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    await this.renderEdit(request, response, id, EMPTY_SERIES_EDIT, NO_PROBLEMS);
  }

  @Post(':id/edit')
  async edit(
    @Param('id', UuidParam('Event series')) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    const values = readSeriesEdit(body);
    const { input, problems } = await validateSeriesEdit(values);
    if (!input) return this.renderEdit(request, response, id, values, problems, 422);
    try {
      await this.seriesOperations.updateFuture(id, input, this.pages.signedIn(request).actor);
    } catch (error) {
      const map = (field: string) =>
        ['title', 'venueName', 'joinUrl', 'capacity'].includes(field)
          ? field
          : field === 'startsAt' || field === 'endsAt'
            ? 'startTime'
            : undefined;
      const shown = problemsFromDomainError(error, map, {
        ...SERIES_CODES,
        INVALID_SCHEDULE: { field: 'startTime', key: 'admin.error.INVALID_SCHEDULE' },
      });
      if (!shown) throw error;
      return this.renderEdit(request, response, id, values, shown, 409);
    }
    this.pages.redirect(response, `/admin/series/${id}`, 'seriesUpdated');
  }

  @Get(':id/cancel')
  async cancelForm(
    @Param('id', UuidParam('Event series')) id: string,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    await this.renderCancel(request, response, id, '', NO_PROBLEMS);
  }

  @Post(':id/cancel')
  async cancel(
    @Param('id', UuidParam('Event series')) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    const reason = text(body, 'reason', 600).trim();
    const { input, problems } = await validateAs(CancelEventDto, reason ? { reason } : {}, (field) =>
      field === 'reason' ? 'reason' : undefined,
    );
    if (!input) return this.renderCancel(request, response, id, reason, problems, 422);
    await this.seriesOperations.cancel(id, this.pages.signedIn(request).actor, input.reason);
    this.pages.redirect(response, `/admin/series/${id}`, 'seriesCancelled');
  }

  private async renderForm(
    request: AdminRequest,
    response: Response,
    values: SeriesFormValues,
    problems: FormProblems,
    status = 200,
  ) {
    const t = this.pages.t(request);
    const clinics = await this.clinics.listActive();
    const chosen = clinics.find((clinic) => clinic.slug === values.clinic);
    const monthly = monthlyChoices(t, this.pages.locale(request), values.date);
    this.pages.send(
      request,
      response,
      'series-new',
      {
        pageTitle: t('admin.series.newTitle'),
        navCurrent: 'series',
        values,
        clinics,
        monthly,
        ...translateProblems(t, problems),
        choices: reminderChoices(values.defaults.reminders),
        offsetLabel: (minutes: number) => offsetLabel(t, minutes),
        inherited: describeDefaults(
          t,
          resolveEventDefaults(chosen && clinicLevel(chosen), await this.settings.chain()),
        ),
      },
      status,
    );
  }

  private async renderEdit(
    request: AdminRequest,
    response: Response,
    id: string,
    values: SeriesEditValues,
    problems: FormProblems,
    status = 200,
  ) {
    const t = this.pages.t(request);
    const locale = this.pages.locale(request);
    const { clinic, events } = await this.series.getSeries(id, this.pages.signedIn(request).actor);
    const future = eventsStillToCome(events, new Date());
    const next = future[0] ?? events[events.length - 1];
    const current = {
      time: formatTimeRange(next, locale),
      minutes: Math.round((next.endsAt.getTime() - next.startsAt.getTime()) / 60_000),
      reminders: describeDefaults(t, next).reminders,
      maxPartySize: describeDefaults(t, next).maxPartySize,
      waitlist: describeDefaults(t, next).waitlist,
    };
    this.pages.send(
      request,
      response,
      'series-edit',
      {
        pageTitle: t('admin.series.editTitle'),
        navCurrent: 'series',
        seriesId: id,
        clinic,
        next,
        current,
        futureCount: future.length,
        values,
        ...translateProblems(t, problems),
        choices: reminderChoices(values.defaults.reminders),
        offsetLabel: (minutes: number) => offsetLabel(t, minutes),
        inherited: {
          reminders: current.reminders,
          maxPartySize: String(next.maxPartySize),
          waitlist: current.waitlist,
        },
      },
      status,
    );
  }

  private async renderCancel(
    request: AdminRequest,
    response: Response,
    id: string,
    reason: string,
    problems: FormProblems,
    status = 200,
  ) {
    const t = this.pages.t(request);
    const { clinic, events } = await this.series.getSeries(id, this.pages.signedIn(request).actor);
    const future = eventsStillToCome(events, new Date());
    this.pages.send(
      request,
      response,
      'series-cancel',
      {
        pageTitle: t('admin.series.cancelTitle'),
        navCurrent: 'series',
        seriesId: id,
        clinic,
        title: events[0].title,
        futureCount: future.length,
        reason,
        ...translateProblems(t, problems),
      },
      status,
    );
  }
}

/** "On the second Tuesday of the month" and "On the last Tuesday of the month" for the first date, or the plain words without one. */
function monthlyChoices(t: Translate, locale: Locale, date: string): { nth: string; last: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T12:00:00Z`))) {
    return { nth: t('admin.series.onNthPlain'), last: t('admin.series.onLastPlain') };
  }
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
  const place = Math.min(weekdayPlace(date), 5);
  // Saturday and Sunday take other words in some languages (o domingo, but a terça-feira).
  const weekend = [0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay()) ? 'Weekend' : '';
  return {
    nth: t(`admin.series.onNth${weekend}`, { place: t(`admin.series.place${weekend}.p${place}`), weekday }),
    last: isInLastWeekOfMonth(date)
      ? t(`admin.series.onLast${weekend}`, { weekday })
      : t(`admin.series.onLastNotThisMonth${weekend}`, { weekday }),
  };
}
