import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort } from '../../src/database/throwaway-postgres.js';
import { createClinic, type ClinicBody } from './booking-fixtures.js';
import { SmtpSink, type ReceivedMail } from './smtp-sink.js';
import { sampleClinic, startTestApp, type TestApp } from './test-app.js';

/**
 * The real application listening on 127.0.0.1 at a free port, for a real browser. PUBLIC_BASE_URL is that
 * same address, so every link the app writes (manage links in e-mails, redirects) opens the real pages.
 * With `mail: true` the dispatcher runs in the app and sends to an SMTP server in this process, so a test
 * reads the real e-mails as they travelled.
 */

export interface ListeningApp extends TestApp {
  /** `http://127.0.0.1:<port>`, also the app's PUBLIC_BASE_URL. */
  baseUrl: string;
  /** The SMTP server the dispatcher sends to; only with `mail: true`. */
  sink?: SmtpSink;
}

export interface ListeningAppOptions {
  /** Runs the dispatcher, polling fast, against an in-process SMTP sink. */
  mail?: boolean;
  /** More environment for the app (wins over the defaults here). */
  env?: Record<string, string>;
  /** Wipe the database first (default true, as startTestApp). */
  reset?: boolean;
}

/** Dispatcher timings short enough that a message sent in a test arrives within a second. */
const FAST_MAIL_ENV = {
  DISPATCHER_ENABLED: 'true',
  DISPATCHER_POLL_INTERVAL_MS: '50',
  DISPATCHER_BATCH_SIZE: '20',
  DISPATCHER_LEASE_MS: '5000',
  DISPATCHER_MAX_ATTEMPTS: '5',
  DISPATCHER_BACKOFF_BASE_MS: '100',
  DISPATCHER_BACKOFF_MAX_MS: '1000',
  MAIL_FROM: 'Clinic Seminars <no-reply@seminars.test>',
};

export async function startListeningApp(options: ListeningAppOptions = {}): Promise<ListeningApp> {
  const sink = options.mail ? await SmtpSink.start() : undefined;
  // The port is chosen before the app starts because the app must know its own address; another process
  // taking it in between would make listen() fail loudly, not silently use another port.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let app: TestApp | undefined;
  try {
    app = await startTestApp(
      { PUBLIC_BASE_URL: baseUrl, ...(sink ? { ...FAST_MAIL_ENV, SMTP_URL: sink.url } : {}), ...options.env },
      { reset: options.reset },
    );
    await app.app.listen(port, '127.0.0.1');
  } catch (error) {
    await app?.close().catch(() => undefined);
    await sink?.close();
    throw error;
  }
  const started = app;
  return {
    ...started,
    baseUrl,
    sink,
    async close() {
      await started.close();
      await sink?.close();
    },
  };
}

// ————————————————————————————————————————————————————————————— the mailbox

export interface MailMessage {
  received: ReceivedMail;
  /** The message exactly as it crossed SMTP. */
  raw: string;
  parsed: ParsedMail;
  subject: string;
  /** The text/html part, decoded; '' when there is none. */
  html: string;
  text: string;
}

export async function readMessage(received: ReceivedMail): Promise<MailMessage> {
  const parsed = await simpleParser(received.raw);
  return {
    received,
    raw: received.raw.toString('utf8'),
    parsed,
    subject: parsed.subject ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    text: parsed.text ?? '',
  };
}

/** What reached `address` so far, oldest first. */
export function receivedBy(sink: SmtpSink, address: string): ReceivedMail[] {
  const wanted = address.toLowerCase();
  return sink.received
    .filter((mail) => mail.recipients.some((r) => r.toLowerCase() === wanted))
    .sort((a, b) => a.receivedAt - b.receivedAt);
}

/** Waits (bounded) until `count` messages have reached `address`, and reads them all, oldest first. */
export async function mailsTo(
  sink: SmtpSink,
  address: string,
  count: number,
  timeoutMs = 10_000,
): Promise<MailMessage[]> {
  await sink.waitUntil(
    `${count} e-mail(s) reach ${address} (got ${receivedBy(sink, address).length})`,
    () => receivedBy(sink, address).length >= count,
    timeoutMs,
  );
  return Promise.all(receivedBy(sink, address).map(readMessage));
}

/**
 * The latest message to `address` once at least `count` have arrived (so a test names which one it
 * waits for: the 2nd e-mail to a guest is `count: 2`), as raw source and parsed.
 */
export async function latestMailTo(
  sink: SmtpSink,
  address: string,
  count = 1,
  timeoutMs = 10_000,
): Promise<MailMessage> {
  const all = await mailsTo(sink, address, count, timeoutMs);
  return all[all.length - 1]!;
}

/** Where a suite keeps the e-mails it looked at, as .eml files any mail client opens. */
export const MAIL_DIR = path.resolve('test-results', 'mail');

/** Writes the message exactly as it crossed SMTP to test-results/mail/<name>.eml and returns the path. */
export async function saveEml(mail: MailMessage, name: string): Promise<string> {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`e-mail file name "${name}": use letters, digits, dots, dashes`);
  await mkdir(MAIL_DIR, { recursive: true });
  const file = path.join(MAIL_DIR, `${name}.eml`);
  await writeFile(file, mail.received.raw);
  return file;
}

// ————————————————————————————————————————————————————————————— clinics in a language

/**
 * A clinic that speaks `locale`. Asks the admin API first; where the API does not take `locale` yet
 * (it answers 400 to an unknown field), creates the clinic without it and sets the column directly.
 * `via` says which happened, so a suite can note it.
 */
export async function createClinicSpeaking(
  t: TestApp,
  auth: { Authorization: string },
  locale: string,
  overrides: Record<string, unknown> = {},
): Promise<{ clinic: ClinicBody; via: 'api' | 'sql' }> {
  const attempt = await t
    .http()
    .post('/api/admin/clinics')
    .set(auth)
    .send(sampleClinic({ ...overrides, locale }));
  let clinic: ClinicBody;
  let via: 'api' | 'sql' = 'api';
  if (attempt.status === 201) clinic = attempt.body as ClinicBody;
  else if (attempt.status === 400) clinic = await createClinic(t, auth, overrides);
  else throw new Error(`createClinicSpeaking: ${attempt.status} ${JSON.stringify(attempt.body)}`);

  const [row] = (await t.dataSource.query('SELECT locale FROM clinics WHERE id = $1', [clinic.id])) as {
    locale: string;
  }[];
  if (row?.locale !== locale) {
    await t.dataSource.query('UPDATE clinics SET locale = $2 WHERE id = $1', [clinic.id, locale]);
    via = 'sql';
  }
  return { clinic, via };
}
