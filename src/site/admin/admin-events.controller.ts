import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from '../../common/http.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { AdminOnly, StaffPage } from '../../common/auth/decorators.js';
import { Clock } from '../../common/clock.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { CancelEventDto } from '../../events/dto/cancel-event.dto.js';
import type { StaffEventView } from '../../events/dto/event-views.js';
import { EventsService } from '../../events/events.service.js';
import { formatDateTime, formatWhen, formatZoneName } from '../../i18n/dates.js';
import { resolveEventDefaults } from '../../settings/event-defaults.js';
import { clinicLevel, SettingsService } from '../../settings/settings.service.js';
import { EventOperationsService } from '../../reservations/event-changes/event-operations.service.js';
import { AdminPages, type AdminRequest } from './admin-pages.js';
import { describeDefaults, offsetLabel, reminderChoices } from './defaults-form.js';
import { describeReconfirm, reconfirmChoices } from './reconfirm-form.js';
import {
  emptyEventForm,
  eventField,
  eventFormFrom,
  type EventFormValues,
  readEventForm,
  validateEventEdit,
  validateNewEvent,
  validateReschedule,
} from './event-form.js';
import { EventCancellations } from './event-cancellation.js';
import { readEventFilter, eventListModel } from './event-list.js';
import {
  type FormProblems,
  NO_PROBLEMS,
  problemsFromDomainError,
  text,
  translateProblems,
  validateAs,
} from './form-errors.js';

/** Refusals of an event change that a person can act on, and where each shows. */
const EVENT_CODES: Record<string, { field?: string; key?: string }> = {
  INVALID_SCHEDULE: { field: 'endTime', key: 'admin.error.INVALID_SCHEDULE' },
  CAPACITY_BELOW_CONFIRMED: { field: 'capacity', key: 'admin.error.CAPACITY_BELOW_CONFIRMED' },
  EVENT_CANCELLED: {},
  EVENT_COMPLETED: {},
  EVENT_ALREADY_STARTED: {},
  INVALID_STATUS_TRANSITION: {},
};

type EventFormPage = 'event-new' | 'event-edit' | 'event-reschedule';

/** Every clinic's events: the list, a new one, one event's page, edit, reschedule, publish, cancel with a reason. */
@ApiExcludeController()
@StaffPage()
@AdminOnly()
@Controller('admin/events')
export class AdminEventsController {
  constructor(
    private readonly events: EventsService,
    private readonly operations: EventOperationsService,
    private readonly cancellations: EventCancellations,
    private readonly clock: Clock,
    private readonly clinics: ClinicsService,
    private readonly settings: SettingsService,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() request: AdminRequest, @Res() response: Response) {
    const t = this.pages.t(request);
    const clinics = await this.clinics.listAll();
    const filter = readEventFilter(query, clinics);
    const { items, total } = await this.events.listForAdmin(filter, this.pages.signedIn(request).actor);
    this.pages.send(request, response, 'events', {
      pageTitle: t('admin.events.title'),
      navCurrent: 'events',
      ...eventListModel(filter, items, total, clinics, this.pages.locale(request), this.clock.now()),
    });
  }

  @Get('new')
  async newForm(@Query('clinic') clinic: unknown, @Req() request: AdminRequest, @Res() response: Response) {
    await this.renderForm(
      request,
      response,
      'event-new',
      emptyEventForm(typeof clinic === 'string' ? clinic : ''),
      NO_PROBLEMS,
    );
  }

  @Post()
  async create(@Body() body: Record<string, unknown>, @Req() request: AdminRequest, @Res() response: Response) {
    const values = readEventForm(body);
    const { input, problems } = await validateNewEvent(values);
    if (!input) return this.renderForm(request, response, 'event-new', values, problems, undefined, 422);
    try {
      const clinic = await this.clinics.getBySlug(values.clinic);
      const event = await this.events.create(clinic, input, this.pages.signedIn(request).actor);
      this.pages.redirect(response, `/admin/events/${event.id}`, 'created');
    } catch (error) {
      const shown = problemsFromDomainError(error, eventField, { ...EVENT_CODES, NOT_FOUND: { field: 'clinic' } });
      if (!shown) throw error;
      return this.renderForm(request, response, 'event-new', values, shown, undefined, 409);
    }
  }

  @Get(':id')
  async show(@Param('id', UuidParam('Event')) id: string, @Req() request: AdminRequest, @Res() response: Response) {
    await this.renderEvent(request, response, id);
  }

  @Post(':id/publish')
  async publish(@Param('id', UuidParam('Event')) id: string, @Req() request: AdminRequest, @Res() response: Response) {
    try {
      await this.operations.publish(id, this.pages.signedIn(request).actor);
    } catch (error) {
      const shown = problemsFromDomainError(error, eventField, EVENT_CODES);
      if (!shown) throw error;
      return this.renderEvent(request, response, id, shown, 409);
    }
    this.pages.redirect(response, `/admin/events/${id}`, 'published');
  }

  @Get(':id/edit')
  async editForm(@Param('id', UuidParam('Event')) id: string, @Req() request: AdminRequest, @Res() response: Response) {
    const event = await this.operations.staffView(id, this.pages.signedIn(request).actor);
    await this.renderForm(request, response, 'event-edit', eventFormFrom(event), NO_PROBLEMS, event);
  }

  @Post(':id/edit')
  async edit(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    const actor = this.pages.signedIn(request).actor;
    const event = await this.operations.staffView(id, actor);
    const values = { ...readEventForm(body), kind: event.kind, clinic: event.clinic.slug };
    const { input, problems } = await validateEventEdit(values);
    if (!input) return this.renderForm(request, response, 'event-edit', values, problems, event, 422);
    try {
      await this.operations.update(id, input, actor);
    } catch (error) {
      const shown = problemsFromDomainError(error, eventField, EVENT_CODES);
      if (!shown) throw error;
      return this.renderForm(request, response, 'event-edit', values, shown, event, 409);
    }
    this.pages.redirect(response, `/admin/events/${id}`, 'saved');
  }

  @Get(':id/reschedule')
  async rescheduleForm(
    @Param('id', UuidParam('Event')) id: string,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    const event = await this.operations.staffView(id, this.pages.signedIn(request).actor);
    await this.renderForm(request, response, 'event-reschedule', eventFormFrom(event), NO_PROBLEMS, event);
  }

  /** A new day or time: confirmed attendees get the updated invite and their reminders move (the event update's own path). */
  @Post(':id/reschedule')
  async reschedule(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    const actor = this.pages.signedIn(request).actor;
    const event = await this.operations.staffView(id, actor);
    const values = { ...eventFormFrom(event), ...pick(readEventForm(body), ['date', 'startTime', 'endTime']) };
    const { input, problems } = await validateReschedule(values);
    if (!input) return this.renderForm(request, response, 'event-reschedule', values, problems, event, 422);
    try {
      await this.operations.update(id, input, actor);
    } catch (error) {
      const shown = problemsFromDomainError(error, eventField, EVENT_CODES);
      if (!shown) throw error;
      return this.renderForm(request, response, 'event-reschedule', values, shown, event, 409);
    }
    this.pages.redirect(response, `/admin/events/${id}`, 'rescheduled');
  }

  @Get(':id/cancel')
  async cancelForm(
    @Param('id', UuidParam('Event')) id: string,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    await this.renderCancel(request, response, id, '', NO_PROBLEMS);
  }

  /** Cancels the event; each attendee's e-mail gives the reason and offers the clinic's other sessions with seats. */
  @Post(':id/cancel')
  async cancel(
    @Param('id', UuidParam('Event')) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    const reason = text(body, 'reason', 600).trim();
    const { input, problems } = await validateAs(CancelEventDto, reason ? { reason } : {}, (field) =>
      field === 'reason' ? 'reason' : undefined,
    );
    if (!input) return this.renderCancel(request, response, id, reason, problems, 422);
    try {
      await this.operations.cancelEvent(id, this.pages.signedIn(request).actor, { reason: input.reason });
    } catch (error) {
      const shown = problemsFromDomainError(error, () => undefined, EVENT_CODES);
      if (!shown) throw error;
      return this.renderCancel(request, response, id, reason, shown, 409);
    }
    this.pages.redirect(response, `/admin/events/${id}`, 'cancelled');
  }

  private async renderEvent(
    request: AdminRequest,
    response: Response,
    id: string,
    problems: FormProblems = NO_PROBLEMS,
    status = 200,
  ) {
    const t = this.pages.t(request);
    const actor = this.pages.signedIn(request).actor;
    const { event: entity } = await this.events.getForStaff(id, actor);
    const event = await this.operations.staffView(id, actor);
    const cancellation =
      entity.status === 'cancelled' && entity.cancelledAt
        ? await this.cancellations.of(id, entity.cancelledAt)
        : undefined;
    this.pages.send(
      request,
      response,
      'event',
      {
        pageTitle: event.title,
        navCurrent: 'events',
        event,
        seriesId: entity.seriesId,
        times: this.times(event, request),
        cancellation: cancellation && {
          ...cancellation,
          at: formatDateTime(cancellation.cancelledAt, event.timeZone, this.pages.locale(request)),
        },
        reminders: event.reminderOffsetsMinutes.map((minutes) => offsetLabel(t, minutes)),
        reconfirm: describeReconfirm(t, event),
        ...translateProblems(t, problems),
      },
      status,
    );
  }

  private async renderForm(
    request: AdminRequest,
    response: Response,
    template: EventFormPage,
    values: EventFormValues,
    problems: FormProblems,
    event?: StaffEventView,
    status = 200,
  ) {
    const t = this.pages.t(request);
    const clinics = template === 'event-new' ? await this.clinics.listActive() : [];
    const chosen = clinics.find((clinic) => clinic.slug === values.clinic);
    const chain = await this.settings.chain();
    const titles: Record<EventFormPage, string> = {
      'event-new': t('admin.events.newTitle'),
      'event-edit': t('admin.events.editTitle'),
      'event-reschedule': t('admin.events.rescheduleTitle'),
    };
    this.pages.send(
      request,
      response,
      template,
      {
        pageTitle: titles[template],
        navCurrent: 'events',
        values,
        event,
        times: event && this.times(event, request),
        clinics,
        ...translateProblems(t, problems),
        choices: reminderChoices(values.defaults.reminders),
        offsetLabel: (minutes: number) => offsetLabel(t, minutes),
        inherited: describeDefaults(t, resolveEventDefaults(chosen && clinicLevel(chosen), chain)),
        reconfirmChoices: reconfirmChoices(t, values.reconfirm),
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
    const event = await this.operations.staffView(id, this.pages.signedIn(request).actor);
    this.pages.send(
      request,
      response,
      'event-cancel',
      {
        pageTitle: t('admin.events.cancelTitle'),
        navCurrent: 'events',
        event,
        times: this.times(event, request),
        reason,
        ...translateProblems(t, problems),
      },
      status,
    );
  }

  /** The event's times in its zone and the reader's language. */
  private times(event: StaffEventView, request: AdminRequest) {
    const locale = this.pages.locale(request);
    const times = { startsAt: new Date(event.startsAt), endsAt: new Date(event.endsAt), timeZone: event.timeZone };
    return { when: formatWhen(times, locale), zone: formatZoneName(times.startsAt, times.timeZone, locale), ...times };
  }
}

function pick<T extends object, K extends keyof T>(values: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, values[key]])) as Pick<T, K>;
}
