import type { Locale } from '../../i18n/locales.js';

/**
 * E-mails to staff (not attendees) that go through the same transactional outbox: an invitation to set a
 * password, and a password-reset link. Their payload names no clinic, event or reservation; the link's
 * token is never stored, only the id of the token row it is derived from (see StaffLinkTokens).
 */
export const STAFF_MAIL_KINDS = ['staff-invitation', 'staff-password-reset'] as const;
export type StaffMailKind = (typeof STAFF_MAIL_KINDS)[number];

export function isStaffMailKind(kind: unknown): kind is StaffMailKind {
  return typeof kind === 'string' && (STAFF_MAIL_KINDS as readonly string[]).includes(kind);
}

export interface StaffMailContext {
  recipient: { name: string; email: string };
  /** The language of the e-mail (the invitee's clinic's, or the browser's that asked for the reset). */
  locale: Locale;
  /** The staff_account_tokens row the link's token is derived from. */
  tokenId: string;
  /** When the link stops working. */
  expiresAt: Date;
  /** The zone that time is written in. */
  timeZone: string;
  /** Invitations: who invited them, as a name. */
  invitedBy?: string;
}

/** A StaffMailContext as it sits in the outbox row's jsonb payload. */
export interface StoredStaffMail {
  version: 1;
  audience: 'staff';
  recipientName: string;
  locale: Locale;
  tokenId: string;
  expiresAt: string;
  timeZone: string;
  invitedBy?: string;
}

export function storeStaffMail(context: StaffMailContext): StoredStaffMail {
  return {
    version: 1,
    audience: 'staff',
    recipientName: context.recipient.name,
    locale: context.locale,
    tokenId: context.tokenId,
    expiresAt: context.expiresAt.toISOString(),
    timeZone: context.timeZone,
    ...(context.invitedBy ? { invitedBy: context.invitedBy } : {}),
  };
}

/** The stored payload when it really is a staff mail's (a claimed row's payload is only typed, not checked). */
export function asStoredStaffMail(payload: unknown): StoredStaffMail | undefined {
  const value = payload as Partial<StoredStaffMail> | null;
  return value && value.audience === 'staff' && value.version === 1 && typeof value.tokenId === 'string'
    ? (value as StoredStaffMail)
    : undefined;
}
