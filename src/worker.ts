import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createAppLogger } from './common/json-logger.js';
import { loadConfigOrExit, stopGracefullyOnSignals } from './common/process-lifecycle.js';
import { withDevelopmentSecret } from './config/development-secret.js';
import { resolveDatabase } from './database/resolve-database.js';
import { WorkerModule } from './worker.module.js';

/**
 * The outbox dispatcher on its own, without HTTP: `npm run worker`. It dispatches whatever
 * DISPATCHER_ENABLED says, since running it is the point; web instances can then set DISPATCHER_ENABLED=false.
 */
async function runWorker(): Promise<void> {
  let config = loadConfigOrExit();
  config = { ...config, dispatcher: { ...config.dispatcher, enabled: true } };
  const logger = createAppLogger({ level: config.logLevel, format: config.logFormat });
  // Manage links in e-mails are derived from the secret: the worker must use the app's.
  if (config.jwt.generated) config = withDevelopmentSecret(config).config;
  const database = await resolveDatabase(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, databaseUrl: database.url }), {
    logger,
    abortOnError: false,
  });
  await app.init();
  logger.log(
    `Outbox dispatcher running (batches of ${config.dispatcher.batchSize}, polling every ${config.dispatcher.pollIntervalMs} ms)`,
    'Worker',
  );
  if (config.jobs.enabled)
    logger.log(
      `Attendance jobs running every ${config.jobs.intervalMs} ms (retention ${config.jobs.retentionDays} days)`,
      'Worker',
    );

  stopGracefullyOnSignals({ app, database, logger, context: 'Worker' });
}

await runWorker();
