import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { createJsonLogger } from './common/json-logger.js';
import { loadConfigOrExit, stopGracefullyOnSignals } from './common/process-lifecycle.js';
import { withDevelopmentSecret } from './config/development-secret.js';
import { resolveDatabase } from './database/resolve-database.js';
import { DemoDataService } from './demo/demo-data.service.js';

async function bootstrap(): Promise<void> {
  let config = loadConfigOrExit();
  const logger = createJsonLogger(config.logLevel);
  if (config.jwt.generated) {
    const kept = withDevelopmentSecret(config);
    config = kept.config;
    logger.warn(`JWT_SECRET is not set: using a generated development secret kept in ${kept.file}`, 'Bootstrap');
  }

  const database = await resolveDatabase(config);
  if (database.embedded) logger.log(`Started embedded PostgreSQL in ${config.database.embeddedDir}`, 'Bootstrap');

  const app = await createApp({ config, databaseUrl: database.url, logger });
  await app.init();
  if (config.seedDemoData) {
    const credentials = await app.get(DemoDataService).seedIfEmpty();
    if (credentials) printDemoCredentials(credentials);
  }
  await app.listen(config.port, config.host);
  logger.log(`Listening on ${config.publicBaseUrl} (API docs at ${config.publicBaseUrl}/docs)`, 'Bootstrap');

  stopGracefullyOnSignals({ app, database, logger, context: 'Bootstrap' });
}

function printDemoCredentials(credentials: { email: string; password: string; role: string }[]): void {
  const lines = credentials.map((c) => `  ${c.role.padEnd(6)} ${c.email}  password: ${c.password}`);
  // Printed once, on purpose, so a newcomer can sign in; these are fixed demo passwords.
  console.log(`\nDemo data created. Sign in with POST /api/auth/login as:\n${lines.join('\n')}\n`);
}

await bootstrap();
