import { Module } from '@nestjs/common';
import { ManageTokens } from '../common/crypto/manage-tokens.js';
import { ReservationLinks } from '../common/crypto/reservation-links.js';
import { DispatcherService } from './dispatcher/dispatcher.service.js';
import { InviteUidDomain } from './messages/invite-uid-domain.js';
import { MailSender } from './dispatcher/mail-sender.js';
import { OutboxClaims } from './outbox/outbox-claims.js';
import { OutboxService } from './outbox/outbox.service.js';
import { StaffLinkTokens } from './staff-mail/staff-link-tokens.js';
import { StaffMailDelivery } from './staff-mail/staff-mail-delivery.js';

/**
 * E-mail to attendees through a transactional outbox. Other modules call OutboxService inside their own
 * transactions; the dispatcher delivers in the background (see DispatcherService).
 */
@Module({
  providers: [
    OutboxService,
    OutboxClaims,
    MailSender,
    DispatcherService,
    ManageTokens,
    ReservationLinks,
    StaffLinkTokens,
    StaffMailDelivery,
    InviteUidDomain,
  ],
  exports: [OutboxService, StaffLinkTokens, InviteUidDomain, ReservationLinks],
})
export class NotificationsModule {}
