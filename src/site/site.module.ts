import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { EventsModule } from '../events/events.module.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { AdminPagesModule } from './admin/admin-pages.module.js';
import { AssetsModule } from './assets/assets.module.js';
import { DeskPagesModule } from './desk/desk-pages.module.js';
import { SessionPagesModule } from './back-office/session/session-pages.module.js';
import { BotCheckModule } from './bot-check/bot-check.module.js';
import { CataloguePageController } from './catalogue/catalogue-page.controller.js';
import { CataloguePages } from './catalogue/catalogue-pages.service.js';
import { FeedModule } from './feed/feed.module.js';
import { ReportsPagesModule } from './reports/reports-pages.module.js';
import { JoinPageController } from './join/join-page.controller.js';
import { JoinPages } from './join/join-pages.service.js';
import { ManagePageController } from './manage/manage-page.controller.js';
import { ManagePages } from './manage/manage-pages.service.js';
import { ReconfirmPageController } from './reconfirm/reconfirm-page.controller.js';
import { OfferPageController } from './offer/offer-page.controller.js';
import { EventPageController } from './reservation/event-page.controller.js';
import { EventPages } from './reservation/event-pages.service.js';
import { CsrfGuard, CsrfTokens } from './security/csrf-tokens.js';
import { ErrorPages } from './view/error-pages.js';
import { PageRenderer } from './view/page-renderer.js';

/** The pages people use: server-rendered, in the clinic's language, working without JavaScript. */
@Module({
  imports: [
    AssetsModule,
    BotCheckModule,
    ClinicsModule,
    EventsModule,
    ReservationsModule,
    SessionPagesModule,
    AdminPagesModule,
    FeedModule,
    DeskPagesModule,
    ReportsPagesModule,
  ],
  controllers: [
    CataloguePageController,
    EventPageController,
    ManagePageController,
    JoinPageController,
    ReconfirmPageController,
    OfferPageController,
  ],
  providers: [PageRenderer, CsrfTokens, CsrfGuard, ErrorPages, CataloguePages, EventPages, ManagePages, JoinPages],
  exports: [ErrorPages],
})
export class SiteModule {}
