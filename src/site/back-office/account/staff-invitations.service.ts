import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../../../audit/audit-log.js';
import { staffSnapshot } from '../../../audit/audit-snapshots.js';
import type { Actor } from '../../../common/auth/actor.js';
import { ForbiddenError, NotFoundError } from '../../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { Clinic } from '../../../clinics/clinic.entity.js';
import { type Locale, toLocale } from '../../../i18n/locales.js';
import { OutboxService } from '../../../notifications/outbox/outbox.service.js';
import {
  hashLinkToken,
  isLinkTokenShape,
  StaffLinkTokens,
} from '../../../notifications/staff-mail/staff-link-tokens.js';
import { StaffAccountAccess } from '../../../staff/staff-account-access.js';
import type { StaffRole, StaffUser } from '../../../staff/staff-user.entity.js';
import { StaffService } from '../../../staff/staff.service.js';
import { AccountTokensStore } from './account-tokens.store.js';

/** An invitation link works for a week, once. */
export const INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface InviteStaffInput {
  /** Trimmed and lower-cased by the DTO (as for accounts created with a password). */
  email: string;
  name: string;
  role: StaffRole;
  clinicIds: string[];
  /** The invitation e-mail's language; by default that of the first clinic named, else English. */
  locale?: Locale;
}

export interface InvitedStaff {
  user: StaffUser;
  /** When the link in the e-mail stops working. */
  expiresAt: Date;
}

export interface PendingInvitation {
  user: StaffUser;
  /** When the latest link stops working; undefined when every link has expired (invite again). */
  expiresAt?: Date;
}

/**
 * Staff invitations: an admin names the person (e-mail, name, role, clinics) and the service creates the
 * account without a password, with a week-long single-use link mailed through the outbox in the same
 * transaction. The account cannot sign in until the invitee opens the link and sets a password.
 */
@Injectable()
export class StaffInvitations {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccountTokensStore,
    private readonly links: StaffLinkTokens,
    private readonly outbox: OutboxService,
    private readonly accounts: StaffAccountAccess,
    private readonly staff: StaffService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Admins only. 409 STAFF_EMAIL_TAKEN when the address has an account; 400 when a clinic does not exist. */
  async invite(actor: Actor, input: InviteStaffInput): Promise<InvitedStaff> {
    assertAdmin(actor);
    const inviter = await this.staff.findActiveAccount(actor.id);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.accounts.createInvited(manager, input);
      // The new account in the audit log, in the same transaction (src/audit).
      await AuditLog.record(manager, {
        actor,
        action: 'staff_user.invited',
        clinicId: null,
        subject: { type: 'staff_user', id: user.id },
        after: staffSnapshot(user),
      });
      const expiresAt = await this.sendLink(manager, user, input.locale, inviter?.name);
      return { user, expiresAt };
    });
  }

  /** A fresh link for an invitation not accepted yet (the older links stop working). Admins only. */
  async reinvite(actor: Actor, staffUserId: string, locale?: Locale): Promise<InvitedStaff> {
    assertAdmin(actor);
    const inviter = await this.staff.findActiveAccount(actor.id);
    const user = await this.staff.get(staffUserId);
    if (user.invitedAt === null) throw new NotFoundError('Pending invitation');
    return this.dataSource.transaction(async (manager) => {
      await this.tokens.voidOpen(manager, user.id, 'invitation');
      return { user, expiresAt: await this.sendLink(manager, user, locale, inviter?.name) };
    });
  }

  /** Accounts invited but not yet set up, oldest first, with when their link expires. */
  async pending(): Promise<PendingInvitation[]> {
    const users = await this.accounts.listInvited();
    const expiries = await this.tokens.openInvitationExpiries(users.map((user) => user.id));
    return users.map((user) => ({ user, expiresAt: expiries.get(user.id) }));
  }

  /** Who a link invites (to show the page), or undefined when it does not work. */
  async inspect(token: string): Promise<{ email: string; name: string } | undefined> {
    if (!isLinkTokenShape(token)) return undefined;
    const open = await this.tokens.findOpen(hashLinkToken(token), 'invitation');
    const account = open && (await this.staff.findActiveAccount(open.staffUserId));
    return account && { email: account.email, name: account.name };
  }

  /**
   * The invitee sets their password: the link is spent and the account can sign in from now on. Returns the
   * account's id (the page signs the person in), or undefined when the link does not work any more.
   */
  async accept(token: string, password: string): Promise<string | undefined> {
    if (!isLinkTokenShape(token)) return undefined;
    return this.dataSource.transaction(async (manager) => {
      const staffUserId = await this.tokens.spend(manager, hashLinkToken(token), 'invitation');
      if (!staffUserId) return undefined;
      if (!(await this.accounts.setPassword(manager, staffUserId, password, { invitation: true }))) return undefined;
      await this.tokens.voidOpen(manager, staffUserId, 'invitation');
      return staffUserId;
    });
  }

  private async sendLink(
    manager: EntityManager,
    user: StaffUser,
    locale: Locale | undefined,
    invitedBy: string | undefined,
  ): Promise<Date> {
    const issued = this.links.issue();
    const expiresAt = await this.tokens.insert(manager, {
      id: issued.id,
      hash: issued.hash,
      staffUserId: user.id,
      purpose: 'invitation',
      ttlSeconds: INVITATION_TTL_SECONDS,
    });
    const firstClinic: Clinic | undefined = [...(user.clinics ?? [])].sort((a, b) => a.name.localeCompare(b.name))[0];
    await this.outbox.enqueueStaffMail(manager, 'staff-invitation', {
      recipient: { name: user.name, email: user.email },
      locale: locale ?? toLocale(firstClinic?.locale),
      tokenId: issued.id,
      expiresAt,
      timeZone: firstClinic?.timeZone ?? this.config.defaultTimeZone,
      invitedBy,
    });
    return expiresAt;
  }
}

function assertAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new ForbiddenError('Only admins can do this.', 'ADMIN_ONLY');
}
