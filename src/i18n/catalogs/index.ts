import type { Locale } from '../locales.js';
import { errorsEn } from './errors.en.js';
import { errorsPtPT } from './errors.pt-PT.js';
import { mailEn } from './mail.en.js';
import { mailPtPT } from './mail.pt-PT.js';
import { siteEn } from './site.en.js';
import { sitePtPT } from './site.pt-PT.js';

/** One catalog per language: `site.*` (pages), `mail.*` (e-mails and invites), `errors.*` (error codes as people read them). */
export const CATALOGS: Record<Locale, { site: typeof siteEn; mail: typeof mailEn; errors: typeof errorsEn }> = {
  en: { site: siteEn, mail: mailEn, errors: errorsEn },
  'pt-PT': { site: sitePtPT, mail: mailPtPT, errors: errorsPtPT },
};
