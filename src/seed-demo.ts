import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { createAppLogger } from './common/json-logger.js';
import { loadConfigOrExit } from './common/process-lifecycle.js';
import { demoSignInLines } from './common/start-banner.js';
import { withDevelopmentSecret } from './config/development-secret.js';
import { resolveDatabaseOrExit } from './database/resolve-database.js';
import { DemoDataService } from './demo/demo-data.service.js';
import { workingDemoSignIns } from './demo/demo-sign-ins.js';

/**
 * Seeds the fictional demo chain into an empty database, prints its sign-ins and exits: the `demo` profile
 * of docker-compose.yml runs it once the app is healthy (the app has run the migrations by then). The demo
 * accounts have well-known passwords, so it refuses unless SEED_DEMO_DATA is true (the default only on the
 * embedded database outside production).
 */
async function seedDemo(): Promise<void> {
  let config = loadConfigOrExit();
  if (!config.seedDemoData) {
    console.error('SEED_DEMO_DATA is not true: the demo accounts have well-known passwords, so nothing was seeded.');
    process.exit(78);
  }
  config = { ...config, dispatcher: { ...config.dispatcher, enabled: false } };
  if (config.jwt.generated) config = withDevelopmentSecret(config).config;
  const logger = createAppLogger({ level: config.logLevel, format: config.logFormat });
  const database = await resolveDatabaseOrExit(config);
  const app = await createApp({ config, databaseUrl: database.url, logger });
  try {
    await app.init();
    const seeded = await app.get(DemoDataService).seedIfEmpty();
    const signIns = await workingDemoSignIns(app);
    const outcome = seeded ? 'Seeded the demo chain.' : 'The database already holds clinics: nothing seeded.';
    if (config.logFormat === 'text') process.stdout.write(`${[outcome, ...demoSignInLines(signIns)].join('\n')}\n`);
    else logger.log({ message: outcome, demoSignIns: signIns.map(({ role, email }) => ({ role, email })) }, 'DemoData');
  } finally {
    await app.close();
    await database.stop();
  }
}

await seedDemo();
