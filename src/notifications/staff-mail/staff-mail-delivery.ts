import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { translatorFor } from '../../i18n/translator.js';
import { toLocale } from '../../i18n/locales.js';
import type { OutgoingMail } from '../dispatcher/mail-sender.js';
import { composeStaffMail } from './compose-staff-mail.js';
import { StaffLinkTokens } from './staff-link-tokens.js';
import { asStoredStaffMail, isStaffMailKind } from './staff-mail.js';

/** The fields of a claimed outbox row a staff mail is made from. */
export interface ClaimedRow {
  id: string;
  kind: string;
  messageId: string;
  recipientEmail: string;
  payload: unknown;
}

/**
 * The dispatcher's side of staff mail: turns a claimed row into the e-mail to send, writing the link from
 * the token row's id (the token itself was never stored). Sent in the name of the back office, replies to
 * MAIL_FROM (there is no clinic to answer).
 */
@Injectable()
export class StaffMailDelivery {
  private readonly fromAddress: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tokens: StaffLinkTokens,
  ) {
    this.fromAddress = /<([^>]+)>/.exec(config.mail.from)?.[1]?.trim() ?? config.mail.from.trim();
  }

  /** The e-mail for a staff-mail row; undefined for any other row (an attendee message). */
  outgoing(row: ClaimedRow): OutgoingMail | undefined {
    if (!isStaffMailKind(row.kind)) return undefined;
    const stored = asStoredStaffMail(row.payload);
    if (!stored) throw new Error('the staff message has no payload to render');
    const url = this.tokens.urlFor(row.kind, stored.tokenId);
    const brand = translatorFor(toLocale(stored.locale)).t('office.brand');
    return {
      outboxId: row.id,
      kind: row.kind,
      messageId: row.messageId,
      to: { name: stored.recipientName, address: row.recipientEmail },
      clinic: { name: brand, organizerEmail: this.fromAddress },
      composed: composeStaffMail(row.kind, stored, url, row.recipientEmail),
    };
  }
}
