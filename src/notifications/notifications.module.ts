import { Module } from '@nestjs/common';
import { ManageTokens } from '../common/crypto/manage-tokens.js';
import { DispatcherService } from './dispatcher.service.js';
import { MailSender } from './mail-sender.js';
import { OutboxClaims } from './outbox-claims.js';
import { OutboxService } from './outbox.service.js';

/**
 * E-mail to attendees through a transactional outbox. Other modules call OutboxService inside their own
 * transactions; the dispatcher delivers in the background (see DispatcherService).
 */
@Module({
  providers: [OutboxService, OutboxClaims, MailSender, DispatcherService, ManageTokens],
  exports: [OutboxService],
})
export class NotificationsModule {}
