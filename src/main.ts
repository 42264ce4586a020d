import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { createAppLogger } from './common/json-logger.js';
import { loadConfigOrExit, stopGracefullyOnSignals } from './common/process-lifecycle.js';
import { type StartFacts, startBannerRecord, startBannerText } from './common/start-banner.js';
import { withDevelopmentSecret } from './config/development-secret.js';
import { resolveDatabaseOrExit } from './database/resolve-database.js';
import { DemoDataService } from './demo/demo-data.service.js';
import { workingDemoSignIns } from './demo/demo-sign-ins.js';

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

  // For people: a few lines at a terminal; for machines, one record among the JSON logs.
  const facts: StartFacts = {
    baseUrl: config.publicBaseUrl,
    database: database.description,
    demoSignIns: await workingDemoSignIns(app),
  };
  if (config.logFormat === 'text') process.stdout.write(startBannerText(facts));
  else logger.log(startBannerRecord(facts), 'Bootstrap');
}

await bootstrap();
