import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from '../../common/http.js';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { AdminOnly, StaffPage } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { StaffService } from '../../staff/staff.service.js';
import type { StaffUser } from '../../staff/staff-user.entity.js';
import { StaffInvitations } from '../back-office/account/staff-invitations.service.js';
import { AdminPages, type AdminRequest } from './admin-pages.js';
import { type FormProblems, NO_PROBLEMS, problemsFromDomainError, translateProblems } from './form-errors.js';
import {
  EMPTY_STAFF_FORM,
  readStaffForm,
  staffField,
  staffFormFrom,
  type StaffFormValues,
  validateInvitation,
  validateStaffEdit,
} from './staff-form.js';

const STAFF_CODES: Record<string, { field?: string; key?: string }> = {
  STAFF_EMAIL_TAKEN: { field: 'email', key: 'admin.error.STAFF_EMAIL_TAKEN' },
  CANNOT_DEMOTE_SELF: {},
};

/** Staff accounts: the list, an invitation by e-mail (the invitee sets a password from the link), one account's role, clinics and access. */
@ApiExcludeController()
@StaffPage()
@AdminOnly()
@Controller('admin/staff')
export class AdminStaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly invitations: StaffInvitations,
    private readonly clinics: ClinicsService,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  async list(@Req() request: AdminRequest, @Res() response: Response) {
    const t = this.pages.t(request);
    const users = await this.staff.list();
    const rows = users.map((user) => ({ ...user, clinicNames: clinicNames(user), state: stateOf(user) }));
    this.pages.send(request, response, 'staff', { pageTitle: t('admin.staff.title'), navCurrent: 'staff', rows });
  }

  @Get('invite')
  async inviteForm(@Req() request: AdminRequest, @Res() response: Response) {
    await this.renderForm(request, response, EMPTY_STAFF_FORM, NO_PROBLEMS);
  }

  /** Creates the account without a password; the invitation e-mail carries the link to set one. */
  @Post('invite')
  async invite(@Body() body: Record<string, unknown>, @Req() request: AdminRequest, @Res() response: Response) {
    const values = readStaffForm(body);
    const { input, problems } = await validateInvitation(values);
    if (!input) return this.renderForm(request, response, values, problems, undefined, 422);
    try {
      const { user } = await this.invitations.invite(this.pages.signedIn(request).actor, {
        ...input,
        clinicIds: input.clinicIds ?? [],
      });
      this.pages.redirect(response, `/admin/staff/${user.id}`, 'invited');
    } catch (error) {
      const shown = problemsFromDomainError(error, staffField, STAFF_CODES);
      if (!shown) throw error;
      return this.renderForm(request, response, values, shown, undefined, 409);
    }
  }

  @Get(':id')
  async show(
    @Param('id', UuidParam('Staff user')) id: string,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    const user = await this.staff.get(id);
    await this.renderForm(request, response, staffFormFrom(user), NO_PROBLEMS, user);
  }

  @Post(':id')
  async update(
    @Param('id', UuidParam('Staff user')) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    const user = await this.staff.get(id);
    const values = { ...readStaffForm(body), email: user.email };
    const { input, problems } = await validateStaffEdit(values);
    if (!input) return this.renderForm(request, response, values, problems, user, 422);
    try {
      await this.staff.update(id, input, this.pages.signedIn(request).actor);
    } catch (error) {
      const shown = problemsFromDomainError(error, staffField, STAFF_CODES);
      if (!shown) throw error;
      return this.renderForm(request, response, values, shown, user, 409);
    }
    this.pages.redirect(response, `/admin/staff/${id}`, 'saved');
  }

  /** A fresh invitation link for an account whose invitation is still pending (the older links stop working). */
  @Post(':id/reinvite')
  async reinvite(
    @Param('id', UuidParam('Staff user')) id: string,
    @Req() request: AdminRequest,
    @Res() response: Response,
  ) {
    await this.invitations.reinvite(this.pages.signedIn(request).actor, id);
    this.pages.redirect(response, `/admin/staff/${id}`, 'reinvited');
  }

  private async renderForm(
    request: AdminRequest,
    response: Response,
    values: StaffFormValues,
    problems: FormProblems,
    user?: StaffUser,
    status = 200,
  ) {
    const t = this.pages.t(request);
    const clinics: Clinic[] = await this.clinics.listAll();
    this.pages.send(
      request,
      response,
      user ? 'staff-edit' : 'staff-invite',
      {
        pageTitle: user ? user.name : t('admin.staff.inviteTitle'),
        navCurrent: 'staff',
        user: user && { ...user, state: stateOf(user) },
        isSelf: user?.id === this.pages.signedIn(request).actor.id,
        values,
        clinics,
        ...translateProblems(t, problems),
      },
      status,
    );
  }
}

function clinicNames(user: StaffUser): string[] {
  return (user.clinics ?? []).map((clinic) => clinic.name).sort((a, b) => a.localeCompare(b));
}

/** Active, invited (no password set yet) or disabled. */
function stateOf(user: StaffUser): 'active' | 'invited' | 'disabled' {
  if (user.disabledAt) return 'disabled';
  return user.invitedAt ? 'invited' : 'active';
}
