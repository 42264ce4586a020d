import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type DispatcherConfig } from '../../config/app-config.js';
import { retryDelayMs } from './backoff.js';
import { composeMessage } from '../messages/compose-message.js';
import { MailSender, SMTP_CONNECTIONS } from './mail-sender.js';
import { type ClaimedMessage, OutboxClaims } from '../outbox/outbox-claims.js';
import { reviveContext } from '../outbox/stored-context.js';
import { ManageTokens } from '../../common/crypto/manage-tokens.js';
import { ReservationLinks } from '../../common/crypto/reservation-links.js';
import { StaffMailDelivery } from '../staff-mail/staff-mail-delivery.js';

/** Messages rendered and handed to the SMTP pool at once: enough to keep every connection busy. */
const SENDS_IN_FLIGHT = 2 * SMTP_CONNECTIONS;

/**
 * Delivers the outbox (DESIGN rule 5): claims due messages in batches, sends each, records the outcome.
 * Runs in every app instance unless DISPATCHER_ENABLED=false, or alone in `npm run worker`; any number
 * may run at once (see OutboxClaims.claimDue). Shutting down waits for the sends in flight.
 *
 * Throughput (bench/dispatch.ts): once every message of a batch is being sent, the next batch is claimed,
 * so the SMTP pool never waits for a claim or for a batch's slowest message, while no claimed message waits
 * longer than before for its turn (its lease must outlast the wait); a message is rendered only when a send slot
 * frees (SENDS_IN_FLIGHT), so memory holds a few rendered messages whatever the backlog; and sent rows are
 * recorded together, one UPDATE for all the sends that finished while the previous one ran (SentRecorder).
 */
@Injectable()
export class DispatcherService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Dispatcher');
  private readonly settings: DispatcherConfig;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly slots = new SendSlots(SENDS_IN_FLIGHT);
  private readonly sent: SentRecorder;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly claims: OutboxClaims,
    private readonly mail: MailSender,
    private readonly tokens: ManageTokens,
    private readonly staffMail: StaffMailDelivery,
    private readonly links: ReservationLinks,
  ) {
    this.settings = config.dispatcher;
    this.sent = new SentRecorder(claims);
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
    await this.deliverAll(batch);
    return batch.length;
  }

  /**
   * Claims while a full batch came back: the next one as soon as every message of the previous one has a
   * send slot (its last few are still being sent meanwhile), so at most one batch and SENDS_IN_FLIGHT
   * messages are ever held. After a short batch, waits for the next poll. Ends once stopped and every
   * claimed message has been sent and recorded.
   */
  private async run(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (this.running) {
      let claimed = 0;
      try {
        const batch = await this.claims.claimDue(this.settings.batchSize, this.settings.leaseMs);
        claimed = batch.length;
        if (claimed > 0) {
          const delivering: Promise<void> = this.deliverAll(batch).finally(() => inFlight.delete(delivering));
          inFlight.add(delivering);
        }
      } catch (error) {
        this.logger.error({ message: 'could not claim due messages', error: errorText(error) });
      }
      if (!this.running) break;
      if (claimed < this.settings.batchSize) await this.pause(this.settings.pollIntervalMs);
      else await this.slots.noneWaiting();
    }
    await Promise.all(inFlight);
  }

  private async deliverAll(batch: readonly ClaimedMessage[]): Promise<void> {
    const outcomes = await Promise.allSettled(batch.map((message) => this.slots.run(() => this.deliver(message))));
    for (const outcome of outcomes) {
      // Recording an outcome failed (the database went away): the lease runs out and the message is retried.
      if (outcome.status === 'rejected')
        this.logger.error({ message: 'could not record a delivery outcome', error: errorText(outcome.reason) });
    }
  }

  private async deliver(message: ClaimedMessage): Promise<void> {
    // The message waited so long for a send slot that less than half its lease is left (a slow SMTP server,
    // a loaded machine): a send started now could still be unrecorded when the lease runs out and another
    // dispatcher claims it again, a duplicate. Leave it to whoever claims it next instead.
    if (Date.now() >= message.lease.getTime() - this.settings.leaseMs / 2) return;
    try {
      if (!message.payload) throw new Error('the message has no payload to render');
      // Invitations and password resets for staff have their own composer (src/notifications/staff-mail).
      const staffMail = this.staffMail.outgoing(message);
      if (staffMail) {
        await this.mail.send(staffMail);
      } else {
        const context = reviveContext(message.payload, this.tokens, this.links);
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
    // Between the send above and its recording, a crash leaves a sent message unrecorded; it will be sent
    // again after its lease, with the same Message-ID (the one duplicate DESIGN rule 5 allows).
    await this.sent.record(message);
  }

  private async recordFailure(message: ClaimedMessage, error: string): Promise<void> {
    const log = {
      outboxId: message.id,
      kind: message.kind,
      attempts: message.attempts,
      error: withoutAddresses(error),
    };
    if (message.attempts >= this.settings.maxAttempts) {
      if (await this.claims.markFailed(message, error))
        this.logger.error({ message: 'giving up on a message', ...log });
      return;
    }
    const delayMs = retryDelayMs(message.attempts, this.settings);
    if (await this.claims.retryLater(message, error, delayMs))
      this.logger.warn({ message: 'sending failed; will retry', retryInMs: delayMs, ...log });
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

/** Runs at most `size` tasks at once; the rest wait their turn in order. */
class SendSlots {
  private readonly waiting: (() => void)[] = [];
  private readonly emptied: (() => void)[] = [];

  constructor(private free: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
      if (this.waiting.length === 0) this.emptied.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Resolves once no task waits for a slot (every task handed over has started). */
  noneWaiting(): Promise<void> {
    return this.waiting.length === 0 ? Promise.resolve() : new Promise((resolve) => this.emptied.push(resolve));
  }
}

/**
 * Records sent messages in groups: one UPDATE is in flight at a time, and the sends that finish meanwhile
 * go into the next one. Under load that is one statement for many messages; when idle, one for one, at
 * once. Each send still waits for its own recording, so a crash leaves unrecorded (and later sent again)
 * only what was waiting for the statement in flight.
 */
class SentRecorder {
  private waiting: { message: ClaimedMessage; recorded: () => void; failed: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly claims: OutboxClaims) {}

  record(message: ClaimedMessage): Promise<void> {
    return new Promise((recorded, failed) => {
      this.waiting.push({ message, recorded, failed });
      if (!this.writing) void this.write();
    });
  }

  private async write(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      try {
        await this.claims.markSent(group.map((entry) => entry.message));
        for (const entry of group) entry.recorded();
      } catch (error) {
        for (const entry of group) entry.failed(error);
      }
    }
    this.writing = false;
  }
}
