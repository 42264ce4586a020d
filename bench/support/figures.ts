/** The figures a bench prints: a header saying what ran where and when, and a plain aligned table. */
import os from 'node:os';
import type pg from 'pg';

export async function printHeader(name: string, settings: string, database: string, db: pg.Client): Promise<void> {
  const {
    rows: [{ version }],
  } = await db.query(`SELECT current_setting('server_version') AS version`);
  console.log(`${name}  ${settings}`);
  console.log(
    `  started ${new Date().toISOString()}  database=${database} (PostgreSQL ${version})  node ${process.version}  ` +
      `${os.cpus().length} cores  load average ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
  );
}

export function printTable(header: string[], rows: Array<Array<string | number>>): void {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  for (const [index, row] of cells.entries()) {
    console.log('  ' + row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
    if (index === 0) console.log('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
export const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}x` : '-');

/** Now, with the machine's 1-minute load average: on a shared machine it says how much to trust a figure. */
export const moment = () => `${new Date().toISOString()} (load average ${os.loadavg()[0].toFixed(2)})`;
