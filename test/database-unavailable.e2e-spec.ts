import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { freePort, throwawayDataDir } from '../src/database/throwaway-postgres.js';
import { attendee, createClinic, createPublishedEvent, listen, sleep } from './support/booking-fixtures.js';
import { initialise, signInNewUser, testConfig, type TestApp } from './support/test-app.js';

/*
 * DESIGN rule 12 with a real restart: this suite starts its own throwaway PostgreSQL, stops it (a fast
 * shutdown, as `pg_ctl restart` does) and starts it again while requests keep coming, so the shared test
 * database is never touched.
 */

interface Observation {
  probe: string;
  sentAt: number;
  answeredAt: number;
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The app serves again as soon as the database does (some 0.1 s on a quiet machine, the time of one
 * request); this bound only leaves room for a busy test machine, where one request can take a second.
 */
const RECOVERY_BOUND_MS = 3000;
const OUTAGE_MS = 1500;

describe('DESIGN rule 12: while the database restarts the app answers 503, and it recovers by itself', () => {
  let database: EmbeddedDatabase;
  let t: TestApp;
  let baseUrl: string;
  let eventId: string;
  let clinicSlug: string;

  beforeAll(async () => {
    const { dataDir } = throwawayDataDir('clinic-seminars-restart-');
    database = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    await database.createDatabaseIfMissing('restart_test');
    const config = testConfig();
    const app = await createApp({ config, databaseUrl: database.urlFor('restart_test'), logger: false });
    await initialise(app);
    t = {
      app,
      config,
      http: () => request(app.getHttpServer()),
      dataSource: app.get(DataSource),
      close: () => app.close(),
    };
    baseUrl = await listen(t);
    const admin = await signInNewUser(t, 'admin');
    const clinic = await createClinic(t, admin.auth);
    clinicSlug = clinic.slug;
    eventId = (await createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 10_000 })).id;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await database?.stop();
  });

  /** What keeps arriving during the restart: a booking, an API read, the health check, and a page. */
  const probes: Record<string, () => Promise<Response>> = {
    reserve: () =>
      fetch(`${baseUrl}/api/events/${eventId}/reservations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(attendee()),
      }),
    'api read': () => fetch(`${baseUrl}/api/events/${eventId}`),
    // The catalogue runs on its own pool (CataloguePool): its outage answers the same way.
    'api list': () => fetch(`${baseUrl}/api/events`),
    health: () => fetch(`${baseUrl}/health`),
    page: () =>
      fetch(`${baseUrl}/clinics/${clinicSlug}`, { headers: { accept: 'text/html', 'accept-language': 'en' } }),
  };

  async function observe(probe: string, send: () => Promise<Response>, log: Observation[], running: () => boolean) {
    while (running()) {
      const sentAt = performance.now();
      let observation: Observation;
      try {
        const response = await send();
        const contentType = response.headers.get('content-type') ?? '';
        const text = await response.text();
        observation = {
          probe,
          sentAt,
          answeredAt: performance.now(),
          status: response.status,
          contentType,
          retryAfter: response.headers.get('retry-after'),
          body: contentType.includes('json') ? JSON.parse(text) : text,
        };
      } catch (error) {
        observation = {
          probe,
          sentAt,
          answeredAt: performance.now(),
          status: 0,
          contentType: '',
          retryAfter: null,
          body: String(error),
        };
      }
      log.push(observation);
      await sleep(15);
    }
  }

  it('every request answers 503 SERVICE_UNAVAILABLE with Retry-After (a page as a page), /health says why, and service resumes within a moment', async () => {
    const log: Observation[] = [];
    let running = true;
    const workers = Object.entries(probes).flatMap(([name, send]) =>
      [1, 2].map(() => observe(name, send, log, () => running)),
    );

    await sleep(400);
    const stopping = performance.now();
    await database.stop();
    const stopped = performance.now();
    await sleep(OUTAGE_MS);
    const starting = performance.now();
    await database.start();
    const started = performance.now();
    const recovered = async () =>
      Object.keys(probes).every((name) => log.some((o) => o.probe === name && o.sentAt >= started && o.status < 300));
    const deadline = started + 10_000;
    while (!(await recovered()) && performance.now() < deadline) await sleep(20);
    running = false;
    await Promise.all(workers);

    // Never a 500, never a dropped connection: only successes and 503s.
    const statuses = [...new Set(log.map((o) => `${o.probe} ${o.status}`))].sort();
    expect(statuses).toEqual([
      'api list 200',
      'api list 503',
      'api read 200',
      'api read 503',
      'health 200',
      'health 503',
      'page 200',
      'page 503',
      'reserve 201',
      'reserve 503',
    ]);

    const unavailable = log.filter((o) => o.status === 503);
    for (const o of unavailable) {
      expect({ probe: o.probe, retryAfter: o.retryAfter }).toEqual({
        probe: o.probe,
        retryAfter: expect.stringMatching(/^\d+$/),
      });
      if (o.probe === 'page') {
        expect(o.contentType).toMatch(/^text\/html/);
        expect(o.body).toContain('Temporarily unavailable');
      } else {
        expect(o.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String) });
      }
    }
    // Every probe saw the outage itself (the restart really happened while they ran) ...
    const duringOutage = unavailable.filter((o) => o.sentAt >= stopping && o.sentAt < starting);
    expect(new Set(duringOutage.map((o) => o.probe))).toEqual(new Set(Object.keys(probes)));
    // ... and /health said why: with the server gone, the database is unreachable, connections refused.
    const health = duringOutage.find((o) => o.probe === 'health' && o.sentAt > stopped)!;
    expect(health.body.details.error.database).toEqual({
      status: 'down',
      reason: 'unreachable',
      code: 'ECONNREFUSED',
      message: expect.stringContaining('refused or dropped'),
      pool: expect.any(Object),
    });
    expect(JSON.stringify(health.body)).not.toMatch(/127\.0\.0\.1|postgres:/);

    // Recovery, with no restart of the app: every request sent once the server was back succeeded (the
    // pool opens fresh connections at once), whatever the machine's speed; and each probe's first success
    // came within a moment of the server being back.
    const sentAfterwards = log.filter((o) => o.sentAt >= started);
    expect(new Set(sentAfterwards.map((o) => o.probe))).toEqual(new Set(Object.keys(probes)));
    expect(sentAfterwards.filter((o) => o.status >= 300).map((o) => `${o.probe} ${o.status}`)).toEqual([]);
    const recovery = Object.fromEntries(
      Object.keys(probes).map((name) => {
        const first = log.find((o) => o.probe === name && o.answeredAt >= started && o.status < 300);
        return [name, first ? Math.round(first.answeredAt - started) : Infinity];
      }),
    );
    const slowest = Math.round(Math.max(...log.map((o) => o.answeredAt - o.sentAt)));
    console.log(
      `restart: stop took ${Math.round(stopped - stopping)} ms, start took ${Math.round(started - starting)} ms; ` +
        `first success after the start, per probe (ms after it): ${JSON.stringify(recovery)}; ` +
        `${log.length} requests (the slowest answered in ${slowest} ms), ${unavailable.length} answered 503, ` +
        `${sentAfterwards.length} sent after the start, all answered with success`,
    );
    expect(Math.max(...Object.values(recovery))).toBeLessThan(RECOVERY_BOUND_MS);
  }, 120_000);
});
