import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

const CWD = '/srv/clinic-seminars';
const SECRET = 'a-production-secret-that-is-at-least-32-chars';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, CWD);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  describe('an empty environment gives working development defaults', () => {
    it('fills every setting with its documented default', () => {
      const config = loadConfig({}, CWD);
      expect(config).toMatchObject({
        env: 'development',
        port: 3000,
        host: '0.0.0.0',
        publicBaseUrl: 'http://localhost:3000',
        database: {
          url: undefined,
          embeddedDir: path.join(CWD, '.data/postgres'),
          embeddedPort: 54329,
          timeouts: { lockMs: 3000, statementMs: 10_000, connectMs: 20_000, idleInTransactionMs: 60_000 },
        },
        seedDemoData: true,
        jwt: { secret: expect.any(String), ttlSeconds: 900, generated: true },
        mail: {
          smtpUrl: undefined,
          from: 'Clinic Seminars <no-reply@localhost>',
          outboxDir: path.join(CWD, '.data/outbox'),
        },
        http: { corsOrigins: [], bodyLimit: '100kb', trustProxy: 0 },
        rateLimit: { publicPerMinute: 120, loginPerMinute: 10, staffPerMinute: 600 },
        staffSession: { idleMinutes: 30, absoluteHours: 12 },
        frontDesk: { checkInOpensMinutesBefore: 120 },
        webinars: { joinOpensMinutesBefore: 15 },
        jobs: { enabled: true, intervalMs: 60_000, completionGraceMinutes: 0, retentionDays: 365 },
        logLevel: 'info',
        defaultTimeZone: 'Europe/London',
      });
      expect(config.bootstrapAdmin).toBeUndefined();
    });

    it('reads when check-in opens before the start, and refuses a negative or a non-number', () => {
      expect(loadConfig({ CHECK_IN_OPENS_MINUTES_BEFORE: '45' }, CWD).frontDesk.checkInOpensMinutesBefore).toBe(45);
      expect(problemsOf({ CHECK_IN_OPENS_MINUTES_BEFORE: '-1' })).toEqual([
        expect.stringMatching(/^CHECK_IN_OPENS_MINUTES_BEFORE: /),
      ]);
      expect(problemsOf({ CHECK_IN_OPENS_MINUTES_BEFORE: 'two hours' })).toEqual([
        expect.stringMatching(/^CHECK_IN_OPENS_MINUTES_BEFORE: /),
      ]);
    });

    it("reads when a webinar's join links open before the start, and refuses a negative or more than a day", () => {
      expect(loadConfig({ JOIN_OPENS_MINUTES_BEFORE: '5' }, CWD).webinars.joinOpensMinutesBefore).toBe(5);
      expect(problemsOf({ JOIN_OPENS_MINUTES_BEFORE: '-1' })).toEqual([
        expect.stringMatching(/^JOIN_OPENS_MINUTES_BEFORE: /),
      ]);
      expect(problemsOf({ JOIN_OPENS_MINUTES_BEFORE: '1441' })).toEqual([
        expect.stringMatching(/^JOIN_OPENS_MINUTES_BEFORE: /),
      ]);
    });

    it('reads the attendance jobs: switch, interval, completion grace and retention in days', () => {
      const env = {
        JOBS_ENABLED: 'false',
        JOBS_INTERVAL_MS: '5000',
        COMPLETION_GRACE_MINUTES: '30',
        RETENTION_DAYS: '90',
      };
      expect(loadConfig(env, CWD).jobs).toEqual({
        enabled: false,
        intervalMs: 5000,
        completionGraceMinutes: 30,
        retentionDays: 90,
      });
      expect(problemsOf({ RETENTION_DAYS: '0' })).toEqual([expect.stringMatching(/^RETENTION_DAYS: /)]);
      expect(problemsOf({ COMPLETION_GRACE_MINUTES: '-5' })).toEqual([
        expect.stringMatching(/^COMPLETION_GRACE_MINUTES: /),
      ]);
      expect(problemsOf({ JOBS_ENABLED: 'sometimes' })).toEqual([expect.stringMatching(/^JOBS_ENABLED: /)]);
    });

    it('treats empty and blank variables as unset', () => {
      const config = loadConfig({ PORT: '', LOG_LEVEL: '   ', DATABASE_URL: '' }, CWD);
      expect(config.port).toBe(3000);
      expect(config.logLevel).toBe('info');
      expect(config.database.url).toBeUndefined();
    });

    it('logs lines for a person outside production and JSON in production, unless LOG_FORMAT says otherwise', () => {
      expect(loadConfig({}, CWD).logFormat).toBe('text');
      expect(loadConfig({ NODE_ENV: 'test' }, CWD).logFormat).toBe('text');
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }, CWD).logFormat).toBe('json');
      expect(loadConfig({ LOG_FORMAT: 'json' }, CWD).logFormat).toBe('json');
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, LOG_FORMAT: 'text' }, CWD).logFormat).toBe(
        'text',
      );
    });

    it('seeds demo data by default only on the embedded database, and never by default in production', () => {
      expect(loadConfig({}, CWD).seedDemoData).toBe(true);
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }, CWD).seedDemoData).toBe(false);
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, SEED_DEMO_DATA: 'true' }, CWD).seedDemoData).toBe(
        true,
      );
      expect(loadConfig({ DATABASE_URL: 'postgres://app@db:5432/clinics' }, CWD).seedDemoData).toBe(false);
      expect(
        loadConfig({ DATABASE_URL: 'postgres://app@db:5432/clinics', SEED_DEMO_DATA: 'yes' }, CWD).seedDemoData,
      ).toBe(true);
    });

    it('reads given values, resolving directories against the working directory', () => {
      const config = loadConfig(
        {
          NODE_ENV: 'production',
          PORT: '8080',
          PUBLIC_BASE_URL: 'https://book.example.com/',
          DATABASE_URL: 'postgresql://app:pw@db:5432/clinics',
          EMBEDDED_PG_DIR: 'var/pg',
          JWT_SECRET: SECRET,
          JWT_TTL_SECONDS: '3600',
          BOOTSTRAP_ADMIN_EMAIL: ' Root@Example.COM ',
          BOOTSTRAP_ADMIN_PASSWORD: 'twelve chars!',
          SMTP_URL: 'smtps://user:pw@mail.example.com:465',
          TRUST_PROXY_HOPS: '1',
          LOG_LEVEL: 'warn',
          DEFAULT_TIME_ZONE: 'America/Chicago',
        },
        CWD,
      );
      expect(config).toMatchObject({
        env: 'production',
        port: 8080,
        publicBaseUrl: 'https://book.example.com',
        database: { url: 'postgresql://app:pw@db:5432/clinics', embeddedDir: path.join(CWD, 'var/pg') },
        seedDemoData: false,
        jwt: { secret: SECRET, ttlSeconds: 3600, generated: false },
        bootstrapAdmin: { email: 'root@example.com', password: 'twelve chars!', name: 'Administrator' },
        mail: { smtpUrl: 'smtps://user:pw@mail.example.com:465' },
        http: { trustProxy: 1 },
        logLevel: 'warn',
        defaultTimeZone: 'America/Chicago',
      });
    });
  });

  describe('every bad variable is named in the ConfigError', () => {
    it.each([
      ['NODE_ENV', 'staging'],
      ['PORT', 'abc'],
      ['PORT', '70000'],
      ['PORT', '-1'],
      ['PORT', '80.5'],
      ['PORT', '0x50'],
      ['PORT', '1e3'],
      ['PUBLIC_BASE_URL', 'ftp://files.example.com'],
      ['PUBLIC_BASE_URL', 'not a url'],
      ['DATABASE_URL', 'mysql://db/clinics'],
      ['EMBEDDED_PG_PORT', '80'],
      ['SEED_DEMO_DATA', 'maybe'],
      ['JWT_SECRET', 'too-short'],
      ['JWT_TTL_SECONDS', '5'],
      ['SMTP_URL', 'http://mail.example.com'],
      ['CORS_ORIGINS', 'app.example.com'],
      ['BODY_LIMIT', 'lots'],
      ['TRUST_PROXY_HOPS', 'yes'],
      ['RATE_LIMIT_PUBLIC_PER_MINUTE', '0'],
      ['RATE_LIMIT_LOGIN_PER_MINUTE', 'ten'],
      ['LOG_LEVEL', 'verbose'],
      ['LOG_FORMAT', 'xml'],
      ['DEFAULT_TIME_ZONE', 'Mars/Olympus_Mons'],
      ['DATABASE_LOCK_TIMEOUT_MS', '0'],
      ['DATABASE_LOCK_TIMEOUT_MS', '3s'],
      ['DATABASE_STATEMENT_TIMEOUT_MS', '-5'],
      ['DATABASE_STATEMENT_TIMEOUT_MS', '1000'],
      ['DATABASE_CONNECT_TIMEOUT_MS', '0'],
      ['DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 'never'],
    ])('%s=%s', (name, value) => {
      const problems = problemsOf({ [name]: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^${name}: `));
    });

    it('reports all problems at once, each by name, in the message too', () => {
      const env = { PORT: 'abc', LOG_LEVEL: 'loud', JWT_SECRET: 'short', BODY_LIMIT: 'big', DATABASE_URL: 'redis://x' };
      let caught: unknown;
      try {
        loadConfig(env, CWD);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      const error = caught as ConfigError;
      expect(error.problems.map((problem) => problem.split(':')[0]).sort()).toEqual(Object.keys(env).sort());
      for (const name of Object.keys(env)) expect(error.message).toContain(`${name}:`);
    });

    it('the database timeouts are read in milliseconds, and a statement may always outlast a lock wait', () => {
      const env = {
        DATABASE_LOCK_TIMEOUT_MS: '500',
        DATABASE_STATEMENT_TIMEOUT_MS: '2000',
        DATABASE_CONNECT_TIMEOUT_MS: '250',
        DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '30000',
      };
      expect(loadConfig(env, CWD).database.timeouts).toEqual({
        lockMs: 500,
        statementMs: 2000,
        connectMs: 250,
        idleInTransactionMs: 30_000,
      });
      expect(problemsOf({ DATABASE_LOCK_TIMEOUT_MS: '5000', DATABASE_STATEMENT_TIMEOUT_MS: '5000' })).toEqual([
        'DATABASE_STATEMENT_TIMEOUT_MS: must be above DATABASE_LOCK_TIMEOUT_MS',
      ]);
    });

    it('a bootstrap admin needs both an e-mail address and a long enough password', () => {
      expect(problemsOf({ BOOTSTRAP_ADMIN_EMAIL: 'root@example.com' })).toEqual([
        expect.stringMatching(/^BOOTSTRAP_ADMIN_PASSWORD: /),
      ]);
      expect(problemsOf({ BOOTSTRAP_ADMIN_PASSWORD: 'long enough password' })).toEqual([
        expect.stringMatching(/^BOOTSTRAP_ADMIN_EMAIL: /),
      ]);
      expect(
        problemsOf({ BOOTSTRAP_ADMIN_EMAIL: 'root', BOOTSTRAP_ADMIN_PASSWORD: 'short' }).map((p) => p.split(':')[0]),
      ).toEqual(['BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD']);
    });

    it('never echoes the JWT secret itself', () => {
      const problems = problemsOf({ JWT_SECRET: 'hunter2-secret' });
      expect(problems.join('\n')).not.toContain('hunter2-secret');
    });
  });

  describe('a JWT secret is generated only outside production', () => {
    it.each(['development', 'test'])(
      'in %s a missing secret is replaced by a random one, flagged as generated',
      (nodeEnv) => {
        const first = loadConfig({ NODE_ENV: nodeEnv }, CWD);
        const second = loadConfig({ NODE_ENV: nodeEnv }, CWD);
        expect(first.jwt.generated).toBe(true);
        expect(first.jwt.secret.length).toBeGreaterThanOrEqual(32);
        expect(first.jwt.secret).not.toBe(second.jwt.secret);
      },
    );

    it('in production a missing or empty secret is a ConfigError naming JWT_SECRET', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
        expect.stringMatching(/^JWT_SECRET: required in production/),
      ]);
      expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: '' })).toEqual([expect.stringMatching(/^JWT_SECRET: /)]);
    });

    it('a given secret is used as it is, in any environment', () => {
      for (const nodeEnv of ['development', 'test', 'production']) {
        expect(loadConfig({ NODE_ENV: nodeEnv, JWT_SECRET: SECRET }, CWD).jwt).toEqual({
          secret: SECRET,
          ttlSeconds: 900,
          generated: false,
        });
      }
    });
  });

  describe('CORS_ORIGINS is a comma-separated list of origins', () => {
    it('is empty (no cross-origin access) when unset', () => {
      expect(loadConfig({}, CWD).http.corsOrigins).toEqual([]);
    });

    it('splits on commas, trims, and skips empty entries', () => {
      const config = loadConfig({ CORS_ORIGINS: ' https://app.example.com , http://localhost:5173,, ' }, CWD);
      expect(config.http.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    });

    it('accepts * for any origin', () => {
      expect(loadConfig({ CORS_ORIGINS: '*' }, CWD).http.corsOrigins).toEqual(['*']);
    });

    it('normalises each origin to the form browsers send: no trailing slash, lower-case host, no default port', () => {
      const config = loadConfig(
        { CORS_ORIGINS: 'https://App.Example.com/,https://admin.example.com:443,http://localhost:8080/' },
        CWD,
      );
      expect(config.http.corsOrigins).toEqual([
        'https://app.example.com',
        'https://admin.example.com',
        'http://localhost:8080',
      ]);
    });

    it.each([
      ['no scheme', 'app.example.com'],
      ['another scheme', 'ftp://app.example.com'],
      ['a path', 'https://app.example.com/booking'],
      ['a query', 'https://app.example.com/?x=1'],
    ])('refuses an entry with %s, naming CORS_ORIGINS and the entry', (_what, origin) => {
      const problems = problemsOf({ CORS_ORIGINS: `https://ok.example.com,${origin}` });
      expect(problems).toEqual([expect.stringMatching(/^CORS_ORIGINS: /)]);
      expect(problems[0]).toContain(origin);
    });
  });
});
