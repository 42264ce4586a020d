/**
 * Outbox dispatcher throughput benchmark: starts PostgreSQL (DATABASE_URL, or a throwaway embedded server in
 * a temporary directory), migrates it, starts an SMTP server in this process on 127.0.0.1 that counts what
 * it receives by Message-ID, enqueues N due messages through OutboxService (confirmations with invites and
 * reminders, one booking-sized transaction each), then runs K dispatchers, each its own Nest application
 * context from WorkerModule on the same database, until every row is sent.
 *
 *   npm run bench:dispatch -- --messages=2000 --dispatchers=2 [--batch-size=50] [--poll-interval-ms=2000] [--time-limit-ms=120000]
 *
 * Every flag can also be given as BENCH_<NAME> (BENCH_MESSAGES, BENCH_DISPATCHERS, BENCH_BATCH_SIZE, …).
 * Prints wall time, messages/s, enqueue-to-delivery latency, how the dispatchers shared the work,
 * duplicates, lost messages and the peak RSS of this process (the SMTP server, the producer and all K
 * dispatchers; PostgreSQL runs in processes of its own). Mail only ever goes to the SMTP server on 127.0.0.1.
 *
 * Bounded: after the time limit (the whole run) the dispatchers stop and the figures so far are reported.
 * The embedded database and the temporary directory are removed at the end, on SIGINT/SIGTERM (a second
 * signal exits at once) and on any other exit. Exit code 0 when every message arrived exactly once, 1 when
 * any was lost (not delivered, the time limit included) or duplicated, or the run failed.
 *
 * With DATABASE_URL (a scratch database: its due messages would go to this SMTP server) the bench refuses
 * to start while other messages are pending there, and leaves its sent rows (payloads cleared) behind.
 */
import 'reflect-metadata';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { ManageTokens } from '../src/common/crypto/manage-tokens.js';
import { type AppConfig, loadConfig } from '../src/config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { DispatcherService } from '../src/notifications/dispatcher.service.js';
import type { MessageContext, NotificationClinic, NotificationEvent } from '../src/notifications/notification-context.js';
import { OutboxClaims } from '../src/notifications/outbox-claims.js';
import { OutboxService } from '../src/notifications/outbox.service.js';
import { WorkerModule } from '../src/worker.module.js';
import { freePort, throwawayDataDir } from '../src/database/throwaway-postgres.js';

interface Options {
  messages: number;
  dispatchers: number;
  batchSize: number;
  pollIntervalMs: number;
  timeLimitMs: number;
}

const FLAGS = ['messages', 'dispatchers', 'batch-size', 'poll-interval-ms', 'time-limit-ms'] as const;

function readOptions(argv: string[]): Options {
  const flags = new Map(
    argv.filter((a) => a.startsWith('--')).map((a) => {
      const [key, value] = a.slice(2).split('=');
      return [key, value ?? ''] as const;
    }),
  );
  const unknown = [...flags.keys()].filter((key) => !(FLAGS as readonly string[]).includes(key));
  if (unknown.length > 0) throw new Error(`Unknown flag(s): ${unknown.map((k) => `--${k}`).join(', ')}; known: ${FLAGS.map((f) => `--${f}`).join(', ')}`);
  const int = (name: (typeof FLAGS)[number], fallback: number, min: number, max: number) => {
    const raw = flags.get(name) ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
    const value = raw === undefined || raw.trim() === '' ? fallback : /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  return {
    messages: int('messages', 2000, 1, 200_000),
    dispatchers: int('dispatchers', 2, 1, 32),
    // The service's own defaults (DISPATCHER_BATCH_SIZE, DISPATCHER_POLL_INTERVAL_MS), so the figures are the shipped ones.
    batchSize: int('batch-size', 50, 1, 1000),
    pollIntervalMs: int('poll-interval-ms', 2000, 10, 3_600_000),
    timeLimitMs: int('time-limit-ms', 120_000, 1_000, 3_600_000),
  };
}

/** Transactions in flight at once while enqueueing (the producer's pool holds 5 connections). */
const ENQUEUE_CONCURRENCY = 4;
const SMTP_HOST = '127.0.0.1';

// ---------------------------------------------------------------------------------------------------------
// The SMTP server: counts each Message-ID, remembers when its first copy arrived and for whom.

interface Delivery {
  copies: number;
  firstAt: number;
  recipients: string;
}

class CountingSmtpServer {
  readonly byMessageId = new Map<string, Delivery>();
  bytes = 0;
  messages = 0;
  lastFirstDeliveryAt = 0;
  readonly connectionErrors: string[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
  ) {}

  static async start(): Promise<CountingSmtpServer> {
    let self: CountingSmtpServer | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 200,
      size: 10 * 1024 * 1024,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          self!.record(Buffer.concat(chunks), session.envelope.rcptTo.map((r) => r.address).join(','));
          callback(null);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, SMTP_HOST, () => resolve());
    });
    server.removeAllListeners('error');
    // A client gone mid-message makes the server emit 'error'; that is the client's fate, not the server's.
    server.on('error', (error: Error) => self?.connectionErrors.push(error.message));
    const { port } = server.server.address() as AddressInfo;
    self = new CountingSmtpServer(server, `smtp://${SMTP_HOST}:${port}`);
    return self;
  }

  get unique(): number {
    return this.byMessageId.size;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(raw: Buffer, recipients: string): void {
    const now = performance.now();
    this.messages += 1;
    this.bytes += raw.length;
    const messageId = headerValue(raw, 'Message-ID') ?? '(none)';
    const seen = this.byMessageId.get(messageId);
    if (seen) {
      seen.copies += 1;
      return;
    }
    this.byMessageId.set(messageId, { copies: 1, firstAt: now, recipients });
    this.lastFirstDeliveryAt = now;
  }
}

function headerValue(raw: Buffer, name: string): string | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const headers = raw.subarray(0, end === -1 ? raw.length : end).toString('utf8').replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(headers)?.[1]?.trim();
}

// ---------------------------------------------------------------------------------------------------------
// Logging: the contexts' warnings and errors are counted, and the first few printed (they name no attendee).

class CountingLogger implements LoggerService {
  warnings = 0;
  errors = 0;
  /** Set while shutting down on a signal: what fails then is the shutdown's doing. */
  quiet = false;
  private printed = 0;

  log(): void {}
  debug(): void {}
  verbose(): void {}

  warn(message: unknown, ...rest: unknown[]): void {
    // Expected here: @nestjs/typeorm keeps one process-wide list of data source names, and every context
    // registers "default". Each context still builds its own DataSource (checked in main).
    if (rest[rest.length - 1] === 'DataSourceNameRegistry') return;
    this.warnings += 1;
    this.print('warn', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.errors += 1;
    this.print('error', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.error(message, ...rest);
  }

  private print(level: string, message: unknown, rest: unknown[]): void {
    if (this.quiet || this.printed >= 10) return;
    this.printed += 1;
    const context = typeof rest[rest.length - 1] === 'string' ? ` [${String(rest[rest.length - 1])}]` : '';
    console.error(`  ${level}${context}: ${typeof message === 'string' ? message : JSON.stringify(message)}`.slice(0, 600));
    if (this.printed === 10) console.error('  (further warnings and errors are only counted)');
  }
}

// ---------------------------------------------------------------------------------------------------------
// What gets enqueued: three clinics in three zones and locales, seminars and webinars next week (the
// confirmations, with invites) and sessions starting in 24 hours and in 1 hour (their reminders, due now).

interface Fixtures {
  clinics: NotificationClinic[];
  nextWeek: NotificationEvent[][]; // per clinic: [seminar, webinar]
  reminderEvents: { event: NotificationEvent; offsetMinutes: number }[][]; // per clinic: [24 h, 1 h]
  eventIds: string[];
}

const MINUTE_MS = 60_000;

function fixtures(now: number): Fixtures {
  // Whole minutes, not after now: each reminder is due (its start minus its offset) as soon as it is written.
  const base = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const clinics: NotificationClinic[] = [
    {
      id: randomUUID(),
      name: 'Lakeside Back Clinic',
      organizerEmail: 'seminars@lakeside.bench.example',
      address: { line1: '12 Harbour Street', city: 'Chicago', postalCode: '60601', region: 'IL', country: 'US' },
      phone: '+1 312 555 0100',
      timeZone: 'America/Chicago',
      locale: 'en-US',
    },
    {
      id: randomUUID(),
      name: 'Riverside Physio & Sports Injury Centre',
      organizerEmail: 'events@riverside.bench.example',
      address: { line1: '4 Mill Lane', line2: 'Unit 7', city: 'London', postalCode: 'SE1 9RT', country: 'GB' },
      phone: '+44 20 7946 0018',
      timeZone: 'Europe/London',
      locale: 'en-GB',
    },
    {
      id: randomUUID(),
      name: 'Harbourside Spine Clinic',
      organizerEmail: 'bookings@harbourside.bench.example',
      address: { line1: '88 George Street', city: 'Sydney', postalCode: '2000', region: 'NSW', country: 'AU' },
      phone: '+61 2 5550 1234',
      timeZone: 'Australia/Sydney',
      locale: 'en-AU',
    },
  ];
  const event = (clinic: NotificationClinic, kind: 'seminar' | 'webinar', startsAt: number, title: string): NotificationEvent => ({
    id: randomUUID(),
    kind,
    title,
    description:
      kind === 'seminar'
        ? 'Posture, lifting and desk set-up, with a physiotherapist.\nBring comfortable clothes; the session is about 90 minutes.'
        : 'A live online session with time for questions at the end.\nThe join link works on any browser.',
    startsAt: new Date(startsAt),
    endsAt: new Date(startsAt + 90 * MINUTE_MS),
    timeZone: clinic.timeZone,
    venueName: kind === 'seminar' ? 'Seminar room 2' : null,
    joinUrl: kind === 'webinar' ? `https://meet.bench.example/j/${randomBytes(6).toString('hex')}` : null,
    sequence: 0,
  });
  const nextWeek = clinics.map((clinic) => [
    event(clinic, 'seminar', base + 7 * 1440 * MINUTE_MS, 'Healthy backs at work'),
    event(clinic, 'webinar', base + 8 * 1440 * MINUTE_MS, 'Living with sciatica: a Q&A with our team'),
  ]);
  const reminderEvents = clinics.map((clinic) => [
    { event: event(clinic, 'seminar', base + 1440 * MINUTE_MS, 'Knee pain after 50'), offsetMinutes: 1440 },
    { event: event(clinic, 'webinar', base + 60 * MINUTE_MS, 'Running without injuries'), offsetMinutes: 60 },
  ]);
  const eventIds = [...nextWeek.flat(), ...reminderEvents.flat().map((r) => r.event)].map((e) => e.id);
  return { clinics, nextWeek, reminderEvents, eventIds };
}

const FIRST_NAMES = ['Ada', 'José', 'Zoë', 'Mohammed', 'Siobhán', 'Wei', 'Priya', 'Lars', 'Amara', 'Tomasz'];
const LAST_NAMES = ['Lovelace', 'García', 'Müller', 'Okafor', "O'Brien", 'Chen', 'Nakamura', 'Kowalski', 'Haddad', 'Smith'];

/** Message i: three in five are confirmations (seminar or webinar), two in five reminders (24 h or 1 h). */
function messageFor(i: number, f: Fixtures, tokens: ManageTokens): { kind: 'confirmation' | 'reminder'; context: MessageContext; dueAt: Date } {
  const c = i % f.clinics.length;
  const reservationId = randomUUID();
  const nonce = randomBytes(16).toString('hex');
  const reservation = {
    id: reservationId,
    name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`,
    email: `attendee-${i}@guests.bench.example`,
    partySize: 1 + (i % 3),
    confirmationCode: `${randomBytes(2).toString('hex').toUpperCase().slice(0, 3)}-${randomBytes(3).toString('hex').toUpperCase().slice(0, 4)}`,
    status: 'confirmed' as const,
    inviteSequence: 0,
  };
  // Like BookingNotifier: the nonce is stored, and the link is derived again when the message is sent.
  const link = { manageUrl: tokens.manageUrl(tokens.tokenFor(reservationId, nonce)), manageTokenNonce: nonce };
  if (i % 5 < 3) {
    const event = f.nextWeek[c]![i % 2]!;
    return { kind: 'confirmation', context: { clinic: f.clinics[c]!, event, reservation, ...link }, dueAt: new Date() };
  }
  const { event, offsetMinutes } = f.reminderEvents[c]![i % 2]!;
  return {
    kind: 'reminder',
    context: { clinic: f.clinics[c]!, event, reservation, ...link, reminderOffsetMinutes: offsetMinutes },
    dueAt: new Date(event.startsAt.getTime() - offsetMinutes * MINUTE_MS),
  };
}

// ---------------------------------------------------------------------------------------------------------

interface Dispatcher {
  context: INestApplicationContext;
  service: DispatcherService;
  claims: { batches: number; claimed: number; short: number; empty: number };
}

interface Enqueued {
  kind: string;
  recipient: string;
  enqueuedAt: number;
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms).unref())]);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a');

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  const externalUrl = process.env.DATABASE_URL;
  const runStarted = performance.now();
  const deadline = runStarted + options.timeLimitMs;
  const remainingMs = () => Math.max(1, deadline - performance.now());

  // Peak RSS of this process, sampled throughout.
  let peakRss = process.memoryUsage().rss;
  const rssSampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  rssSampler.unref();

  let embedded: EmbeddedDatabase | undefined;
  let runDir: string | undefined;
  let smtp: CountingSmtpServer | undefined;
  let producer: INestApplicationContext | undefined;
  const dispatchers: Dispatcher[] = [];
  let monitor: pg.Client | undefined;
  let enqueueing: Promise<unknown> = Promise.resolve();
  let logger: CountingLogger | undefined;
  let stopping = false;

  // One clean-up however many ways ask for it (the end of the run, a signal, a failure): the dispatchers
  // first (closing waits for their sends in flight), then the SMTP server, then PostgreSQL and the directory.
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => (cleaning ??= stopEverything());
  const stopEverything = async () => {
    stopping = true;
    clearInterval(rssSampler);
    // Transactions in flight finish first (the enqueue loop stops at `stopping`); the dispatchers' sends
    // in flight finish as their contexts close.
    await withTimeout(enqueueing, 10_000, 'finishing the transactions in flight').catch(() => undefined);
    if (logger) logger.quiet = true;
    const contexts = [...dispatchers.map((d) => d.context), ...(producer ? [producer] : [])];
    await Promise.all(contexts.map((c) => withTimeout(c.close(), 15_000, 'closing a Nest context').catch((e: Error) => console.error(e.message))));
    if (monitor) await withTimeout(monitor.end(), 5_000, 'closing the monitor connection').catch(() => undefined);
    if (smtp) await withTimeout(smtp.close(), 5_000, 'closing the SMTP server').catch((e: Error) => console.error(e.message));
    if (embedded) await withTimeout(embedded.stop(), 15_000, 'stopping PostgreSQL').catch((e: Error) => console.error(e.message));
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  };

  // embedded-postgres (through async-exit-hook) stops its servers and exits on SIGINT/SIGTERM by itself,
  // under the dispatchers still working: replace that with the ordered clean-up. Its 'exit' hook stays, so
  // PostgreSQL is still stopped on any other way out.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      if (cleaning) {
        console.error(`\n${signal} again: exiting now.`);
        process.exit(code);
      }
      console.error(`\n${signal}: stopping (a second signal exits at once).`);
      void cleanUp().finally(() => process.exit(code));
    });
  }
  // Should closing itself hang after the time limit, leave anyway (the exit hooks stop PostgreSQL and remove the directory).
  const lastResort = setTimeout(() => {
    console.error('\nStill not finished 60 s after the time limit: exiting.');
    process.exit(1);
  }, options.timeLimitMs + 60_000);
  lastResort.unref();

  try {
    let databaseUrl: string;
    if (externalUrl) {
      databaseUrl = externalUrl;
    } else {
      const throwaway = throwawayDataDir('clinic-seminars-bench-');
      runDir = throwaway.runDir;
      embedded = await withTimeout(startEmbeddedPostgres({ dataDir: throwaway.dataDir, port: await freePort() }), remainingMs(), 'starting PostgreSQL');
      await embedded.createDatabaseIfMissing('clinic_seminars_bench');
      databaseUrl = embedded.urlFor('clinic_seminars_bench');
    }

    smtp = await CountingSmtpServer.start();
    if (new URL(smtp.url).hostname !== SMTP_HOST) throw new Error(`refusing to send anywhere but ${SMTP_HOST}`);

    logger = new CountingLogger();
    // Built from these values only (not the environment), so SMTP_URL and DISPATCHER_* outside cannot leak in.
    const config: AppConfig = loadConfig(
      {
        NODE_ENV: 'development',
        JWT_SECRET: randomBytes(32).toString('base64url'),
        PUBLIC_BASE_URL: 'http://bench.example',
        SEED_DEMO_DATA: 'false',
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Clinic Seminars <no-reply@bench.example>',
        MAIL_OUTBOX_DIR: path.join(runDir ?? tmpdir(), 'outbox'),
        DISPATCHER_ENABLED: 'false', // started by hand below, all at once, after every context is up
        DISPATCHER_BATCH_SIZE: String(options.batchSize),
        DISPATCHER_POLL_INTERVAL_MS: String(options.pollIntervalMs),
        LOG_LEVEL: 'warn',
      },
      process.cwd(),
    );
    if (config.mail.smtpUrl !== smtp.url) throw new Error('the configuration does not send to the bench SMTP server');
    const newContext = async () => {
      const context = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, databaseUrl }), { logger, abortOnError: false });
      await context.init();
      return context;
    };

    // The producer migrates the database (migrationsRun) before any dispatcher starts.
    producer = await withTimeout(newContext(), remainingMs(), 'starting the producer (and migrating)');
    monitor = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-dispatch-monitor' });
    await monitor.connect();
    if (externalUrl) {
      const { rows: [{ due }] } = await monitor.query<{ due: number }>(
        `SELECT count(*)::int AS due FROM outbox_messages WHERE status = 'pending' AND due_at <= now() + make_interval(secs => $1::double precision / 1000)`,
        [options.timeLimitMs],
      );
      if (due > 0) throw new Error(`DATABASE_URL has ${due} pending messages due within the time limit: the bench would deliver them to its own SMTP server. Use a scratch database.`);
    }

    console.log(
      `bench:dispatch  messages=${options.messages} dispatchers=${options.dispatchers} batch=${options.batchSize} ` +
        `poll=${options.pollIntervalMs}ms time-limit=${options.timeLimitMs}ms database=${externalUrl ? 'DATABASE_URL' : 'embedded'} smtp=${smtp.url}`,
    );

    // Enqueue: one transaction per booking-sized change, ENQUEUE_CONCURRENCY at a time, through OutboxService.
    const f = fixtures(Date.now());
    const outbox = producer.get(OutboxService);
    const tokens = producer.get(ManageTokens);
    const dataSource = producer.get(DataSource);
    const enqueued = new Map<string, Enqueued>();
    let next = 0;
    let enqueueTimedOut = false;
    const enqueueStarted = performance.now();
    await (enqueueing = Promise.allSettled(
      Array.from({ length: Math.min(ENQUEUE_CONCURRENCY, options.messages) }, async () => {
        while (next < options.messages && !stopping) {
          if (performance.now() >= deadline) {
            enqueueTimedOut = true;
            return;
          }
          const message = messageFor(next++, f, tokens);
          const { messageId } = await dataSource.transaction((manager) => outbox.enqueue(manager, message));
          enqueued.set(messageId, { kind: message.kind, recipient: message.context.reservation.email, enqueuedAt: performance.now() });
        }
      }),
    ).then((outcomes) => {
      const failed = outcomes.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
    }));
    const enqueueMs = performance.now() - enqueueStarted;
    const kinds = [...enqueued.values()].reduce((acc, m) => acc.set(m.kind, (acc.get(m.kind) ?? 0) + 1), new Map<string, number>());
    console.log(
      `  enqueued      ${enqueued.size} messages (${kinds.get('confirmation') ?? 0} confirmations with invites, ${kinds.get('reminder') ?? 0} reminders), ` +
        `one transaction each, ${ENQUEUE_CONCURRENCY} at a time: ${ms(enqueueMs)} (${((enqueued.size / enqueueMs) * 1000).toFixed(0)}/s)`,
    );

    // K dispatchers, each its own application context (own pool, own SMTP pool), started together.
    for (let k = 0; k < options.dispatchers && !stopping && !enqueueTimedOut; k += 1) {
      const context = await withTimeout(newContext(), remainingMs(), `starting dispatcher ${k + 1}`);
      const counter = { batches: 0, claimed: 0, short: 0, empty: 0 };
      const claims = context.get(OutboxClaims);
      const claimDue = claims.claimDue.bind(claims);
      claims.claimDue = async (limit, leaseMs) => {
        const batch = await claimDue(limit, leaseMs);
        counter.batches += 1;
        counter.claimed += batch.length;
        if (batch.length === 0) counter.empty += 1;
        else if (batch.length < limit) counter.short += 1;
        return batch;
      };
      dispatchers.push({ context, service: context.get(DispatcherService), claims: counter });
    }
    const pools = new Set([producer, ...dispatchers.map((d) => d.context)].map((c) => c.get(DataSource)));
    if (pools.size !== dispatchers.length + 1) throw new Error('the Nest contexts share a DataSource: the dispatchers would not be independent');
    const rssBeforeDispatch = process.memoryUsage().rss;
    const cpuBeforeDispatch = process.cpuUsage();
    const eluBeforeDispatch = performance.eventLoopUtilization();
    const dispatchStarted = performance.now();
    for (const d of dispatchers) d.service.start();

    const pendingOfOurs = async () => {
      const { rows: [{ pending }] } = await monitor!.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM outbox_messages WHERE event_id = ANY($1::uuid[]) AND status = 'pending'`,
        [f.eventIds],
      );
      return pending;
    };
    let timedOut = enqueueTimedOut;
    let lastCheck = -Infinity;
    while (!stopping && !timedOut) {
      const now = performance.now();
      if (now >= deadline) {
        timedOut = true;
        break;
      }
      // The database is asked twice a second, or at once when every message has arrived (for the last marks).
      if (smtp.unique >= enqueued.size || now - lastCheck >= 500) {
        lastCheck = now;
        const pending = await withTimeout(pendingOfOurs(), remainingMs(), 'counting pending messages').catch(() => -1);
        if (pending === 0) break;
      }
      await sleep(10);
    }
    const dispatchEnded = performance.now();
    const cpu = process.cpuUsage(cpuBeforeDispatch);
    const elu = performance.eventLoopUtilization(eluBeforeDispatch);
    if (timedOut) console.error(`\nTime limit of ${options.timeLimitMs} ms reached: stopping the dispatchers and reporting.`);
    else if (!stopping) await sleep(250); // room for a late duplicate to show up

    // Stop the dispatchers (each waits for its sends in flight), then read the outcome.
    await Promise.all(dispatchers.map((d) => withTimeout(d.service.stop(), 30_000, 'stopping a dispatcher').catch((e: Error) => console.error(e.message))));
    if (stopping) return 130;
    const { rows } = await withTimeout(
      monitor.query<{ message_id: string; status: string; attempts: number }>(
        `SELECT message_id, status, attempts FROM outbox_messages WHERE event_id = ANY($1::uuid[])`,
        [f.eventIds],
      ),
      30_000,
      'reading the outbox',
    );

    // The figures.
    const rowStatus = new Map(rows.map((r) => [r.message_id, r.status]));
    const attempts = rows.reduce((sum, r) => sum + r.attempts, 0);
    const claimedAgain = rows.filter((r) => r.attempts > 1).length;
    let duplicates = 0;
    let foreign = 0;
    let misaddressed = 0;
    for (const [messageId, delivery] of smtp.byMessageId) {
      duplicates += delivery.copies - 1;
      const expected = enqueued.get(messageId);
      if (!expected) foreign += delivery.copies;
      else if (delivery.recipients !== expected.recipient) misaddressed += 1;
    }
    const lostBy = new Map<string, number>();
    const latencies: number[] = [];
    const sinceStart: number[] = [];
    for (const [messageId, message] of enqueued) {
      const delivery = smtp.byMessageId.get(messageId);
      if (delivery) {
        latencies.push(delivery.firstAt - message.enqueuedAt);
        sinceStart.push(delivery.firstAt - dispatchStarted);
        continue;
      }
      const status = rowStatus.get(messageId) ?? 'missing';
      const reason = status === 'sent' ? 'marked sent but never received' : status === 'pending' ? 'still pending' : status;
      lostBy.set(reason, (lostBy.get(reason) ?? 0) + 1);
    }
    const lost = [...lostBy.values()].reduce((a, b) => a + b, 0);
    latencies.sort((a, b) => a - b);
    sinceStart.sort((a, b) => a - b);
    const delivered = latencies.length;
    const complete = delivered > 0 && delivered === enqueued.size;
    const wallMs = (complete ? smtp.lastFirstDeliveryAt : dispatchEnded) - dispatchStarted;

    console.log(`  dispatchers   ${dispatchers.length} (Nest contexts from WorkerModule, one database, batches of ${options.batchSize}, poll ${options.pollIntervalMs} ms)`);
    console.log(`  delivered     ${delivered} of ${enqueued.size} (${smtp.messages} SMTP messages, ${mb(smtp.bytes)}, ${(smtp.bytes / Math.max(1, smtp.messages) / 1024).toFixed(1)} KB each)`);
    console.log(`  wall time     ${ms(wallMs)} (dispatchers started → ${complete ? 'last delivery' : 'stopped'})`);
    console.log(`  throughput    ${((delivered / wallMs) * 1000).toFixed(1)} messages/s`);
    console.log(
      `  latency       enqueue→delivery p50 ${ms(percentile(latencies, 50))}  p95 ${ms(percentile(latencies, 95))}  max ${ms(latencies[latencies.length - 1] ?? NaN)}` +
        `   (dispatch start→delivery p50 ${ms(percentile(sinceStart, 50))}  p95 ${ms(percentile(sinceStart, 95))})`,
    );
    dispatchers.forEach((d, k) =>
      console.log(`  dispatcher ${k + 1}  claimed ${d.claims.claimed} in ${d.claims.batches} claims (${d.claims.short} short, ${d.claims.empty} empty)`),
    );
    console.log(`  claims        ${attempts} of ${rows.length} rows (${claimedAgain} rows claimed more than once)`);
    console.log(`  duplicates    ${duplicates}`);
    console.log(`  lost          ${lost}${lost > 0 ? ` (${[...lostBy].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`);
    if (foreign > 0) console.log(`  foreign       ${foreign} messages received that this run did not enqueue`);
    if (misaddressed > 0) console.log(`  misaddressed  ${misaddressed}`);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const dispatchMs = dispatchEnded - dispatchStarted;
    if (dispatchers.length > 0 && dispatchMs >= 1) {
      console.log(`  CPU           ${ms(cpuMs)} user+system while dispatching: ${((cpuMs / dispatchMs) * 100).toFixed(0)}% of one core; event loop busy ${(elu.utilization * 100).toFixed(0)}% of the time (one loop for all)`);
    }
    console.log(`  peak RSS      ${mb(peakRss)} (this process; ${mb(rssBeforeDispatch)} when the dispatchers started)`);
    console.log(`  logged        ${logger.warnings} warnings, ${logger.errors} errors; ${smtp.connectionErrors.length} SMTP connection errors`);
    const ok = lost === 0 && duplicates === 0 && foreign === 0 && misaddressed === 0 && enqueued.size === options.messages;
    console.log(ok ? '  result        OK: every message delivered exactly once' : '  result        FAILED');
    return ok ? 0 : 1;
  } finally {
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
