import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { EventsService } from '../../events/events.service.js';
import { toLocale } from '../../i18n/locales.js';
import { translatorFor } from '../../i18n/translator.js';
import { InviteUidDomain } from '../../notifications/messages/invite-uid-domain.js';
import { buildClinicFeed, type ClinicFeed } from './clinic-feed.js';

/** A feed lists at most this many upcoming events (a clinic's schedule for many months). */
const MAX_EVENTS = 500;

/** Gathers a clinic's upcoming published events and renders its calendar feed. */
@Injectable()
export class ClinicFeeds {
  constructor(
    private readonly clinics: ClinicsService,
    private readonly events: EventsService,
    private readonly uids: InviteUidDomain,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The feed of an active clinic (404 NOT_FOUND for an unknown or archived one). */
  async forClinic(slug: string, now = new Date()): Promise<ClinicFeed & { slug: string }> {
    const clinic = await this.clinics.getActiveBySlug(slug);
    // The public listing's own rule: published, not yet ended, in start order.
    const { items } = await this.events.listPublic({ clinic: clinic.slug, page: 1, pageSize: MAX_EVENTS }, now);
    const feed = buildClinicFeed({
      clinic,
      events: items,
      baseUrl: this.config.publicBaseUrl,
      uidFor: (event) => this.uids.uidFor(`event-${event.id}`),
      t: translatorFor(toLocale(clinic.locale)).t,
    });
    return { ...feed, slug: clinic.slug };
  }
}
