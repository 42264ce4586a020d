import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { PasswordHasher } from './common/auth/password-hasher.js';
import { createAppLogger } from './common/json-logger.js';
import { loadConfigOrExit, stopGracefullyOnSignals } from './common/process-lifecycle.js';
import { type StartFacts, startBannerRecord, startBannerText } from './common/start-banner.js';
import { type AppConfig, ConfigError } from './config/app-config.js';
import { withDevelopmentSecret } from './config/development-secret.js';
import { type ResolvedDatabase, resolveDatabase } from './database/resolve-database.js';
import { DEMO_ADMIN, DEMO_STAFF, DemoDataService } from './demo/demo-data.service.js';
import { StaffService } from './staff/staff.service.js';

async function bootstrap(): Promise<void> {
  let config = loadConfigOrExit();
  const logger = createAppLogger({ level: config.logLevel, format: config.logFormat });
  if (config.jwt.generated) {
    const kept = withDevelopmentSecret(config);
    config = kept.config;
    logger.warn(`JWT_SECRET is not set: using a generated development secret kept in ${kept.file}`, 'Bootstrap');
  }

  const database = await resolveDatabaseOrExit(config);
  if (database.embedded) logger.log(`Started ${database.description}`, 'Bootstrap');

  const app = await createApp({ config, databaseUrl: database.url, logger });
  await app.init();
  if (config.seedDemoData) await app.get(DemoDataService).seedIfEmpty();
  await app.listen(config.port, config.host);
  stopGracefullyOnSignals({ app, database, logger, context: 'Bootstrap' });

  const facts: StartFacts = { baseUrl: config.publicBaseUrl, database: database.description, demoSignIns: await workingDemoSignIns(app) };
  if (config.logFormat === 'text') process.stdout.write(startBannerText(facts));
  else logger.log(startBannerRecord(facts), 'Bootstrap');
}

/** The database, or exit 78 (EX_CONFIG) when none can be had, as for any other configuration problem. */
async function resolveDatabaseOrExit(config: AppConfig): Promise<ResolvedDatabase> {
  try {
    return await resolveDatabase(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78);
  }
}

/**
 * The demo accounts that sign in with their well-known password on this database, whether seeded now or on
 * an earlier start. An account whose password was changed, or that was disabled, is not shown.
 */
async function workingDemoSignIns(app: INestApplication): Promise<StartFacts['demoSignIns']> {
  const staff = app.get(StaffService);
  const hasher = app.get(PasswordHasher);
  const working = [];
  for (const account of [DEMO_ADMIN, DEMO_STAFF]) {
    const user = await staff.findForLogin(account.email);
    if (user?.passwordHash && (await hasher.verify(user.passwordHash, account.password))) working.push(account);
  }
  return working;
}

await bootstrap();
