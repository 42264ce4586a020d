import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A temporary directory for a throwaway embedded PostgreSQL (tests, benchmarks), removed when the process
 * exits however it exits. As root PostgreSQL runs as the `postgres` user, which must reach its data
 * directory, so the directory is opened up to 755.
 */
export function throwawayDataDir(prefix: string): { runDir: string; dataDir: string } {
  const runDir = mkdtempSync(path.join(tmpdir(), prefix));
  process.once('exit', () => rmSync(runDir, { recursive: true, force: true }));
  chmodSync(runDir, 0o755);
  return { runDir, dataDir: path.join(runDir, 'pg') };
}
