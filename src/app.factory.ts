import fastifyCompress from '@fastify/compress';
import fastifyEtag from '@fastify/etag';
import { type INestApplication, type LoggerService, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, RawServerDefault } from 'fastify';
import { AppModule } from './app.module.js';
import { byteCount } from './common/byte-count.js';
import { ErrorResponse } from './common/errors/error-response.js';
import { documentServiceUnavailable } from './common/errors/openapi-unavailable.js';
import { validationFailed } from './common/errors/validation.js';
import { logRequests } from './common/logging.js';
import { answerNotModified } from './common/not-modified.js';
import { applyRateLimits } from './common/rate-limit.js';
import { keepRouteTable } from './common/route-table.js';
import { applySecurityHeaders } from './common/security-headers.js';
import { rejectUnsafeInput } from './common/validation/unsafe-input.js';
import type { AppConfig } from './config/app-config.js';
import { InstanceHotEventGate, shareHotEvents } from './reservations/hot-event-gate.js';

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  logger: LoggerService | false;
}

/** Builds the fully configured application without listening; main.ts and the tests share it. */
export async function createApp({ config, databaseUrl, logger }: CreateAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, databaseUrl }),
    new FastifyAdapter({
      bodyLimit: byteCount(config.http.bodyLimit),
      // TRUST_PROXY_HOPS: the client's address is the one the nearest that many proxies were given.
      trustProxy: (_address: string, hop: number) => hop < config.http.trustProxy,
      // Paths match in any letter case and with or without a trailing slash; tokens and slugs may be long.
      routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 1000 },
      // A request that arrives on an open connection while the app drains is served (its answer closes the
      // connection: closeConnectionsWhenDraining), not refused with Fastify's own 503 shape.
      return503OnClosing: false,
    }),
    { logger: logger === false ? false : logger, abortOnError: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  keepRouteTable(fastify);
  // A JSON content type with no body at all is a request without a body (a cancel sent by a client that
  // labels every request JSON), as it was on Express; an empty string is not JSON anywhere else.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', {}, (request, body, done) =>
    body.length === 0 ? done(null, undefined) : parseJson(request, body.toString(), done),
  );
  closeConnectionsWhenDraining(fastify);
  if (logger) logRequests(fastify, logger);
  // A weak ETag on every body, and 304 to a GET that holds it (the catalogue's HTTP caching).
  await app.register(fastifyEtag, { weak: true, replyWith304: false });
  answerNotModified(fastify);
  // Pages and JSON go gzipped to browsers that accept it (a phone on a weak signal); assets come pre-gzipped.
  await app.register(fastifyCompress, { global: true, encodings: ['gzip', 'deflate'] });
  applySecurityHeaders(fastify, {
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'validator.swagger.io'],
      },
    },
  });
  // Cross-origin callers only when CORS_ORIGINS names some. Without it no CORS hook is registered at all: one
  // with `origin: false` adds nothing to any answer, yet ran on every request (bench:listing, ~3 % on /:id).
  if (config.http.corsOrigins.length > 0)
    app.enableCors({
      origin: config.http.corsOrigins.includes('*') ? true : config.http.corsOrigins,
      exposedHeaders: ['Idempotency-Key'],
    });
  // A hot event's reservations take turns while other requests are being served (hot-event-gate.ts).
  shareHotEvents(fastify, app.get(InstanceHotEventGate));
  // After the body is parsed, before any guard, pipe or page reads the request: the limits, then the
  // one text rule and the depth limit on every path, query and parsed body.
  applyRateLimits(app, fastify, config);
  fastify.addHook('preHandler', rejectUnsafeInput);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationFailed,
    }),
  );

  const document = documentServiceUnavailable(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Clinic seminars and webinars')
        .setDescription("Book seats at a clinic chain's free seminars and webinars; run them as staff and admins.")
        .setVersion('1')
        .addBearerAuth()
        .build(),
      { extraModels: [ErrorResponse] },
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

/**
 * While the app closes, every answer still going out ends its connection (Connection: close): Fastify reaps
 * the connections idle when it starts closing, but one that becomes idle later would hold the close open for
 * its whole keep-alive time (72 s), and a SIGTERM must finish within a platform's grace period.
 */
function closeConnectionsWhenDraining(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('Connection', 'close');
    done(null, payload);
  });
}
