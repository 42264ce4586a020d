import type { Locale } from '../locales.js';
import { accountEn } from './account.en.js';
import { accountPtPT } from './account.pt-PT.js';
import { adminEn } from './admin.en.js';
import { adminPtPT } from './admin.pt-PT.js';
import { deskEn } from './desk.en.js';
import { deskPtPT } from './desk.pt-PT.js';
import { errorsEn } from './errors.en.js';
import { errorsPtPT } from './errors.pt-PT.js';
import { mailEn } from './mail.en.js';
import { mailPtPT } from './mail.pt-PT.js';
import { officeEn } from './office.en.js';
import { officePtPT } from './office.pt-PT.js';
import { reportsEn } from './reports.en.js';
import { reportsPtPT } from './reports.pt-PT.js';
import { siteEn } from './site.en.js';
import { sitePtPT } from './site.pt-PT.js';

interface Catalog {
  site: typeof siteEn;
  mail: typeof mailEn;
  errors: typeof errorsEn;
  office: typeof officeEn;
  account: typeof accountEn;
  desk: typeof deskEn;
  admin: typeof adminEn;
  reports: typeof reportsEn;
}

/**
 * One catalog per language. Attendees: `site.*` (pages), `mail.*` (e-mails and invites). Everyone:
 * `errors.*` (error codes as people read them). Back office: `office.*` (frame and navigation),
 * `account.*` (sign-in, reset, invitation), `desk.*` (staff pages), `admin.*` (admin pages),
 * `reports.*` (dashboard, audit log).
 */
export const CATALOGS: Record<Locale, Catalog> = {
  en: {
    site: siteEn,
    mail: mailEn,
    errors: errorsEn,
    office: officeEn,
    account: accountEn,
    desk: deskEn,
    admin: adminEn,
    reports: reportsEn,
  },
  'pt-PT': {
    site: sitePtPT,
    mail: mailPtPT,
    errors: errorsPtPT,
    office: officePtPT,
    account: accountPtPT,
    desk: deskPtPT,
    admin: adminPtPT,
    reports: reportsPtPT,
  },
};
