import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import type { Locale } from '../../../i18n/locales.js';
import { OutboxService } from '../../../notifications/outbox/outbox.service.js';
import {
  hashLinkToken,
  isLinkTokenShape,
  StaffLinkTokens,
} from '../../../notifications/staff-mail/staff-link-tokens.js';
import { StaffAccountAccess } from '../../../staff/staff-account-access.js';
import { StaffService } from '../../../staff/staff.service.js';
import { AccountTokensStore } from './account-tokens.store.js';

/** A reset link works for an hour, once. */
export const RESET_TTL_SECONDS = 60 * 60;
/** Asking again within this time sends nothing new (the first link is still on its way). */
const RESEND_AFTER_SECONDS = 60;

/**
 * Password reset by e-mail link. Asking gives the same answer whether or not the address has an account
 * (nobody learns which addresses do); the link is single-use, lasts an hour, and setting the password ends
 * all of that person's sessions. A pending invitation has no password to reset: its invitee uses the
 * invitation link.
 */
@Injectable()
export class PasswordResets {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccountTokensStore,
    private readonly links: StaffLinkTokens,
    private readonly outbox: OutboxService,
    private readonly accounts: StaffAccountAccess,
    private readonly staff: StaffService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Mails a reset link to the account with this address, if there is one; answers nothing either way. */
  async request(email: string, locale: Locale): Promise<void> {
    const user = await this.accounts.findActiveByEmail(email);
    if (!user) return;
    await this.dataSource.transaction(async (manager) => {
      if (await this.tokens.issuedWithin(manager, user.id, 'password-reset', RESEND_AFTER_SECONDS)) return;
      // The newest link is the only one that works.
      await this.tokens.voidOpen(manager, user.id, 'password-reset');
      const issued = this.links.issue();
      const expiresAt = await this.tokens.insert(manager, {
        id: issued.id,
        hash: issued.hash,
        staffUserId: user.id,
        purpose: 'password-reset',
        ttlSeconds: RESET_TTL_SECONDS,
      });
      await this.outbox.enqueueStaffMail(manager, 'staff-password-reset', {
        recipient: { name: user.name, email: user.email },
        locale,
        tokenId: issued.id,
        expiresAt,
        timeZone: user.clinics[0]?.timeZone ?? this.config.defaultTimeZone,
      });
    });
  }

  /** Whose password a link would reset (to show the page), or undefined when the link does not work. */
  async inspect(token: string): Promise<{ email: string; name: string } | undefined> {
    if (!isLinkTokenShape(token)) return undefined;
    const open = await this.tokens.findOpen(hashLinkToken(token), 'password-reset');
    const account = open && (await this.staff.findActiveAccount(open.staffUserId));
    return account && { email: account.email, name: account.name };
  }

  /**
   * Sets the new password from a link, spending the link and ending every session of the person, all in
   * one transaction. False when the link does not work (unknown, used, expired, or the account disabled).
   */
  async reset(token: string, password: string): Promise<boolean> {
    if (!isLinkTokenShape(token)) return false;
    return this.dataSource.transaction(async (manager) => {
      const staffUserId = await this.tokens.spend(manager, hashLinkToken(token), 'password-reset');
      if (!staffUserId) return false;
      if (!(await this.accounts.setPassword(manager, staffUserId, password))) return false;
      await this.tokens.voidOpen(manager, staffUserId, 'password-reset');
      return true;
    });
  }
}
