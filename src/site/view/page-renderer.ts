import path from 'node:path';
import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import type { Response } from '../../common/http.js';
import { PROJECT_ROOT } from '../../common/project-root.js';
import {
  formatDateTime,
  formatDay,
  formatShortDay,
  formatTimeRange,
  formatWhen,
  formatZoneName,
} from '../../i18n/dates.js';
import type { Locale } from '../../i18n/locales.js';
import { translatorFor, type Translate } from '../../i18n/translator.js';
import { AssetRegistry } from '../assets/asset-registry.js';
import { pageHeaders, type PagePolicy } from './page-headers.js';

/** What every template can use besides its own model. */
export interface PageContext {
  locale: Locale;
  t: Translate;
  asset: (logicalName: string) => string;
  dates: {
    when: typeof formatWhen;
    day: typeof formatDay;
    shortDay: typeof formatShortDay;
    timeRange: typeof formatTimeRange;
    zoneName: typeof formatZoneName;
    dateTime: typeof formatDateTime;
  };
}

export interface PageOptions {
  status?: number;
  policy: PagePolicy;
  locale: Locale;
}

const DATES = {
  when: formatWhen,
  day: formatDay,
  shortDay: formatShortDay,
  timeRange: formatTimeRange,
  zoneName: formatZoneName,
  dateTime: formatDateTime,
};

/**
 * Renders one template (Eta: `<%= %>` escapes, layouts and partials) and sends it with the page headers.
 * The one place that touches the HTTP response for pages, so the adapter can change behind it.
 */
@Injectable()
export class PageRenderer {
  private readonly eta = new Eta({
    views: path.join(PROJECT_ROOT, 'src/site/views'),
    cache: true,
    autoEscape: true,
    autoTrim: [false, 'nl'],
  });

  constructor(private readonly assets: AssetRegistry) {}

  render(template: string, model: object, locale: Locale): string {
    const context: PageContext = {
      locale,
      t: translatorFor(locale).t,
      asset: (name) => this.assets.url(name),
      dates: DATES,
    };
    return this.eta.render(template, { ...context, ...model });
  }

  send(response: Response, template: string, model: object, options: PageOptions): void {
    const html = this.render(template, model, options.locale);
    response.status(options.status ?? 200);
    // A page sets its own frame policy (pageHeaders): helmet's X-Frame-Options goes (an embeddable page has none).
    response.removeHeader('X-Frame-Options');
    for (const [name, value] of Object.entries(pageHeaders(options.policy))) response.header(name, value);
    response.send(html);
  }

  /** POST-redirect-GET: 303 so the browser follows with a GET. */
  redirect(response: Response, location: string, policy: PagePolicy): void {
    for (const [name, value] of Object.entries(pageHeaders(policy))) response.header(name, value);
    response.status(303).header('Location', location).send();
  }
}
