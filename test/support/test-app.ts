import 'reflect-metadata';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { StaffService } from '../../src/staff/staff.service.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: the global setup should have set it');
  return url;
}

/** Wipes everything, so the next app start migrates an empty database from scratch. */
export async function resetDatabase(url = testDatabaseUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig(
    {
      NODE_ENV: 'test',
      JWT_SECRET: TEST_JWT_SECRET,
      PUBLIC_BASE_URL: 'http://booking.test',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
      RATE_LIMIT_STAFF_PER_MINUTE: '1000000',
      // Every test request comes from 127.0.0.1; the bot check's own suite sets a small allowance.
      BOT_CHECK_FREE_FORMS: '1000000',
      SEED_DEMO_DATA: 'false',
      // Suites about mail turn the dispatcher on with an SMTP sink; the others only look at outbox rows.
      DISPATCHER_ENABLED: 'false',
      // Likewise the attendance jobs (completion after the end, retention): their own suite runs them on purpose.
      JOBS_ENABLED: 'false',
      MAIL_OUTBOX_DIR: path.join(tmpdir(), 'clinic-seminars-test-outbox'),
      ...env,
    },
    process.cwd(),
  );
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * Initialises the app (Nest registers its routes) and readies Fastify (its hooks and plugins), as listen()
 * would: supertest and a listener of our own use the server without Fastify's listen().
 */
export async function initialise(app: INestApplication): Promise<void> {
  await app.init();
  await (app.getHttpAdapter().getInstance() as FastifyInstance).ready();
}

/** A real application (real HTTP stack, real PostgreSQL, migrations run) that is not listening on a port. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { reset?: boolean } = {},
): Promise<TestApp> {
  if (options.reset !== false) await resetDatabase();
  const config = testConfig(env);
  const app = await createApp({ config, databaseUrl: testDatabaseUrl(), logger: false });
  await initialise(app);
  const server = app.getHttpServer();
  return {
    app,
    config,
    http: () => request(server),
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

export interface SignedIn {
  id: string;
  token: string;
  auth: { Authorization: string };
}

let userCounter = 0;

/** Creates an account straight through the service and signs it in over HTTP. */
export async function signInNewUser(
  testApp: TestApp,
  role: 'admin' | 'staff',
  clinicIds: string[] = [],
): Promise<SignedIn> {
  userCounter += 1;
  const email = `${role}${userCounter}-${Date.now()}@staff.test`;
  const password = 'correct horse battery staple';
  const user = await testApp.app
    .get(StaffService)
    .create({ email, name: `${role} ${userCounter}`, role, password, clinicIds });
  const response = await testApp.http().post('/api/auth/login').send({ email, password }).expect(200);
  const token = response.body.accessToken as string;
  return { id: user.id, token, auth: { Authorization: `Bearer ${token}` } };
}

export const sampleClinic = (overrides: Record<string, unknown> = {}) => ({
  name: 'Lakeside Back Clinic',
  slug: `lakeside-${Math.random().toString(36).slice(2, 8)}`,
  address: { line1: '12 Harbour Street', city: 'Chicago', postalCode: '60601', region: 'IL', country: 'US' },
  timeZone: 'America/Chicago',
  phone: '+1 312 555 0100',
  organizerEmail: 'seminars@lakeside.example',
  ...overrides,
});
