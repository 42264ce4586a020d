import { formatDateTime, formatZoneName } from '../../i18n/dates.js';
import { toLocale } from '../../i18n/locales.js';
import { translatorFor } from '../../i18n/translator.js';
import { renderHtml, renderText, type MailView } from '../messages/mail-layout.js';
import { singleLine } from '../messages/user-text.js';
import type { StaffMailKind, StoredStaffMail } from './staff-mail.js';

export interface ComposedStaffMail {
  subject: string;
  text: string;
  html: string;
}

const COPY_KEY: Record<StaffMailKind, string> = { 'staff-invitation': 'invitation', 'staff-password-reset': 'reset' };

/**
 * An invitation or a password-reset e-mail in the reader's language, in the attendees' mail layout: who
 * it is for, the one button with the link, until when it works, and what to do if it was not expected.
 * Pure: the same input gives the same output. Words from `account.mail.*`.
 */
export function composeStaffMail(
  kind: StaffMailKind,
  mail: StoredStaffMail,
  url: string,
  recipientEmail: string,
): ComposedStaffMail {
  const locale = toLocale(mail.locale);
  const { t } = translatorFor(locale);
  const copy = `account.mail.${COPY_KEY[kind]}`;
  const brand = t('office.brand');
  const name = singleLine(mail.recipientName, 200);
  const expires = new Date(mail.expiresAt);
  const until = `${formatDateTime(expires, mail.timeZone, locale)} (${formatZoneName(expires, mail.timeZone, locale)})`;
  const values = { brand, name, until, invitedBy: singleLine(mail.invitedBy ?? '', 200) };
  const view: MailView = {
    lang: locale,
    subject: singleLine(t(`${copy}.subject`, values), 250),
    preheader: singleLine(t(`${copy}.preheader`, values), 250),
    clinicName: brand,
    heading: t(`${copy}.heading`, values),
    greeting: t('account.mail.greeting', { name }),
    paragraphs: [t(mail.invitedBy ? `${copy}.introBy` : `${copy}.intro`, values)],
    title: t('account.mail.accountTitle'),
    description: '',
    details: [
      { label: t('account.mail.email'), value: singleLine(recipientEmail, 254) },
      { label: t('account.mail.validUntil'), value: until },
    ],
    manage: { label: t(`${copy}.button`), url, note: t(`${copy}.note`, values) },
    signOff: [t('account.mail.signOff'), brand],
    contact: t(`${copy}.unexpected`),
    address: '',
    footer: t('account.mail.footer'),
  };
  return { subject: view.subject, text: renderText(view), html: renderHtml(view) };
}
