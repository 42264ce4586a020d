/**
 * HTTP layer benchmark: what the adapter, the app's middleware and its per-request log line cost on the
 * public catalogue (GET /api/events and GET /api/events/:id), side by side in one run on one database
 * holding ~2,000 published events (seeded as bench/listing.ts seeds it). Measures; it does not switch.
 *
 *   npm run bench:http-adapter -- [--events=2000] [--duration=8] [--rounds=1] [--connections=10]
 *
 * Each server runs in a child process of its own, its stdout to /dev/null (where the request log goes):
 * - app          the whole app as tests and benches start it (on Fastify since issue 11, logger off: no request log);
 * - app+log      the whole app as main.ts starts it: JSON logs at info, one line per request (src/common/logging.ts);
 * - express      a Nest app of the events module alone (EventsModule with the clinics and settings modules it
 *                imports, TypeORM, config, clock, the app's ValidationPipe) on @nestjs/platform-express (kept as a
 *                development dependency for this comparison only);
 * - fastify      the same module on @nestjs/platform-fastify;
 * - bare         bench/bare-listing-server.ts (node:http + pg, the same SQL and JSON).
 * The module-only variants show what the adapter alone costs; app against fastify shows what the app's own
 * hooks and plugins add (compression, ETag, helmet, the rate limits, the unsafe-input check, the global
 * AuthGuard and error filter). Express answers with a weak ETag it computes per response (its default);
 * the module-only Fastify variant computes none (the app registers @fastify/etag).
 */
import 'reflect-metadata';
import { type DynamicModule, type INestApplication, Module, ValidationPipe } from '@nestjs/common';
import { NestFactory, RouterModule } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp } from '../src/app.factory.js';
import { ClockModule } from '../src/common/clock.module.js';
import { validationFailed } from '../src/common/errors/validation.js';
import { createAppLogger } from '../src/common/json-logger.js';
import type { AppConfig } from '../src/config/app-config.js';
import { ConfigModule } from '../src/config/config.module.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { EventsModule } from '../src/events/events.module.js';
import { serveForParent, startBareListingServer } from './bare-listing-server.js';
import {
  alternate,
  benchConfig,
  benchDatabase,
  fmtLoad,
  type Load,
  readFlags,
  seedCatalogue,
  spawnServer,
  type Target,
} from './listing.js';

const VARIANTS = ['app', 'app+log', 'express', 'fastify', 'bare'] as const;
type Variant = (typeof VARIANTS)[number];

@Module({})
class EventsOnlyModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: EventsOnlyModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, { timeouts: config.database.timeouts })),
        EventsModule,
        RouterModule.register([{ path: 'api', children: [EventsModule] }]),
      ],
    };
  }
}

const appPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationFailed,
  });

/** Starts one variant in this process and returns its base URL. */
async function serve(variant: Variant, databaseUrl: string): Promise<string> {
  const config = benchConfig(undefined);
  if (variant === 'bare') return (await startBareListingServer(databaseUrl)).url;
  let app: INestApplication;
  if (variant === 'app' || variant === 'app+log') {
    const logger = variant === 'app+log' ? createAppLogger({ level: 'info', format: 'json' }) : false;
    app = await createApp({ config, databaseUrl, logger });
  } else if (variant === 'express') {
    app = await NestFactory.create(EventsOnlyModule.forRoot(config, databaseUrl), { logger: false });
    app.useGlobalPipes(appPipe());
  } else {
    app = await NestFactory.create<NestFastifyApplication>(
      EventsOnlyModule.forRoot(config, databaseUrl),
      new FastifyAdapter(),
      { logger: false },
    );
    app.useGlobalPipes(appPipe());
  }
  await app.init();
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

async function body(url: string): Promise<string> {
  const response = await fetch(url);
  return `${response.status} ${await response.text()}`;
}

async function main(): Promise<number> {
  const flag = readFlags(process.argv.slice(2));
  const events = flag('events', 2000, 1, 100_000);
  const seconds = flag('duration', 8, 1, 600);
  const rounds = flag('rounds', 1, 1, 20);
  const connections = flag('connections', 10, 1, 1000);
  const database = await benchDatabase('clinic-seminars-http-adapter-');
  const children: { stop(): void }[] = [];
  try {
    // The first child migrates the database; the others start on a migrated one.
    const servers = new Map<Variant, Target>();
    for (const variant of VARIANTS) {
      const child = await spawnServer(fileURLToPath(import.meta.url), variant, database.url);
      children.push(child);
      servers.set(variant, child);
    }
    const eventId = await seedCatalogue(database.url, events);
    console.log(
      `bench:http-adapter  events=${events} duration=${seconds}s x ${rounds} rounds connections=${connections} database=${database.external ? 'DATABASE_URL' : 'embedded'}`,
    );
    let ok = true;
    for (const route of ['/api/events', `/api/events/${eventId}`]) {
      const expected = await body(servers.get('bare')!.url + route);
      console.log(`  GET ${route.replace(eventId, ':id')}`);
      const rates = new Map<Variant, Load>();
      for (const variant of VARIANTS.filter((v) => v !== 'bare')) {
        const answer = await body(servers.get(variant)!.url + route);
        if (answer !== expected) {
          console.log(`    ${variant.padEnd(8)} answers differently from the bare server: ${answer.slice(0, 200)}`);
          ok = false;
          continue;
        }
        // Each variant against the bare server in alternating turns, so both see the same machine.
        const [mine, bare] = await alternate(
          servers.get(variant)!,
          servers.get('bare')!,
          route,
          seconds,
          connections,
          rounds,
        );
        rates.set(variant, mine);
        if (mine.failed) ok = false;
        console.log(
          `    ${variant.padEnd(8)} ${fmtLoad(mine)}   ${((mine.rate / bare.rate) * 100).toFixed(0).padStart(3)} % of bare's rate, ` +
            `${((bare.cpuMs / mine.cpuMs) * 100).toFixed(0).padStart(3)} % by CPU (bare in its turns: ${bare.rate.toFixed(0)} req/s, ${bare.cpuMs.toFixed(2)} ms CPU/req)`,
        );
      }
      const [express, fastify, app, logged] = [
        rates.get('express'),
        rates.get('fastify'),
        rates.get('app'),
        rates.get('app+log'),
      ];
      if (express && fastify) {
        console.log(
          `    fastify / express (events module alone): ${(fastify.rate / express.rate).toFixed(2)}x the rate, ${(express.cpuMs / fastify.cpuMs).toFixed(2)}x less CPU per request`,
        );
      }
      if (app && logged)
        console.log(
          `    the request log line: +${((logged.cpuMs - app.cpuMs) * 1000).toFixed(0)} µs CPU per request (${(((logged.cpuMs - app.cpuMs) / app.cpuMs) * 100).toFixed(0)} %)`,
        );
    }
    return ok ? 0 : 1;
  } finally {
    for (const child of children) child.stop();
    await database.stop();
  }
}

const serveFlag = process.argv.find((a) => a.startsWith('--serve='));
if (serveFlag) {
  const variant = serveFlag.slice('--serve='.length) as Variant;
  serveForParent(() => serve(variant, process.env.BENCH_DATABASE_URL!));
} else if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
