import { Injectable } from '@nestjs/common';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { formatDateTime, formatWhen } from '../../i18n/dates.js';
import { toLocale, type Locale } from '../../i18n/locales.js';
import { JoinLinksService, type JoinPageAnswer } from '../../reservations/join-links/join-links.service.js';

/** What the join link answers: on to the meeting, or one page (a template, its model, language and status). */
export type JoinPage =
  { redirectTo: string } | { template: 'join' | 'manage-not-found'; model: object; locale: Locale; status: number };

/**
 * Status of each page: a link that still has a future (not open yet, waiting for a seat) is 200; one that
 * will never open the meeting again (over, cancelled, no seat) is 410 Gone.
 */
const STATUS: Record<JoinPageAnswer['kind'], number> = {
  'not-yet': 200,
  waitlisted: 200,
  offered: 200,
  ended: 410,
  'event-cancelled': 410,
  'no-seat': 410,
};

/** Builds the answer to a personal join link (`/join/<token>`, issue 9) from what JoinLinksService decided. */
@Injectable()
export class JoinPages {
  constructor(
    private readonly joinLinks: JoinLinksService,
    private readonly clinics: ClinicsService,
  ) {}

  async open(token: string, options: { record: boolean }): Promise<JoinPage> {
    const use = await this.joinLinks.use(token, options);
    if (!use) return this.notFound();
    if ('joinUrl' in use) return { redirectTo: use.joinUrl };
    const { answer, clinic, event } = use;
    const locale = toLocale(clinic.locale);
    return {
      template: 'join',
      locale,
      status: STATUS[answer.kind],
      model: {
        pageTitle: event.title,
        headerTitle: clinic.name,
        homeHref: `/clinics/${clinic.slug}`,
        contactClinic: clinic,
        noIndex: true,
        state: answer.kind,
        event: {
          title: event.title,
          startsAt: event.startsAt.toISOString(),
          when: formatWhen(event, locale),
        },
        opensAt: answer.kind === 'not-yet' ? formatDateTime(answer.opensAt, event.timeZone, locale) : undefined,
        managePath: use.managePath,
        clinicHref: `/clinics/${clinic.slug}`,
      },
    };
  }

  /** As a manage link that names nothing: no clinic can be told from a forged token, so every clinic's phone. */
  private async notFound(): Promise<JoinPage> {
    const clinics = await this.clinics.listActive();
    return {
      template: 'manage-not-found',
      locale: toLocale(undefined),
      status: 404,
      model: { pageTitle: '', noIndex: true, homeHref: '/', clinics },
    };
  }
}
