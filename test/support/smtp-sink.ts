import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  recipients: string[];
  raw: Buffer;
  receivedAt: number;
}

export interface RefusedAttempt {
  messageId: string;
  refusedAt: number;
}

/**
 * A real SMTP server in the test process. It keeps every message it accepts, can be told to refuse mail
 * (451, a temporary failure) for a while, and can be slowed down so that a sender is caught mid-batch.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  readonly refused: RefusedAttempt[] = [];
  private refusingUntil = 0;
  private delayMs = 0;

  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
  ) {}

  /** Errors of client connections (a client gone mid-message), kept for a test to look at. */
  readonly connectionErrors: string[] = [];

  static async start(): Promise<SmtpSink> {
    let sink: SmtpSink | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 200,
      size: 10 * 1024 * 1024,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () =>
          sink!.onMessage(
            Buffer.concat(chunks),
            session.envelope.rcptTo.map((r) => r.address),
            callback,
          ),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    server.removeAllListeners('error');
    // A client that dies mid-message (the SIGKILL test kills a worker while it sends) makes the server
    // emit 'error' (ECONNRESET); that is the client's fate, not the sink's, and must not crash the run.
    server.on('error', (error: Error) => sink?.connectionErrors.push(error.message));
    const { port } = server.server.address() as AddressInfo;
    sink = new SmtpSink(server, `smtp://127.0.0.1:${port}`);
    return sink;
  }

  /** Refuses every message with 451 until accept(), or for `forMs` when given. */
  refuse(forMs = Number.POSITIVE_INFINITY): void {
    this.refusingUntil = Date.now() + forMs;
  }

  accept(): void {
    this.refusingUntil = 0;
  }

  /** Holds each message this long before answering, so a sender has mail in flight for a while. */
  slowDown(delayMs: number): void {
    this.delayMs = delayMs;
  }

  messageIds(): string[] {
    return this.received.map((mail) => mail.messageId);
  }

  reset(): void {
    this.received.length = 0;
    this.refused.length = 0;
    this.accept();
    this.slowDown(0);
  }

  parse(mail: ReceivedMail): Promise<ParsedMail> {
    return simpleParser(mail.raw);
  }

  /** Polls until `condition` holds; fails with `what` after `timeoutMs`. */
  async waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onMessage(raw: Buffer, recipients: string[], callback: (error?: Error | null) => void): void {
    const messageId = headerValue(raw, 'Message-ID') ?? '(none)';
    const answer = () => {
      if (Date.now() < this.refusingUntil) {
        this.refused.push({ messageId, refusedAt: Date.now() });
        callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        return;
      }
      this.received.push({ messageId, recipients, raw, receivedAt: Date.now() });
      callback(null);
    };
    if (this.delayMs > 0) setTimeout(answer, this.delayMs);
    else answer();
  }
}

function headerValue(raw: Buffer, name: string): string | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const headers = raw
    .subarray(0, end === -1 ? raw.length : end)
    .toString('utf8')
    .replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(headers)?.[1]?.trim();
}
