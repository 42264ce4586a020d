import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type DispatcherConfig } from '../config/app-config.js';
import { retryDelayMs } from './backoff.js';
import { composeMessage } from './compose-message.js';
import { MailSender } from './mail-sender.js';
import { type ClaimedMessage, OutboxClaims } from './outbox-claims.js';
import { reviveContext } from './stored-context.js';
import { ManageTokens } from '../common/crypto/manage-tokens.js';
import { StaffMailDelivery } from './staff-mail/staff-mail-delivery.js';

/**
 * Delivers the outbox (DESIGN rule 5): claims due messages in batches, sends each, records the outcome.
 * Runs in every app instance unless DISPATCHER_ENABLED=false, or alone in `npm run worker`; any number
 * may run at once (see OutboxClaims.claimDue). Shutting down waits for the sends in flight.
 */
@Injectable()
export class DispatcherService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Dispatcher');
  private readonly settings: DispatcherConfig;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly claims: OutboxClaims,
    private readonly mail: MailSender,
    private readonly tokens: ManageTokens,
    private readonly staffMail: StaffMailDelivery,
  ) {
    this.settings = config.dispatcher;
  }

  onApplicationBootstrap(): void {
    if (this.settings.enabled) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming, and resolves once every message already claimed has been sent and recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Claims one batch of due messages and delivers it; returns how many were claimed. */
  async dispatchBatch(): Promise<number> {
    const batch = await this.claims.claimDue(this.settings.batchSize, this.settings.leaseMs);
    const outcomes = await Promise.allSettled(batch.map((message) => this.deliver(message)));
    for (const outcome of outcomes) {
      // Recording an outcome failed (the database went away): the lease runs out and the message is retried.
      if (outcome.status === 'rejected') this.logger.error({ message: 'could not record a delivery outcome', error: errorText(outcome.reason) });
    }
    return batch.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.dispatchBatch();
      } catch (error) {
        this.logger.error({ message: 'could not claim due messages', error: errorText(error) });
      }
      // A full batch suggests more are waiting: go again at once; otherwise wait for the next poll.
      if (this.running && claimed < this.settings.batchSize) await this.pause(this.settings.pollIntervalMs);
    }
  }

  private async deliver(message: ClaimedMessage): Promise<void> {
    // The batch took so long that the lease has run out (a very slow SMTP server): another dispatcher may
    // hold the message by now, so leave it to whoever claims it next rather than send it twice.
    if (Date.now() >= message.lease.getTime()) return;
    try {
      if (!message.payload) throw new Error('the message has no payload to render');
      // Invitations and password resets for staff have their own composer (src/notifications/staff-mail).
      const staffMail = this.staffMail.outgoing(message);
      if (staffMail) {
        await this.mail.send(staffMail);
      } else {
        const context = reviveContext(message.payload, this.tokens);
        await this.mail.send({
          outboxId: message.id,
          kind: message.kind,
          messageId: message.messageId,
          to: { name: context.reservation.name, address: message.recipientEmail },
          clinic: context.clinic,
          composed: composeMessage(message.kind, context),
        });
      }
    } catch (error) {
      await this.recordFailure(message, errorText(error));
      return;
    }
    // Between the send above and this line, a crash leaves a sent message unrecorded; it will be sent
    // again after its lease, with the same Message-ID (the one duplicate DESIGN rule 5 allows).
    await this.claims.markSent(message);
  }

  private async recordFailure(message: ClaimedMessage, error: string): Promise<void> {
    const log = { outboxId: message.id, kind: message.kind, attempts: message.attempts, error: withoutAddresses(error) };
    if (message.attempts >= this.settings.maxAttempts) {
      if (await this.claims.markFailed(message, error)) this.logger.error({ message: 'giving up on a message', ...log });
      return;
    }
    const delayMs = retryDelayMs(message.attempts, this.settings);
    if (await this.claims.retryLater(message, error, delayMs)) this.logger.warn({ message: 'sending failed; will retry', retryInMs: delayMs, ...log });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 2000);
}

/** SMTP errors often quote the recipient; logs never carry attendees' addresses (DESIGN rule 8). */
function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '[address]');
}
