import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from '../../common/http.js';
import { AdminOnly, StaffPage } from '../../common/auth/decorators.js';
import { ChainSettingsDto } from '../../settings/dto/event-defaults.dto.js';
import { BUILT_IN_DEFAULTS } from '../../settings/event-defaults.js';
import { SettingsService } from '../../settings/settings.service.js';
import { AdminPages, type AdminRequest } from './admin-pages.js';
import {
  defaultsField,
  defaultsFormFrom,
  defaultsInput,
  describeDefaults,
  offsetLabel,
  readDefaultsForm,
  reminderChoices,
  type DefaultsFormValues,
} from './defaults-form.js';
import { type FormProblems, NO_PROBLEMS, translateProblems, validateAs } from './form-errors.js';

/** The chain's defaults for new events (a clinic's own are on its page). */
@ApiExcludeController()
@StaffPage()
@AdminOnly()
@Controller('admin/settings')
export class AdminSettingsController {
  constructor(
    private readonly settings: SettingsService,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  async show(@Req() request: AdminRequest, @Res() response: Response) {
    this.render(request, response, defaultsFormFrom(await this.settings.chain()), NO_PROBLEMS);
  }

  @Post()
  async save(@Body() body: Record<string, unknown>, @Req() request: AdminRequest, @Res() response: Response) {
    const values = readDefaultsForm(body);
    const { input, problems } = await validateAs(ChainSettingsDto, defaultsInput(values), defaultsField);
    if (!input) return this.render(request, response, values, problems, 422);
    await this.settings.updateChain(input, this.pages.signedIn(request).actor);
    this.pages.redirect(response, '/admin/settings', 'saved');
  }

  private render(
    request: AdminRequest,
    response: Response,
    values: DefaultsFormValues,
    problems: FormProblems,
    status = 200,
  ): void {
    const t = this.pages.t(request);
    this.pages.send(
      request,
      response,
      'settings',
      {
        pageTitle: t('admin.settings.title'),
        navCurrent: 'settings',
        values,
        ...translateProblems(t, problems),
        choices: reminderChoices(values.reminders),
        offsetLabel: (minutes: number) => offsetLabel(t, minutes),
        inherited: describeDefaults(t, BUILT_IN_DEFAULTS),
      },
      status,
    );
  }
}
