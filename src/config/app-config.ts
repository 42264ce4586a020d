import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { isValidTimeZone } from '../common/time-zones.js';

/** Typed configuration, read once from the environment at start-up and injected everywhere else. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicBaseUrl: string;
  database: { url?: string; embeddedDir: string; embeddedPort: number; timeouts: DatabaseTimeouts };
  seedDemoData: boolean;
  jwt: { secret: string; ttlSeconds: number; generated: boolean };
  bootstrapAdmin?: { email: string; password: string; name: string };
  mail: { smtpUrl?: string; from: string; outboxDir: string };
  dispatcher: DispatcherConfig;
  http: { corsOrigins: string[]; bodyLimit: string; trustProxy: number };
  /** Per minute: anonymous requests per client address, sign-in attempts per address, and signed-in staff per account. */
  rateLimit: { publicPerMinute: number; loginPerMinute: number; staffPerMinute: number };
  /** Back-office sign-in sessions: ended after this long without a request, and this long after sign-in at the latest. */
  staffSession: { idleMinutes: number; absoluteHours: number };
  /** Reservation forms one client address may send per 10 minutes before a proof of work is required. */
  botCheck: { freeForms: number };
  /** The door: check-in opens this many minutes before an event's start (it closes at the end). */
  frontDesk: { checkInOpensMinutesBefore: number };
  /**
   * A webinar attendee's personal join link (`/join/<token>`) opens the meeting from this many minutes before
   * the start until the end; its first use in that window is the attendee's check-in (issue 9).
   */
  webinars: { joinOpensMinutesBefore: number };
  jobs: JobsConfig;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  /** `json`: one object per line, for machines (the default in production); `text`: lines for a person at a terminal. */
  logFormat: 'json' | 'text';
  defaultTimeZone: string;
}

/**
 * The attendance jobs (src/attendance): completing events after their end (confirmed attendees not checked
 * in become no-shows) and anonymising attendees RETENTION_DAYS after their event. On in every app instance
 * and the worker unless JOBS_ENABLED=false; any number of instances may run them at once.
 */
export interface JobsConfig {
  enabled: boolean;
  intervalMs: number;
  /** How long after its end an event is completed automatically. */
  completionGraceMinutes: number;
  /** Attendees' names, e-mails and phones are anonymised this many days after their event ended. */
  retentionDays: number;
}

/** The outbox dispatcher: on in every app instance unless switched off; `npm run worker` runs it alone. */
export interface DispatcherConfig {
  enabled: boolean;
  batchSize: number;
  pollIntervalMs: number;
  /** How long a claimed message stays away from other dispatchers; longer than any one send can take. */
  leaseMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/**
 * Every wait on the database is bounded (DESIGN rule 12): a stuck lock or a lost database answers a clear
 * 503 instead of a hung request. All in milliseconds.
 */
export interface DatabaseTimeouts {
  /** How long a transaction waits for an event's seat lock (SET LOCAL lock_timeout), as pretix's 3 s. */
  lockMs: number;
  /**
   * The longest any one statement may run (the sessions' statement_timeout); above lockMs. It caps a lock
   * wait as a whole: lock_timeout counts each lock acquisition, and a request queued behind others for one
   * row waits first for its place in the row's queue, then for the holder.
   */
  statementMs: number;
  /**
   * How long a request waits for a pooled connection, or for a new one to open. Long enough for a burst on
   * one hot event to drain through the pool (200 at once take 8-13 s on a busy test machine), short
   * enough that a silent database or a stuck pool answers 503 rather than hanging.
   */
  connectMs: number;
  /** A transaction left idle this long is ended by PostgreSQL, releasing its locks. */
  idleInTransactionMs: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = read.integer('PORT', 3000, 0, 65535);
  const host = read.string('HOST', '0.0.0.0');
  const publicBaseUrl = read.url('PUBLIC_BASE_URL', `http://localhost:${port}`).replace(/\/+$/, '');
  const databaseUrl = read.optionalPostgresUrl('DATABASE_URL');
  const embeddedDir = path.resolve(cwd, read.string('EMBEDDED_PG_DIR', './.data/postgres'));
  const embeddedPort = read.integer('EMBEDDED_PG_PORT', 54329, 1024, 65535);
  const timeouts: DatabaseTimeouts = {
    lockMs: read.integer('DATABASE_LOCK_TIMEOUT_MS', 3000, 1, 600_000),
    statementMs: read.integer('DATABASE_STATEMENT_TIMEOUT_MS', 10_000, 1, 3_600_000),
    connectMs: read.integer('DATABASE_CONNECT_TIMEOUT_MS', 20_000, 1, 600_000),
    idleInTransactionMs: read.integer('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, 1, 3_600_000),
  };
  // A statement that waits for a lock counts the wait against its own timeout: a statement timeout at or
  // below the lock timeout would cancel every lock wait first, as a vaguer error.
  if (timeouts.statementMs <= timeouts.lockMs) {
    problems.push('DATABASE_STATEMENT_TIMEOUT_MS: must be above DATABASE_LOCK_TIMEOUT_MS');
  }
  // The demo accounts have well-known passwords, so production never seeds them unless told to.
  const seedDemoData = read.boolean('SEED_DEMO_DATA', databaseUrl === undefined && nodeEnv !== 'production');

  let jwtSecret = env.JWT_SECRET;
  let generated = false;
  if (jwtSecret === undefined || jwtSecret === '') {
    if (nodeEnv === 'production') problems.push('JWT_SECRET: required in production (at least 32 characters)');
    jwtSecret = randomBytes(32).toString('base64url');
    generated = true;
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET: must be at least 32 characters long');
  }
  const jwtTtl = read.integer('JWT_TTL_SECONDS', 900, 30, 86400);

  const adminEmail = env.BOOTSTRAP_ADMIN_EMAIL?.trim();
  const adminPassword = env.BOOTSTRAP_ADMIN_PASSWORD;
  let bootstrapAdmin: AppConfig['bootstrapAdmin'];
  if (adminEmail || adminPassword) {
    if (!adminEmail || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
      problems.push('BOOTSTRAP_ADMIN_EMAIL: must be an e-mail address when BOOTSTRAP_ADMIN_PASSWORD is set');
    }
    if (!adminPassword || adminPassword.length < 12) {
      problems.push('BOOTSTRAP_ADMIN_PASSWORD: must be at least 12 characters when BOOTSTRAP_ADMIN_EMAIL is set');
    }
    bootstrapAdmin = {
      email: (adminEmail ?? '').toLowerCase(),
      password: adminPassword ?? '',
      name: read.string('BOOTSTRAP_ADMIN_NAME', 'Administrator'),
    };
  }

  const smtpUrl = read.optionalUrl('SMTP_URL', ['smtp:', 'smtps:']);
  const mailFrom = read.string('MAIL_FROM', 'Clinic Seminars <no-reply@localhost>');
  const outboxDir = path.resolve(cwd, read.string('MAIL_OUTBOX_DIR', './.data/outbox'));
  const dispatcher: DispatcherConfig = {
    enabled: read.boolean('DISPATCHER_ENABLED', true),
    batchSize: read.integer('DISPATCHER_BATCH_SIZE', 50, 1, 1000),
    pollIntervalMs: read.integer('DISPATCHER_POLL_INTERVAL_MS', 2000, 10, 3_600_000),
    leaseMs: read.integer('DISPATCHER_LEASE_MS', 300_000, 1000, 86_400_000),
    maxAttempts: read.integer('DISPATCHER_MAX_ATTEMPTS', 8, 1, 100),
    backoffBaseMs: read.integer('DISPATCHER_BACKOFF_BASE_MS', 30_000, 10, 86_400_000),
    backoffMaxMs: read.integer('DISPATCHER_BACKOFF_MAX_MS', 21_600_000, 10, 604_800_000),
  };
  if (dispatcher.backoffMaxMs < dispatcher.backoffBaseMs) {
    problems.push('DISPATCHER_BACKOFF_MAX_MS: must not be below DISPATCHER_BACKOFF_BASE_MS');
  }

  // Browsers send Origin as scheme://host[:port], and CORS compares it as a string, so "https://app.example/"
  // would never match: normalise, and refuse anything that is not an origin.
  const corsOrigins = read
    .string('CORS_ORIGINS', '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => {
      if (origin === '*') return origin;
      const normalised = httpOrigin(origin);
      if (!normalised) problems.push(`CORS_ORIGINS: "${origin}" is not an http(s) origin such as https://app.example`);
      return normalised ?? origin;
    });
  const bodyLimit = read.string('BODY_LIMIT', '100kb');
  const trustProxy = read.integer('TRUST_PROXY_HOPS', 0, 0, 10);
  if (!/^\d+(b|kb|mb)$/i.test(bodyLimit)) problems.push('BODY_LIMIT: must look like 100kb or 1mb');

  const publicPerMinute = read.integer('RATE_LIMIT_PUBLIC_PER_MINUTE', 120, 1, 1_000_000);
  const loginPerMinute = read.integer('RATE_LIMIT_LOGIN_PER_MINUTE', 10, 1, 1_000_000);
  const staffPerMinute = read.integer('RATE_LIMIT_STAFF_PER_MINUTE', 600, 1, 1_000_000);
  const jobs: JobsConfig = {
    enabled: read.boolean('JOBS_ENABLED', true),
    intervalMs: read.integer('JOBS_INTERVAL_MS', 60_000, 100, 86_400_000),
    completionGraceMinutes: read.integer('COMPLETION_GRACE_MINUTES', 0, 0, 30 * 24 * 60),
    retentionDays: read.integer('RETENTION_DAYS', 365, 1, 36_500),
  };
  const frontDesk = { checkInOpensMinutesBefore: read.integer('CHECK_IN_OPENS_MINUTES_BEFORE', 120, 0, 7 * 24 * 60) };
  // Kept well below the reminders' offsets (24 h and 1 h by default) so that a mail scanner opening the links of
  // a reminder when it arrives cannot record a check-in.
  const webinars = { joinOpensMinutesBefore: read.integer('JOIN_OPENS_MINUTES_BEFORE', 15, 0, 24 * 60) };
  const staffSession = {
    idleMinutes: read.integer('STAFF_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    absoluteHours: read.integer('STAFF_SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
  };
  const logLevel = read.oneOf('LOG_LEVEL', ['error', 'warn', 'info', 'debug'] as const, 'info');
  const logFormat = read.oneOf('LOG_FORMAT', ['json', 'text'] as const, nodeEnv === 'production' ? 'json' : 'text');
  const defaultTimeZone = read.string('DEFAULT_TIME_ZONE', 'Europe/London');
  if (!isValidTimeZone(defaultTimeZone))
    problems.push(`DEFAULT_TIME_ZONE: "${defaultTimeZone}" is not an IANA time zone`);

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: nodeEnv,
    port,
    host,
    publicBaseUrl,
    database: { url: databaseUrl, embeddedDir, embeddedPort, timeouts },
    seedDemoData,
    jwt: { secret: jwtSecret, ttlSeconds: jwtTtl, generated },
    bootstrapAdmin,
    mail: { smtpUrl, from: mailFrom, outboxDir },
    dispatcher,
    http: { corsOrigins, bodyLimit, trustProxy },
    rateLimit: { publicPerMinute, loginPerMinute, staffPerMinute },
    staffSession,
    botCheck: { freeForms: read.integer('BOT_CHECK_FREE_FORMS', 3, 0, 1_000_000) },
    frontDesk,
    webinars,
    jobs,
    logLevel,
    logFormat,
    defaultTimeZone,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function httpOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    const onlyOrigin = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    return isHttpUrl(value) && onlyOrigin ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    // Plain digits only: Number() would also take "0x50", "1e3" or "80.0".
    const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name}: must be a whole number from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name}: must be true or false, got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}: must be one of ${allowed.join(', ')}, got "${value}"`);
    return fallback;
  }

  url(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    if (!isHttpUrl(value)) this.problems.push(`${name}: must be an http(s) URL, got "${value}"`);
    return value;
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      if (protocols.includes(new URL(value).protocol)) return value;
    } catch {
      /* reported below */
    }
    this.problems.push(`${name}: must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    return undefined;
  }

  optionalPostgresUrl(name: string): string | undefined {
    return this.optionalUrl(name, ['postgres:', 'postgresql:']);
  }
}
