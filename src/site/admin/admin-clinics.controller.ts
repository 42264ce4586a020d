import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from '../../common/http.js';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { embedSnippet } from '../../clinics/dto/clinic.dto.js';
import { AdminOnly, StaffPage } from '../../common/auth/decorators.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { SUPPORTED_LOCALES } from '../../i18n/locales.js';
import { resolveEventDefaults } from '../../settings/event-defaults.js';
import { clinicLevel, SettingsService } from '../../settings/settings.service.js';
import { AdminPages, type AdminRequest } from './admin-pages.js';
import {
  clinicField,
  clinicFormFrom,
  type ClinicFormValues,
  emptyClinicForm,
  offerChoices,
  readClinicForm,
  validateClinicForm,
} from './clinic-form.js';
import { describeDefaults, offsetLabel, reminderChoices } from './defaults-form.js';
import { clinicLeadChoices } from './reconfirm-form.js';
import { type FormProblems, NO_PROBLEMS, problemsFromDomainError, translateProblems } from './form-errors.js';

/** Codes of a clinic save that belong beside a field. */
const CLINIC_CODES = { CLINIC_SLUG_TAKEN: { field: 'slug', key: 'admin.error.CLINIC_SLUG_TAKEN' } };

/** Clinics: the list (archived ones too), a new one, one's page (edit, defaults, embed snippet, archive/restore). */
@ApiExcludeController()
@StaffPage()
@AdminOnly()
@Controller('admin/clinics')
export class AdminClinicsController {
  constructor(
    private readonly clinics: ClinicsService,
    private readonly settings: SettingsService,
    private readonly pages: AdminPages,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Req() request: AdminRequest, @Res() response: Response) {
    const t = this.pages.t(request);
    const clinics = await this.clinics.listAll();
    this.pages.send(request, response, 'clinics', {
      pageTitle: t('admin.clinics.title'),
      navCurrent: 'clinics',
      clinics,
    });
  }

  @Get('new')
  async newForm(@Req() request: AdminRequest, @Res() response: Response) {
    await this.renderForm(request, response, emptyClinicForm(), NO_PROBLEMS);
  }

  @Post()
  async create(@Body() body: Record<string, unknown>, @Req() request: AdminRequest, @Res() response: Response) {
    const values = readClinicForm(body);
    const { input, problems } = await validateClinicForm(values, 'create');
    if (!input) return this.renderForm(request, response, values, problems, undefined, 422);
    try {
      const clinic = await this.clinics.create(input, this.pages.signedIn(request).actor);
      this.pages.redirect(response, `/admin/clinics/${clinic.slug}`, 'created');
    } catch (error) {
      const shown = problemsFromDomainError(error, clinicField, CLINIC_CODES);
      if (!shown) throw error;
      return this.renderForm(request, response, values, shown, undefined, 409);
    }
  }

  @Get(':slug')
  async show(@Param('slug') slug: string, @Req() request: AdminRequest, @Res() response: Response) {
    const clinic = await this.clinics.getBySlug(slug);
    await this.renderForm(request, response, clinicFormFrom(clinic), NO_PROBLEMS, clinic);
  }

  @Post(':slug')
  async update(
    @Param('slug') slug: string,
    @Body() body: Record<string, unknown>,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    const clinic = await this.clinics.getBySlug(slug);
    const values = readClinicForm(body);
    const { input, problems } = await validateClinicForm(values, 'update');
    if (!input) return this.renderForm(request, response, values, problems, clinic, 422);
    try {
      const saved = await this.clinics.update(slug, input, this.pages.signedIn(request).actor);
      this.pages.redirect(response, `/admin/clinics/${saved.slug}`, 'saved');
    } catch (error) {
      const shown = problemsFromDomainError(error, clinicField, CLINIC_CODES);
      if (!shown) throw error;
      return this.renderForm(request, response, values, shown, clinic, 409);
    }
  }

  @Post(':slug/archive')
  async archive(@Param('slug') slug: string, @Req() request: AdminRequest, @Res() response: Response) {
    await this.clinics.archive(slug, this.pages.signedIn(request).actor);
    this.pages.redirect(response, `/admin/clinics/${slug}`, 'archived');
  }

  @Post(':slug/restore')
  async restore(@Param('slug') slug: string, @Req() request: AdminRequest, @Res() response: Response) {
    await this.clinics.restore(slug, this.pages.signedIn(request).actor);
    this.pages.redirect(response, `/admin/clinics/${slug}`, 'restored');
  }

  /** The new-clinic form, or an existing clinic's page (its form, what its events get, its embed snippet). */
  private async renderForm(
    request: AdminRequest,
    response: Response,
    values: ClinicFormValues,
    problems: FormProblems,
    clinic?: Clinic,
    status = 200,
  ) {
    const t = this.pages.t(request);
    const chain = await this.settings.chain();
    const effective = clinic ? describeDefaults(t, resolveEventDefaults(clinicLevel(clinic), chain)) : undefined;
    this.pages.send(
      request,
      response,
      'clinic',
      {
        pageTitle: clinic ? clinic.name : t('admin.clinics.newTitle'),
        navCurrent: 'clinics',
        clinic,
        values,
        ...translateProblems(t, problems),
        timeZones: Intl.supportedValuesOf('timeZone'),
        locales: SUPPORTED_LOCALES.map((locale) => [locale, t(`admin.locale.${locale}`)]),
        choices: reminderChoices(values.defaults.reminders),
        offsetLabel: (minutes: number) => offsetLabel(t, minutes),
        inherited: describeDefaults(t, resolveEventDefaults(chain)),
        reconfirmLeads: clinicLeadChoices(t, values.reconfirmLead),
        offers: offerChoices(t, values),
        effective,
        embedSnippet: clinic ? embedSnippet(clinic, this.config.publicBaseUrl) : undefined,
      },
      status,
    );
  }
}
