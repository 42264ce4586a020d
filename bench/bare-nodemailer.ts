/**
 * The dispatch benchmark's baseline: bare nodemailer sending the same messages as the dispatcher, with no
 * database and no Nest. Each message is rendered exactly as the dispatcher renders it (the manage link
 * derived from its nonce, composeMessage, the same MIME options) and sent through a transport built from
 * the same options as MailSender's (pooled, five connections). A bounded window of sends is in flight, so
 * memory holds a few messages at a time, never the whole run.
 */
import nodemailer from 'nodemailer';
import type { ManageTokens } from '../src/common/crypto/manage-tokens.js';
import type { AppConfig } from '../src/config/app-config.js';
import { composeMessage } from '../src/notifications/messages/compose-message.js';
import { mimeOptions, senderAddress, smtpTransportOptions } from '../src/notifications/dispatcher/mail-sender.js';
import type { MessageContext, OutboxKind } from '../src/notifications/notification-context.js';

export interface BareMessage {
  kind: OutboxKind;
  context: MessageContext;
  messageId: string;
}

/** Sends `count` messages made by `messageAt(i)`, `window` at a time; calls `onSent` after each is accepted. */
export async function sendBare(
  config: AppConfig,
  tokens: ManageTokens,
  count: number,
  messageAt: (i: number) => BareMessage,
  onSent: (sent: number) => void,
  window = 50,
): Promise<void> {
  const transport = nodemailer.createTransport(smtpTransportOptions(config));
  const from = senderAddress(config);
  let next = 0;
  let sent = 0;
  const worker = async () => {
    while (next < count) {
      const { kind, context, messageId } = messageAt(next++);
      // As the dispatcher does on each claimed row: the link is derived again from the stored nonce.
      const manageUrl = context.manageTokenNonce
        ? tokens.manageUrl(tokens.tokenFor(context.reservation.id, context.manageTokenNonce))
        : context.manageUrl;
      const revived = { ...context, manageUrl };
      const mail = {
        outboxId: messageId,
        kind,
        messageId,
        to: { name: revived.reservation.name, address: revived.reservation.email },
        clinic: revived.clinic,
        composed: composeMessage(kind, revived),
      };
      await transport.sendMail(mimeOptions(mail, from));
      onSent(++sent);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(window, count) }, worker));
  } finally {
    transport.close();
  }
}
