/**
 * Page benchmark (issue 7): how long the server takes to answer the event page with its reservation form,
 * and how many bytes a phone downloads for it (HTML + CSS + JS, gzipped).
 *
 *   npm run bench:pages [-- --requests=500]
 *
 * Starts the app on a throwaway embedded PostgreSQL (or DATABASE_URL), creates one clinic and one
 * published event through the API, then asks for the event page sequentially over loopback (so each
 * figure is one request's server time plus loopback, with nothing queued) and times the template alone.
 * Prints medians and p95; exits 1 when the page is over 60 KB or the median over 20 ms.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { freePort, throwawayDataDir } from '../src/database/throwaway-postgres.js';
import { EventPages } from '../src/site/reservation/event-pages.service.js';
import { PageRenderer } from '../src/site/view/page-renderer.js';
import { StaffService } from '../src/staff/staff.service.js';

const PAGE_BUDGET_BYTES = 60 * 1024;
const MEDIAN_BUDGET_MS = 20;

const requests = Number(/--requests=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 500);

/** GET with gzip accepted, returning the bytes as they crossed the wire (fetch would inflate them). */
function getRaw(url: string): Promise<{ status: number; encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            encoding: response.headers['content-encoding'],
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<number> {
  let embedded: EmbeddedDatabase | undefined;
  let app: INestApplication | undefined;
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const { dataDir } = throwawayDataDir('clinic-seminars-bench-pages-');
      embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
      await embedded.createDatabaseIfMissing('bench');
      databaseUrl = embedded.urlFor('bench');
    }
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        JWT_SECRET: randomBytes(32).toString('base64url'),
        SEED_DEMO_DATA: 'false',
        RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
        DISPATCHER_ENABLED: 'false',
        MAIL_OUTBOX_DIR: path.join(tmpdir(), 'clinic-seminars-bench-outbox'),
        LOG_LEVEL: 'error',
        PUBLIC_BASE_URL: 'http://bench.local',
      },
      process.cwd(),
    );
    app = await createApp({ config, databaseUrl, logger: false });
    await app.init();
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    const stamp = `${Date.now()}-${randomBytes(3).toString('hex')}`;
    const password = randomBytes(18).toString('base64url');
    const email = `bench-${stamp}@bench.local`;
    await app.get(StaffService).create({ email, name: 'Bench admin', role: 'admin', password, clinicIds: [] });
    const json = async (method: string, url: string, body?: unknown, token?: string) => {
      const response = await fetch(`${base}${url}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer = (await response.json()) as Record<string, unknown>;
      if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(answer)}`);
      return answer;
    };
    const token = (await json('POST', '/api/auth/login', { email, password })).accessToken as string;
    const clinic = await json(
      'POST',
      '/api/admin/clinics',
      {
        name: 'Clínica da Coluna Baixa',
        slug: `bench-${stamp}`,
        address: { line1: 'Rua Augusta 120', city: 'Lisboa', postalCode: '1100-053', country: 'PT' },
        timeZone: 'Europe/Lisbon',
        phone: '+351 21 555 0199',
        organizerEmail: 'bench@bench.local',
        locale: 'pt-PT',
      },
      token,
    );
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const event = await json(
      'POST',
      `/api/clinics/${clinic.slug as string}/events`,
      {
        kind: 'seminar',
        title: 'Viver bem com dor lombar',
        description: 'Exercícios e hábitos para uma coluna saudável.\n\nTraga roupa confortável.',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 90 * 60_000).toISOString(),
        venueName: 'Sala de formação',
        capacity: 30,
        maxPartySize: 4,
      },
      token,
    );
    await json('POST', `/api/events/${event.id as string}/publish`, undefined, token);
    const pageUrl = `${base}/events/${event.id as string}`;

    // Bytes on the wire for a phone: the gzipped page and every stylesheet and script it links.
    const page = await getRaw(pageUrl);
    const pageBytes = page.body;
    const html = page.encoding === 'gzip' ? gunzipSync(pageBytes).toString() : pageBytes.toString();
    const assetUrls = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    const sizes: [string, number][] = [['page (HTML)', pageBytes.length]];
    for (const asset of assetUrls) {
      sizes.push([asset, (await getRaw(`${base}${asset}`)).body.length]);
    }
    const totalBytes = sizes.reduce((sum, [, n]) => sum + n, 0);

    // Server time: sequential requests, after a warm-up.
    const timings: number[] = [];
    for (let i = 0; i < requests + 50; i++) {
      const started = performance.now();
      const response = await getRaw(pageUrl);
      if (response.status !== 200) throw new Error(`event page answered ${response.status}`);
      if (i >= 50) timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);

    // The template alone, with the view model built once.
    const pages = app.get(EventPages);
    const renderer = app.get(PageRenderer);
    const loaded = await pages.load(event.id as string);
    const renders: number[] = [];
    for (let i = 0; i < requests + 50; i++) {
      const started = performance.now();
      renderer.render(
        'event',
        pages.model(loaded.view, loaded.clinic, loaded.locale, { csrfToken: 'x'.repeat(43) }),
        loaded.locale,
      );
      if (i >= 50) renders.push(performance.now() - started);
    }
    renders.sort((a, b) => a - b);

    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`bench:pages  event page of a pt-PT clinic, ${requests} sequential requests after 50 warm-up`);
    for (const [name, bytes] of sizes) console.log(`  ${name.padEnd(40)} ${kb(bytes)} gzipped`);
    console.log(`  total transferred                        ${kb(totalBytes)} (budget ${kb(PAGE_BUDGET_BYTES)})`);
    console.log(
      `  server answer (HTTP, DB, render)  median ${percentile(timings, 50).toFixed(2)} ms  p95 ${percentile(timings, 95).toFixed(2)} ms (budget median ${MEDIAN_BUDGET_MS} ms)`,
    );
    console.log(
      `  template render alone             median ${percentile(renders, 50).toFixed(3)} ms  p95 ${percentile(renders, 95).toFixed(3)} ms`,
    );
    const ok = totalBytes <= PAGE_BUDGET_BYTES && percentile(timings, 50) <= MEDIAN_BUDGET_MS;
    console.log(ok ? 'within budget' : 'OVER BUDGET');
    return ok ? 0 : 1;
  } finally {
    await app?.close();
    await embedded?.stop();
  }
}

process.exitCode = await main();
