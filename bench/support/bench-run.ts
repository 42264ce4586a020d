/**
 * The frame every HTTP bench shares (drawn from bench/reservations-race.ts): a database (DATABASE_URL, or a
 * throwaway embedded PostgreSQL), the app on a real port of 127.0.0.1, a time limit, and one clean-up
 * however the run ends (its end, the time limit, a signal). The bench's body returns the exit code.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres.js';
import { freePort, throwawayDataDir } from '../../src/database/throwaway-postgres.js';

export interface BenchRun {
  databaseUrl: string;
  /** 'embedded' or 'DATABASE_URL', for the header of the figures. */
  database: 'embedded' | 'DATABASE_URL';
  /** Starts (migrates, listens) the app; at most once per run. */
  startApp(): Promise<RunningApp>;
  /** Something to stop before the app and the database (load generators). */
  onCleanUp(stop: () => Promise<void>): void;
  /** A fresh connection of the bench's own, closed by the caller. */
  connect(): Promise<pg.Client>;
}

export interface RunningApp {
  app: INestApplication;
  baseUrl: string;
}

export const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms).unref(),
    ),
  ]);

/** Runs `body` inside the frame and exits the process with its code (1 on an error, 2 on the time limit). */
export function runBench(name: string, timeLimitMs: number, body: (run: BenchRun) => Promise<number>): void {
  frame(name, timeLimitMs, body).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}

async function frame(name: string, timeLimitMs: number, body: (run: BenchRun) => Promise<number>): Promise<number> {
  const externalUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | undefined;
  let runDir: string | undefined;
  let app: INestApplication | undefined;
  let databaseUrl = '';
  let hung = false;
  const stops: Array<() => Promise<void>> = [];

  let cleaning: Promise<void> | undefined;
  const cleanUp = () => (cleaning ??= stopEverything());
  const stopEverything = async () => {
    for (const stop of stops.reverse()) await withTimeout(stop(), 10_000, 'stopping the load').catch(() => undefined);
    if (app) {
      // After a hang, stuck sessions would keep the pool from closing: end them first, but only on our own
      // embedded server (on DATABASE_URL they could be another instance's; exiting drops ours anyway).
      if (hung && embedded)
        await withTimeout(endOtherSessions(databaseUrl), 10_000, 'ending sessions').catch(() => undefined);
      await withTimeout(app.close(), 15_000, 'closing the app').catch((error: Error) => console.error(error.message));
    }
    if (embedded)
      await withTimeout(embedded.stop(), 15_000, 'stopping PostgreSQL').catch((error: Error) =>
        console.error(error.message),
      );
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  };

  const watchdog = setTimeout(() => {
    console.error(`\n${name}: time limit of ${timeLimitMs} ms reached: stopping.`);
    hung = true;
    void cleanUp().finally(() => process.exit(2));
  }, timeLimitMs);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping.`);
      hung = true;
      void cleanUp().finally(() => process.exit(130));
    });
  }

  try {
    if (externalUrl) {
      databaseUrl = externalUrl;
    } else {
      const throwaway = throwawayDataDir(`clinic-seminars-${name}-`);
      runDir = throwaway.runDir;
      embedded = await startEmbeddedPostgres({ dataDir: throwaway.dataDir, port: await freePort() });
      await embedded.createDatabaseIfMissing('clinic_seminars_bench');
      databaseUrl = embedded.urlFor('clinic_seminars_bench');
    }
    const run: BenchRun = {
      databaseUrl,
      database: externalUrl ? 'DATABASE_URL' : 'embedded',
      startApp: async () => {
        if (app) throw new Error('the app is already started');
        app = await createApp({ config: benchConfig(runDir), databaseUrl, logger: false });
        await app.init();
        await app.listen(0, '127.0.0.1');
        return { app, baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
      },
      onCleanUp: (stop) => stops.push(stop),
      connect: async () => {
        const client = new pg.Client({ connectionString: databaseUrl });
        // A session ended under it (the time limit's clean-up ends them) fails its queries; without a
        // listener the 'error' event would crash the bench before it cleans up.
        client.on('error', (error) => console.error(`bench connection: ${error.message}`));
        await withTimeout(client.connect(), 10_000, 'connecting to PostgreSQL');
        return client;
      },
    };
    return await body(run);
  } catch (error) {
    hung = true;
    throw error;
  } finally {
    clearTimeout(watchdog);
    await cleanUp();
  }
}

/** The shipped configuration, less what a bench must not measure: rate limits, mail sending, logs. */
function benchConfig(runDir: string | undefined) {
  return loadConfig(
    {
      NODE_ENV: 'development',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      SEED_DEMO_DATA: 'false',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
      DISPATCHER_ENABLED: 'false',
      MAIL_OUTBOX_DIR: path.join(runDir ?? tmpdir(), 'outbox'),
      LOG_LEVEL: 'error',
      PUBLIC_BASE_URL: 'http://bench.local',
    },
    process.cwd(),
  );
}

async function endOtherSessions(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
  } finally {
    await client.end();
  }
}
