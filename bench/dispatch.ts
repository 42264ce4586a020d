/**
 * Dispatch benchmark (issue 11): N due messages through our dispatcher, then the same N messages through
 * bare nodemailer, to the same local SMTP sink, in one run. Prints messages/s for both, the ratio, and each
 * sender's RSS when it had sent 10,000 and N messages (and its peak), so memory growth shows. Beside RSS, every
 * 10,000 messages: the V8 heap (total, used, external, array buffers) and the heap still in use after a forced
 * full GC. RSS read at one instant moves by tens of MB with where the sender is in its GC cycle and keeps heap
 * the process no longer uses; the heap in use after GC is what the sender holds, and is the figure that must
 * stay flat from 10k to N.
 *
 *   npm run bench:dispatch -- [--messages=100000] [--batch-size=<DISPATCHER_BATCH_SIZE default>] [--time-limit-ms=1800000]
 *
 * Flags can also be given as BENCH_MESSAGES, BENCH_BATCH_SIZE, BENCH_TIME_LIMIT_MS. BENCH_CPU_PROF=<dir>
 * runs both senders under `node --cpu-prof` and writes their profiles there.
 *
 * Processes: this one starts PostgreSQL (DATABASE_URL, a scratch database with nothing pending, or a
 * throwaway embedded server), migrates it and enqueues the messages in transactions of 5,000 rows (one
 * INSERT … SELECT FROM unnest each; not timed as dispatch). The SMTP sink, the dispatcher and the bare
 * baseline each run in a process of their own: the sink's CPU then never shares an event loop with the
 * sender being timed, the same for both sides (on a 2-core machine it competes for the cores the same way
 * for both), and each sender's RSS is its own, not the sink's or the other sender's. The sink keeps no
 * message bodies: it reads each message's Message-ID from its header and counts.
 *
 * Exit code 0 when the dispatcher delivered every message exactly once and marked every row sent.
 */
import 'reflect-metadata';
import { type ChildProcess, fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { ManageTokens } from '../src/common/crypto/manage-tokens.js';
import { type AppConfig, loadConfig } from '../src/config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { freePort, throwawayDataDir } from '../src/database/throwaway-postgres.js';
import { DispatcherService } from '../src/notifications/dispatcher/dispatcher.service.js';
import { MailSender } from '../src/notifications/dispatcher/mail-sender.js';
import type {
  MessageContext,
  NotificationClinic,
  NotificationEvent,
  OutboxKind,
} from '../src/notifications/notification-context.js';
import { storeContext } from '../src/notifications/outbox/stored-context.js';
import { WorkerModule } from '../src/worker.module.js';
import { type BareMessage, sendBare } from './bare-nodemailer.js';

const SMTP_HOST = '127.0.0.1';
const ENQUEUE_CHUNK = 5000;
const RSS_MARK = 10_000;
const MINUTE_MS = 60_000;

interface Options {
  messages: number;
  batchSize?: number;
  timeLimitMs: number;
}

function readOptions(argv: string[]): Options {
  const flags = new Map(
    argv.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=') as [string, string | undefined]),
  );
  for (const key of flags.keys())
    if (!['messages', 'batch-size', 'time-limit-ms', 'role'].includes(key)) throw new Error(`Unknown flag --${key}`);
  const int = (name: string, fallback: number | undefined, min: number, max: number) => {
    const raw = flags.get(name) ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  return {
    messages: int('messages', 100_000, 1, 1_000_000)!,
    batchSize: int('batch-size', undefined, 1, 1000),
    timeLimitMs: int('time-limit-ms', 1_800_000, 1000, 7_200_000)!,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The messages: three clinics in three zones, seminars and webinars next week (confirmations, with invites
// and the door QR) and sessions in 24 h and 1 h (their reminders, due now). Message i is the same on both
// sides: everything in it derives from the run's seed and i.

interface Fixtures {
  seed: string;
  clinics: NotificationClinic[];
  nextWeek: NotificationEvent[][];
  reminderEvents: { event: NotificationEvent; offsetMinutes: number }[][];
}

function fixtures(seed: string, now: number): Fixtures {
  const base = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const clinics: NotificationClinic[] = [
    {
      id: uuidFrom(seed, 'clinic-0'),
      name: 'Lakeside Back Clinic',
      organizerEmail: 'seminars@lakeside.bench.example',
      address: { line1: '12 Harbour Street', city: 'Chicago', postalCode: '60601', region: 'IL', country: 'US' },
      phone: '+1 312 555 0100',
      timeZone: 'America/Chicago',
      locale: 'en-US',
    },
    {
      id: uuidFrom(seed, 'clinic-1'),
      name: 'Riverside Physio & Sports Injury Centre',
      organizerEmail: 'events@riverside.bench.example',
      address: { line1: '4 Mill Lane', line2: 'Unit 7', city: 'London', postalCode: 'SE1 9RT', country: 'GB' },
      phone: '+44 20 7946 0018',
      timeZone: 'Europe/London',
      locale: 'en-GB',
    },
    {
      id: uuidFrom(seed, 'clinic-2'),
      name: 'Harbourside Spine Clinic',
      organizerEmail: 'bookings@harbourside.bench.example',
      address: { line1: '88 George Street', city: 'Sydney', postalCode: '2000', region: 'NSW', country: 'AU' },
      phone: '+61 2 5550 1234',
      timeZone: 'Australia/Sydney',
      locale: 'en-AU',
    },
  ];
  let n = 0;
  const event = (
    clinic: NotificationClinic,
    kind: 'seminar' | 'webinar',
    startsAt: number,
    title: string,
  ): NotificationEvent => ({
    id: uuidFrom(seed, `event-${n++}`),
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
    joinUrl: kind === 'webinar' ? `https://meet.bench.example/j/${seed.slice(0, 12)}` : null,
    sequence: 0,
  });
  return {
    seed,
    clinics,
    nextWeek: clinics.map((clinic) => [
      event(clinic, 'seminar', base + 7 * 1440 * MINUTE_MS, 'Healthy backs at work'),
      event(clinic, 'webinar', base + 8 * 1440 * MINUTE_MS, 'Living with sciatica: a Q&A with our team'),
    ]),
    reminderEvents: clinics.map((clinic) => [
      { event: event(clinic, 'seminar', base + 1440 * MINUTE_MS, 'Knee pain after 50'), offsetMinutes: 1440 },
      { event: event(clinic, 'webinar', base + 60 * MINUTE_MS, 'Running without injuries'), offsetMinutes: 60 },
    ]),
  };
}

/** Dates come back as strings through IPC. */
function reviveFixtures(f: Fixtures): Fixtures {
  const revive = (e: NotificationEvent) => ({ ...e, startsAt: new Date(e.startsAt), endsAt: new Date(e.endsAt) });
  return {
    ...f,
    nextWeek: f.nextWeek.map((pair) => pair.map(revive)),
    reminderEvents: f.reminderEvents.map((pair) => pair.map((r) => ({ ...r, event: revive(r.event) }))),
  };
}

function digest(seed: string, label: string): string {
  return createHash('sha256').update(`${seed}:${label}`).digest('hex');
}

function uuidFrom(seed: string, label: string): string {
  const h = digest(seed, label);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const FIRST_NAMES = ['Ada', 'José', 'Zoë', 'Mohammed', 'Siobhán', 'Wei', 'Priya', 'Lars', 'Amara', 'Tomasz'];
const LAST_NAMES = [
  'Lovelace',
  'García',
  'Müller',
  'Okafor',
  "O'Brien",
  'Chen',
  'Nakamura',
  'Kowalski',
  'Haddad',
  'Smith',
];

/** Message i: three in five are confirmations (seminar or webinar), two in five reminders (24 h or 1 h). */
function messageFor(i: number, f: Fixtures): { kind: OutboxKind; context: MessageContext; dueAt: Date } {
  const c = i % f.clinics.length;
  const h = digest(f.seed, `reservation-${i}`);
  const reservation = {
    id: uuidFrom(f.seed, `reservation-${i}`),
    name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`,
    email: `attendee-${i}@guests.bench.example`,
    partySize: 1 + (i % 3),
    confirmationCode: `${h.slice(32, 35).toUpperCase()}-${h.slice(35, 39).toUpperCase()}`,
    status: 'confirmed' as const,
    inviteSequence: 0,
  };
  // Like BookingNotifier: the nonce is stored, the link derived from it when the message is sent.
  const link = { manageUrl: '', manageTokenNonce: h.slice(0, 32) };
  if (i % 5 < 3) {
    const event = f.nextWeek[c]![i % 2]!;
    return {
      kind: 'confirmation',
      context: { clinic: f.clinics[c]!, event, reservation, ...link },
      dueAt: new Date(0),
    };
  }
  const { event, offsetMinutes } = f.reminderEvents[c]![i % 2]!;
  return {
    kind: 'reminder',
    context: { clinic: f.clinics[c]!, event, reservation, ...link, reminderOffsetMinutes: offsetMinutes },
    dueAt: new Date(event.startsAt.getTime() - offsetMinutes * MINUTE_MS),
  };
}

/** Both sides run on this configuration: the shipped dispatcher settings unless --batch-size says otherwise. */
function benchConfig(smtpUrl: string, jwtSecret: string, batchSize?: number): AppConfig {
  return loadConfig(
    {
      NODE_ENV: 'development',
      JWT_SECRET: jwtSecret,
      PUBLIC_BASE_URL: 'http://bench.example',
      SEED_DEMO_DATA: 'false',
      SMTP_URL: smtpUrl,
      MAIL_FROM: 'Clinic Seminars <no-reply@bench.example>',
      MAIL_OUTBOX_DIR: path.join(tmpdir(), 'bench-dispatch-outbox-unused'),
      DISPATCHER_ENABLED: 'false',
      ...(batchSize ? { DISPATCHER_BATCH_SIZE: String(batchSize) } : {}),
      LOG_LEVEL: 'warn',
    },
    process.cwd(),
  );
}

class QuietLogger implements LoggerService {
  log(): void {}
  debug(): void {}
  verbose(): void {}
  warn(message: unknown, ...rest: unknown[]): void {
    if (rest[rest.length - 1] !== 'DataSourceNameRegistry')
      console.error('  warn:', JSON.stringify(message).slice(0, 300));
  }
  error(message: unknown): void {
    console.error('  error:', JSON.stringify(message).slice(0, 300));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Child roles, talking to the parent over IPC.

interface SenderStart {
  smtpUrl: string;
  jwtSecret: string;
  batchSize?: number;
  messages: number;
  databaseUrl?: string;
  fixtures?: Fixtures;
}

interface SenderReport {
  sent: number;
  ms: number;
  rssStart: number;
  rssAtMark?: number;
  rssAtEnd: number;
  peakRss: number;
  cpuMs: number;
  marks: MemoryMark[];
}

/** One reading of this process's memory when it had sent `sent` messages. */
interface MemoryMark {
  sent: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** heapUsed right after a full collection: what is still referenced, garbage left out. */
  heapUsedAfterGc: number | null;
  rssAfterGc: number | null;
}

/**
 * Counts sends and samples this process's RSS: at the start, every 10,000 sent (and at the last), at the end,
 * and the peak. At each mark it also reads the V8 heap and, after a forced full collection (the children run
 * with --expose-gc), the heap still in use: RSS that grows while that stays flat is heap and allocator slack
 * not given back to the system, not memory the sender holds on to. With BENCH_HEAP_SNAPSHOTS=<dir>, a heap
 * snapshot is written there at the first mark and at the last (slow: for finding what is retained, not timing).
 */
class MemoryWatch {
  readonly rssStart = process.memoryUsage().rss;
  peakRss = this.rssStart;
  rssAtMark?: number;
  readonly marks: MemoryMark[] = [];
  private readonly timer = setInterval(() => this.sample(), 50);

  constructor(
    private readonly role: string,
    private readonly total: number,
  ) {}

  onSent(sent: number): void {
    if (sent === RSS_MARK) this.rssAtMark = this.sample();
    if (sent % RSS_MARK === 0 || sent === this.total) this.mark(sent);
  }

  sample(): number {
    const rss = process.memoryUsage().rss;
    this.peakRss = Math.max(this.peakRss, rss);
    return rss;
  }

  private mark(sent: number): void {
    const before = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, before.rss);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const after = process.memoryUsage();
    this.marks.push({
      sent,
      rss: before.rss,
      heapTotal: before.heapTotal,
      heapUsed: before.heapUsed,
      external: before.external,
      arrayBuffers: before.arrayBuffers,
      heapUsedAfterGc: gc ? after.heapUsed : null,
      rssAfterGc: gc ? after.rss : null,
    });
    const dir = process.env.BENCH_HEAP_SNAPSHOTS;
    if (dir && (this.marks.length === 1 || sent === this.total))
      writeHeapSnapshot(path.join(dir, `${this.role}-${sent}.heapsnapshot`));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

async function runSink(): Promise<void> {
  let messages = 0;
  let bytes = 0;
  let ids = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 200,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      // Only the header block is kept (until its blank line, at most 16 KB); the body is counted and dropped.
      let head: Buffer | undefined = Buffer.alloc(0);
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (!head) return;
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end !== -1 || head.length > 16_384) {
          const headers = head.subarray(0, end === -1 ? head.length : end).toString('latin1');
          ids.add(/^Message-ID:\s*(\S+)/im.exec(headers)?.[1] ?? '(none)');
          head = undefined;
        }
      });
      stream.on('end', () => {
        messages += 1;
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, SMTP_HOST, resolve));
  const { port } = server.server.address() as AddressInfo;
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stats') {
      process.send!({ type: 'stats', messages, unique: ids.size, bytes });
      messages = 0;
      bytes = 0;
      ids = new Set();
    } else if (m.type === 'stop') {
      server.close(() => process.exit(0));
    }
  });
  process.send!({ type: 'ready', url: `smtp://${SMTP_HOST}:${port}` });
}

/** Our dispatcher as the worker runs it (a Nest context from WorkerModule), until every row is sent. */
async function runDispatcher(start: SenderStart): Promise<SenderReport> {
  const config = benchConfig(start.smtpUrl, start.jwtSecret, start.batchSize);
  const context = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ config, databaseUrl: start.databaseUrl! }),
    {
      logger: new QuietLogger(),
    },
  );
  await context.init();
  const dataSource = context.get(DataSource);
  const mail = context.get(MailSender);
  const send = mail.send.bind(mail);
  const watch = new MemoryWatch('dispatcher', start.messages);
  let sent = 0;
  mail.send = async (message) => {
    await send(message);
    watch.onSent(++sent);
  };
  const dispatcher = context.get(DispatcherService);
  const cpu = process.cpuUsage();
  const started = performance.now();
  dispatcher.start();
  // Done when every row is marked sent (not merely delivered): the recorded outcome is part of the work.
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, sent >= start.messages ? 5 : 100));
    if (sent < start.messages) continue;
    const [{ open }] = (await dataSource.query(
      `SELECT count(*)::int AS open FROM outbox_messages WHERE status <> 'sent'`,
    )) as { open: number }[];
    if (open === 0) break;
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const report = {
    sent,
    ms,
    rssStart: watch.rssStart,
    rssAtMark: watch.rssAtMark,
    rssAtEnd: watch.sample(),
    peakRss: watch.peakRss,
    cpuMs: (used.user + used.system) / 1000,
    marks: watch.marks,
  };
  watch.stop();
  await dispatcher.stop();
  await context.close();
  return report;
}

/** The same messages through bare nodemailer (bench/bare-nodemailer.ts). */
async function runBare(start: SenderStart): Promise<SenderReport> {
  const config = benchConfig(start.smtpUrl, start.jwtSecret, start.batchSize);
  const tokens = new ManageTokens(config);
  const f = reviveFixtures(start.fixtures!);
  const messageAt = (i: number): BareMessage => {
    const { kind, context } = messageFor(i, f);
    return { kind, context, messageId: `<bare-${i}-${f.seed.slice(0, 8)}@bench.example>` };
  };
  const watch = new MemoryWatch('bare', start.messages);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let sent = 0;
  await sendBare(config, tokens, start.messages, messageAt, (n) => {
    sent = n;
    watch.onSent(n);
  });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const report = {
    sent,
    ms,
    rssStart: watch.rssStart,
    rssAtMark: watch.rssAtMark,
    rssAtEnd: watch.sample(),
    peakRss: watch.peakRss,
    cpuMs: (used.user + used.system) / 1000,
    marks: watch.marks,
  };
  watch.stop();
  return report;
}

function runSenderRole(run: (start: SenderStart) => Promise<SenderReport>): void {
  process.once('message', (start: SenderStart) => {
    run(start).then(
      (report) => process.send!({ type: 'done', report }, () => process.exit(0)),
      (error: unknown) => {
        console.error(error instanceof Error ? error.stack : error);
        process.exit(1);
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------------------
// The parent: database, enqueueing, the two timed runs, the figures.

function child(role: string): ChildProcess {
  const profileDir = process.env.BENCH_CPU_PROF;
  const execArgv = profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${role}-${Date.now()}.cpuprofile`]
    : [];
  // --expose-gc: MemoryWatch collects before reading the heap still in use (BENCH_NO_GC=1 leaves the collector
  // alone, to see RSS untouched by those collections). BENCH_NODE_FLAGS adds V8 flags to both senders alike
  // (e.g. --max-semi-space-size=…), to see how they move RSS.
  const extra = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const gc = process.env.BENCH_NO_GC === '1' ? [] : ['--expose-gc'];
  return fork(fileURLToPath(import.meta.url), [`--role=${role}`], {
    execArgv: role === 'sink' ? [] : [...gc, ...extra, ...execArgv],
    stdio: 'inherit',
  });
}

function nextMessage<T>(proc: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${type}' from the child within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: { type: string } & T) => {
      if (m.type !== type) return;
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (${code}) before '${type}'`));
    };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  });
}

async function enqueue(databaseUrl: string, f: Fixtures, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (let from = 0; from < count; from += ENQUEUE_CHUNK) {
      const columns: unknown[][] = [[], [], [], [], [], [], [], [], []];
      for (let i = from; i < Math.min(count, from + ENQUEUE_CHUNK); i += 1) {
        const { kind, context, dueAt } = messageFor(i, f);
        const values = [
          kind,
          context.reservation.email,
          context.clinic.id,
          context.event.id,
          context.reservation.id,
          dueAt,
          `<${uuidFrom(f.seed, `message-${i}`)}@bench.example>`,
          context.reminderOffsetMinutes ?? null,
          JSON.stringify(storeContext(context)),
        ];
        values.forEach((value, k) => columns[k]!.push(value));
      }
      // Rows as OutboxService.enqueue writes them, 5,000 to a statement and a transaction.
      await client.query(
        `INSERT INTO outbox_messages (kind, recipient_email, clinic_id, event_id, reservation_id, due_at, message_id, reminder_offset_minutes, payload)
         SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::text[], $8::int[], $9::jsonb[])`,
        columns,
      );
    }
    await client.query('ANALYZE outbox_messages');
  } finally {
    await client.end();
  }
}

const mb = (bytes: number | null | undefined) =>
  bytes === undefined || bytes === null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (r: SenderReport) => (r.sent / r.ms) * 1000;

/** Each sender's memory every 10,000 messages: RSS and the V8 heap as read, then the heap in use after a full GC. */
function printMemory(name: string, r: SenderReport): void {
  const cols = (m: MemoryMark) =>
    [m.rss, m.heapTotal, m.heapUsed, m.external, m.arrayBuffers, m.heapUsedAfterGc, m.rssAfterGc]
      .map((v) => (v === null ? 'n/a' : (v / 1024 / 1024).toFixed(0)).padStart(10))
      .join('');
  const head = ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuf', 'usedAftGC', 'rssAftGC'];
  console.log(`  memory      ${name.padEnd(12)} sent${head.map((h) => h.padStart(10)).join('')}   (MB)`);
  for (const m of r.marks) console.log(`  ${' '.repeat(20)}${String(m.sent).padStart(8)}${cols(m)}`);
}

function printSender(name: string, r: SenderReport, messages: number): void {
  console.log(
    `  ${name.padEnd(11)} ${r.sent} sent in ${(r.ms / 1000).toFixed(1)} s: ${rate(r).toFixed(0)} messages/s; CPU ${((r.cpuMs / r.ms) * 100).toFixed(0)}% of a core, ${(r.cpuMs / r.sent).toFixed(2)} ms a message; ` +
      `RSS start ${mb(r.rssStart)}, at ${RSS_MARK / 1000}k ${mb(r.rssAtMark)}, at ${messages / 1000}k ${mb(r.rssAtEnd)}, peak ${mb(r.peakRss)}; ` +
      `heap in use after GC at ${RSS_MARK / 1000}k ${mb(r.marks.find((m) => m.sent === RSS_MARK)?.heapUsedAfterGc)}, at ${messages / 1000}k ${mb(r.marks.at(-1)?.heapUsedAfterGc)}`,
  );
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  const externalUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | undefined;
  let runDir: string | undefined;
  const children: ChildProcess[] = [];
  const deadline = setTimeout(() => {
    console.error(`Time limit of ${options.timeLimitMs} ms reached.`);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  }, options.timeLimitMs);
  deadline.unref();
  try {
    let databaseUrl: string;
    if (externalUrl) {
      databaseUrl = externalUrl;
    } else {
      const throwaway = throwawayDataDir('clinic-seminars-bench-');
      runDir = throwaway.runDir;
      embedded = await startEmbeddedPostgres({ dataDir: throwaway.dataDir, port: await freePort() });
      await embedded.createDatabaseIfMissing('clinic_seminars_bench');
      databaseUrl = embedded.urlFor('clinic_seminars_bench');
    }
    const jwtSecret = randomBytes(32).toString('base64url');

    const sink = child('sink');
    children.push(sink);
    const { url: smtpUrl } = await nextMessage<{ url: string }>(sink, 'ready', 30_000);

    // Migrate (migrationsRun) through a context like the worker's, and check the database is a scratch one.
    const migrator = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ config: benchConfig(smtpUrl, jwtSecret), databaseUrl }),
      {
        logger: new QuietLogger(),
      },
    );
    await migrator.init();
    const [{ open }] = (await migrator
      .get(DataSource)
      .query(`SELECT count(*)::int AS open FROM outbox_messages WHERE status <> 'sent'`)) as { open: number }[];
    await migrator.close();
    if (open > 0)
      throw new Error(`the database has ${open} unsent messages: use a scratch database (the bench would send them)`);

    const f = fixtures(randomBytes(16).toString('hex'), Date.now());
    const batch = options.batchSize ?? benchConfig(smtpUrl, jwtSecret).dispatcher.batchSize;
    console.log(
      `bench:dispatch  messages=${options.messages} batch=${batch} database=${externalUrl ? 'DATABASE_URL' : 'embedded'} smtp=${smtpUrl} (sink, dispatcher and bare nodemailer in separate processes)`,
    );
    const enqueueStarted = performance.now();
    await enqueue(databaseUrl, f, options.messages);
    const enqueueMs = performance.now() - enqueueStarted;
    console.log(
      `  enqueued    ${options.messages} due messages (3 in 5 confirmations with invite and QR, 2 in 5 reminders with QR) in ${(enqueueMs / 1000).toFixed(1)} s, ${ENQUEUE_CHUNK} per transaction (not timed below)`,
    );

    const start: SenderStart = { smtpUrl, jwtSecret, batchSize: options.batchSize, messages: options.messages };
    const dispatcherProc = child('dispatcher');
    children.push(dispatcherProc);
    dispatcherProc.send({ ...start, databaseUrl });
    const { report: ours } = await nextMessage<{ report: SenderReport }>(dispatcherProc, 'done', options.timeLimitMs);
    sink.send({ type: 'stats' });
    const oursAtSink = await nextMessage<{ messages: number; unique: number; bytes: number }>(sink, 'stats', 10_000);

    const bareProc = child('bare');
    children.push(bareProc);
    bareProc.send({ ...start, fixtures: f });
    const { report: bare } = await nextMessage<{ report: SenderReport }>(bareProc, 'done', options.timeLimitMs);
    sink.send({ type: 'stats' });
    const bareAtSink = await nextMessage<{ messages: number; unique: number; bytes: number }>(sink, 'stats', 10_000);
    sink.send({ type: 'stop' });

    const check = new pg.Client({ connectionString: databaseUrl });
    await check.connect();
    const eventIds = [...f.nextWeek.flat(), ...f.reminderEvents.flat().map((r) => r.event)].map((e) => e.id);
    const { rows } = await check.query<{ status: string; n: number; retried: number }>(
      `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE attempts > 1)::int AS retried
         FROM outbox_messages WHERE event_id = ANY($1::uuid[]) GROUP BY status`,
      [eventIds],
    );
    await check.end();

    printSender('dispatcher', ours, options.messages);
    printSender('bare', bare, options.messages);
    printMemory('dispatcher', ours);
    printMemory('bare', bare);
    console.log(
      `  ratio       dispatcher / bare nodemailer = ${(rate(ours) / rate(bare)).toFixed(2)} in messages/s; ` +
        `${(bare.cpuMs / bare.sent / (ours.cpuMs / ours.sent)).toFixed(2)} in CPU a message (bare / ours: the ratio when both are CPU-bound, less moved by other load)`,
    );
    console.log(
      `  sink        dispatcher: ${oursAtSink.messages} received, ${oursAtSink.unique} distinct, ${(oursAtSink.bytes / Math.max(1, oursAtSink.messages) / 1024).toFixed(1)} KB each; ` +
        `bare: ${bareAtSink.messages} received, ${bareAtSink.unique} distinct, ${(bareAtSink.bytes / Math.max(1, bareAtSink.messages) / 1024).toFixed(1)} KB each`,
    );
    console.log(
      `  outbox      ${rows.map((r) => `${r.status} ${r.n} (${r.retried} claimed more than once)`).join(', ')}`,
    );
    const sentRows = rows.find((r) => r.status === 'sent')?.n ?? 0;
    const ok =
      oursAtSink.messages === options.messages &&
      oursAtSink.unique === options.messages &&
      sentRows === options.messages &&
      rows.length === 1;
    console.log(
      ok
        ? '  result      OK: every message delivered exactly once and marked sent'
        : '  result      FAILED (lost, duplicated or unmarked messages)',
    );
    return ok ? 0 : 1;
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    if (embedded) await embedded.stop().catch((e: Error) => console.error(e.message));
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  }
}

const role = process.argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
if (role === 'sink') {
  void runSink();
} else if (role === 'dispatcher') {
  runSenderRole(runDispatcher);
} else if (role === 'bare') {
  runSenderRole(runBare);
} else {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
