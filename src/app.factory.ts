import { type INestApplication, type LoggerService, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import helmet from 'helmet';
import { AppModule } from './app.module.js';
import { ErrorResponse } from './common/errors/error-response.js';
import { documentServiceUnavailable } from './common/errors/openapi-unavailable.js';
import { validationFailed } from './common/errors/validation.js';
import { rejectUnsafeInput } from './common/validation/unsafe-input.js';
import { requestLogger } from './common/logging.js';
import { applyRateLimits } from './common/rate-limit.js';
import type { AppConfig } from './config/app-config.js';

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  logger: LoggerService | false;
}

/** Builds the fully configured application without listening; main.ts and the tests share it. */
export async function createApp({ config, databaseUrl, logger }: CreateAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl }), {
    logger: logger === false ? false : logger,
    bodyParser: false,
    abortOnError: false,
  });
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  if (logger) app.use(requestLogger(logger));
  // Pages and JSON go gzipped to browsers that accept it (a phone on a weak signal); assets come pre-gzipped.
  app.use(compression());
  applyRateLimits(app, config);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'validator.swagger.io'],
        },
      },
    }),
  );
  app.enableCors(
    config.http.corsOrigins.length > 0
      ? {
          origin: config.http.corsOrigins.includes('*') ? true : config.http.corsOrigins,
          exposedHeaders: ['Idempotency-Key'],
        }
      : { origin: false },
  );
  // The one text rule and the depth limit, on every path, query and parsed body before a guard, pipe or page reads them.
  app.use(rejectUnsafeInput);
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
