import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Clinic } from '../../clinics/clinic.entity.js';
import { ClinicsService } from '../../clinics/clinics.service.js';
import { toPublicEventView } from '../../events/dto/event-views.js';
import { EVENT_KINDS, type EventKind } from '../../events/event.entity.js';
import { EventsService } from '../../events/events.service.js';
import type { Locale } from '../../i18n/locales.js';
import { presentEventCard, type EventCardModel } from './event-presenter.js';

const PAGE_SIZE = 12;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface CatalogueQuery {
  clinic?: string;
  kind?: EventKind;
  page: number;
  notice?: 'cancelled';
}

/**
 * A person's query string, read forgivingly: a filter we do not know is dropped rather than answered
 * with an error page, since these URLs are typed, shared and bookmarked.
 */
export function readCatalogueQuery(query: Record<string, unknown>): CatalogueQuery {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const clinic = text(query.clinic);
  const kind = text(query.kind);
  const page = Number.parseInt(text(query.page) ?? '1', 10);
  return {
    clinic: clinic && clinic.length <= 80 && SLUG.test(clinic) ? clinic : undefined,
    kind: (EVENT_KINDS as readonly string[]).includes(kind ?? '') ? (kind as EventKind) : undefined,
    page: Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1,
    notice: text(query.notice) === 'cancelled' ? 'cancelled' : undefined,
  };
}

export interface CatalogueModel {
  pageTitle: string;
  heading: { key: string; clinic?: string };
  clinic?: { slug: string; name: string; phone: string };
  clinics: { slug: string; name: string }[];
  query: CatalogueQuery;
  events: EventCardModel[];
  page: number;
  pages: number;
  /** False when the catalogue stopped counting: there are at least `pages` pages ("Page 1 of 9 or more"). */
  pagesExact: boolean;
  filtered: boolean;
  pageHref: (page: number) => string;
}

/** Gathers the catalogue pages' view models from the events and clinics services. */
@Injectable()
export class CataloguePages {
  constructor(
    private readonly events: EventsService,
    private readonly clinics: ClinicsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  clinic(slug: string): Promise<Clinic> {
    return this.clinics.getActiveBySlug(slug);
  }

  async listing(
    query: CatalogueQuery,
    locale: Locale,
    clinic?: Clinic,
  ): Promise<CatalogueModel & { headerTitle?: string; contactClinic?: Clinic }> {
    const now = new Date();
    const [{ items, total, totalExact }, clinics] = await Promise.all([
      this.events.listPublic({ clinic: query.clinic, kind: query.kind, page: query.page, pageSize: PAGE_SIZE }, now),
      clinic ? Promise.resolve([]) : this.clinics.listActive(),
    ]);
    const base = clinic ? `/clinics/${clinic.slug}` : '/';
    const pageHref = (page: number) => {
      const params = new URLSearchParams();
      if (!clinic && query.clinic) params.set('clinic', query.clinic);
      if (query.kind) params.set('kind', query.kind);
      if (page > 1) params.set('page', String(page));
      const search = params.toString();
      return search ? `${base}?${search}` : base;
    };
    return {
      pageTitle: clinic ? clinic.name : '',
      heading: clinic ? { key: 'site.catalogue.clinicTitle', clinic: clinic.name } : { key: 'site.catalogue.title' },
      headerTitle: clinic?.name,
      homeHref: clinic ? base : '/',
      contactClinic: clinic,
      clinic: clinic ? { slug: clinic.slug, name: clinic.name, phone: clinic.phone } : undefined,
      clinics: clinics.map((c) => ({ slug: c.slug, name: c.name })),
      query,
      events: items.map((event) => presentEventCard(toPublicEventView(event, event.clinic, now), locale, now)),
      page: query.page,
      // A bounded total means more than `total` events: at least one more than counted.
      pages: Math.max(1, Math.ceil((totalExact ? total : total + 1) / PAGE_SIZE)),
      pagesExact: totalExact,
      filtered: Boolean(query.kind || (!clinic && query.clinic)),
      pageHref,
    } as CatalogueModel & { headerTitle?: string; contactClinic?: Clinic; homeHref: string };
  }

  /** Links open our own pages at the public address, outside the frame. */
  async embed(clinic: Clinic, locale: Locale) {
    const origin = this.config.publicBaseUrl;
    const now = new Date();
    const { items } = await this.events.listPublic({ clinic: clinic.slug, page: 1, pageSize: 8 }, now);
    return {
      pageTitle: clinic.name,
      embedded: true,
      bodyClass: 'embedded',
      clinic: { slug: clinic.slug, name: clinic.name },
      origin,
      events: items.map((event) => presentEventCard(toPublicEventView(event, event.clinic, now), locale, now)),
    };
  }
}
