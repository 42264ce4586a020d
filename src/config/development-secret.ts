import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './app-config.js';

/**
 * Outside production, a missing JWT_SECRET is replaced by a generated one kept in ./.data/app-secret, so
 * sign-ins and attendees' manage links (derived from it) survive a restart of a development service.
 */
export function withDevelopmentSecret(config: AppConfig): { config: AppConfig; file?: string } {
  if (!config.jwt.generated) return { config };
  const file = path.join(path.dirname(config.database.embeddedDir), 'app-secret');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return { config: { ...config, jwt: { ...config.jwt, secret: kept } }, file };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${config.jwt.secret}\n`, { mode: 0o600 });
  return { config, file };
}
