/**
 * pgbench (PostgreSQL's client tools) running a custom script against the same database as the app, for
 * the database's own rate of a transaction, side by side with the HTTP figures.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface PgbenchResult {
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
}

/** The pgbench on PATH (or Debian's /usr/bin/pgbench), or undefined with how to install it printed. */
export function findPgbench(): string | undefined {
  const candidates = [
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'pgbench')),
    '/usr/bin/pgbench',
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    console.error(
      'pgbench is missing: install PostgreSQL client tools, on Debian `apt-get update && apt-get install -y postgresql-client`.',
    );
  }
  return found;
}

export interface PgbenchRun {
  pgbench: string;
  databaseUrl: string;
  script: string;
  clients: number;
  durationS: number;
  /** -D name=value, visible in the script as :name */
  variables: Record<string, string>;
}

/**
 * -n: no vacuum of pgbench's own tables (there are none); -M prepared: each statement parsed once per
 * session, as a server-side limit should be; two threads at most (the machine has two cores).
 */
export function runPgbench({
  pgbench,
  databaseUrl,
  script,
  clients,
  durationS,
  variables,
}: PgbenchRun): Promise<PgbenchResult> {
  const args = [
    '-n',
    '-M',
    'prepared',
    '-c',
    String(clients),
    '-j',
    String(Math.min(clients, 2)),
    '-T',
    String(durationS),
    '-f',
    script,
    ...Object.entries(variables).flatMap(([name, value]) => ['-D', `${name}=${value}`]),
    databaseUrl,
  ];
  return new Promise((resolve, reject) => {
    execFile(
      pgbench,
      args,
      { timeout: (durationS + 60) * 1000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const reason = stderr.split('\n').find((line) => line.includes('error')) ?? error.message.split('\n')[0];
          return reject(new Error(`pgbench failed: ${reason.trim()}`));
        }
        const number = (pattern: RegExp) => {
          const match = pattern.exec(stdout);
          return match ? Number(match[1]) : NaN;
        };
        resolve({
          tps: number(/^tps = ([\d.]+)/m),
          latencyAvgMs: number(/^latency average = ([\d.]+) ms/m),
          transactions: number(/^number of transactions actually processed: (\d+)/m),
          failed: number(/^number of failed transactions: (\d+)/m) || 0,
        });
      },
    );
  });
}
