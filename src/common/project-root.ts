import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding this project's package.json, found from this file whether it runs from `src/` (tests)
 * or `dist/src/` (the built app), so templates and assets that tsc does not copy are read from one place.
 */
export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'clinic-seminars'
    )
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`No clinic-seminars package.json above ${start}`);
  }
}
