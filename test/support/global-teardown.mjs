import { rmSync } from 'node:fs';
import path from 'node:path';

export default async function globalTeardown() {
  const server = globalThis.__embeddedTestDatabase;
  if (!server) return;
  await server.stop();
  if (process.env.TEST_EMBEDDED_PG_DIR)
    rmSync(path.dirname(process.env.TEST_EMBEDDED_PG_DIR), { recursive: true, force: true });
}
