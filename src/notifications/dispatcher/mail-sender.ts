import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { ComposedMessage } from '../messages/compose-message.js';
import type { OutboxKind } from '../notification-context.js';
import type { StaffMailKind } from '../staff-mail/staff-mail.js';
import { emailAddress, singleLine } from '../messages/user-text.js';

export interface OutgoingMail {
  /** The outbox row's id: names the .eml file and the log line, never the recipient. */
  outboxId: string;
  kind: OutboxKind | StaffMailKind;
  messageId: string;
  to: { name: string; address: string };
  /** Shown as the sender's name; replies go to the clinic's organizer address. */
  clinic: { name: string; organizerEmail: string };
  composed: ComposedMessage;
}

/**
 * Sends mail through SMTP_URL (pooled connections), or, with no SMTP configured (the embedded default),
 * writes each message as an .eml file under MAIL_OUTBOX_DIR and logs one line without personal data.
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter;
  private readonly toFiles: boolean;
  private readonly fromAddress: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.toFiles = !config.mail.smtpUrl;
    this.fromAddress = senderAddress(config);
    this.transport = this.toFiles
      ? nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
      : nodemailer.createTransport(smtpTransportOptions(config));
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transport.sendMail(mimeOptions(mail, this.fromAddress));
    if (!this.toFiles) return;
    await mkdir(this.config.mail.outboxDir, { recursive: true });
    // Named by the outbox row, so a resend after a crash overwrites rather than duplicates.
    const file = path.join(this.config.mail.outboxDir, `${mail.outboxId}.eml`);
    await writeFile(file, info.message as Buffer);
    this.logger.log({
      message: 'No SMTP_URL configured: e-mail written to the outbox directory',
      file,
      outboxId: mail.outboxId,
      kind: mail.kind,
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}

/**
 * SMTP connections the pool keeps open. Sending is bound by the CPU that renders and encodes each message
 * (measured by bench/dispatch.ts), not by the server's replies, so a few connections are enough to keep one
 * Node process busy; the dispatcher renders about twice as many messages ahead (see DispatcherService).
 */
export const SMTP_CONNECTIONS = 5;

/** The bare address of MAIL_FROM ("Name <a@b>" or "a@b"); the display name is the clinic's. */
export function senderAddress(config: AppConfig): string {
  return /<([^>]+)>/.exec(config.mail.from)?.[1]?.trim() ?? config.mail.from.trim();
}

/** The pooled SMTP transport's options (exported so the dispatch benchmark's bare baseline uses the same). */
export function smtpTransportOptions(config: AppConfig) {
  // Every timeout well inside the dispatcher's lease, so a hung server cannot outlast a claim.
  const timeout = Math.max(1000, Math.min(60_000, Math.floor(config.dispatcher.leaseMs / 4)));
  return {
    url: config.mail.smtpUrl,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as const;
}

/** What nodemailer is asked to send for one message (exported for the same reason). */
export function mimeOptions(mail: OutgoingMail, fromAddress: string): SendMailOptions {
  const { composed } = mail;
  return {
    messageId: mail.messageId,
    from: { name: singleLine(mail.clinic.name, 200), address: fromAddress },
    replyTo: { name: singleLine(mail.clinic.name, 200), address: emailAddress(mail.clinic.organizerEmail) },
    to: { name: singleLine(mail.to.name, 200), address: emailAddress(mail.to.address) },
    subject: singleLine(composed.subject, 250),
    text: composed.text,
    html: composed.html,
    // nodemailer adds it twice: as the text/calendar; method=… alternative and as an invite.ics attachment.
    icalEvent: composed.invite
      ? { method: composed.invite.method, filename: 'invite.ics', content: composed.invite.ics }
      : undefined,
    // Inline images (the confirmation code's QR): with a cid, nodemailer puts them in multipart/related beside the HTML.
    attachments: composed.inlineImages?.map((image) => ({ ...image, contentDisposition: 'inline' as const })),
    headers: { 'Auto-Submitted': 'auto-generated' },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
