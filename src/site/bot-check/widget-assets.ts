import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../../common/project-root.js';
import { SUPPORTED_LOCALES } from '../../i18n/locales.js';
import type { AssetRegistry } from '../assets/asset-registry.js';
import { ALGORITHM } from './altcha-challenges.js';

const require = createRequire(import.meta.url);

/** The `altcha` package's strict-CSP build: no inline styles or scripts, no workers inlined as blob: URLs. */
const EXTERNAL_DIR = path.dirname(require.resolve('altcha/external'));
const WIDGET_JS = path.join(EXTERNAL_DIR, 'altcha.min.js');
const WIDGET_CSS = path.join(EXTERNAL_DIR, 'altcha.css');
const PBKDF2_WORKER = path.join(EXTERNAL_DIR, '../workers/pbkdf2.js');
const I18N_DIR = path.join(EXTERNAL_DIR, '../i18n');
const OUR_CSS = path.join(PROJECT_ROOT, 'src/site/assets/bot-check.css');

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

export interface WidgetUrls {
  scriptUrl: string;
  cssUrl: string;
}

/**
 * Registers the widget's three files with the pages' assets, under hashed names:
 * - `bot-check.js`: the widget, its words for every language we speak besides English (built in), and a few
 *   lines that tell it where its PBKDF2 worker is (the external build ships none; with the hashed URL
 *   written in, the worker can be cached forever like the rest);
 * - `altcha-pbkdf2-worker.js`: the worker (CSP `worker-src 'self'`);
 * - `bot-check.css`: the widget's styles and ours (the honeypot's hiding), so it works without JavaScript.
 */
export function registerWidgetAssets(assets: AssetRegistry): WidgetUrls {
  assets.add('altcha-pbkdf2-worker.js', readFileSync(PBKDF2_WORKER), JS);
  const workerUrl = assets.url('altcha-pbkdf2-worker.js');
  assets.add('bot-check.js', Buffer.from(widgetScript(workerUrl)), JS);
  assets.add('bot-check.css', Buffer.concat([readFileSync(WIDGET_CSS), Buffer.from('\n'), readFileSync(OUR_CSS)]), CSS);
  return { scriptUrl: assets.url('bot-check.js'), cssUrl: assets.url('bot-check.css') };
}

/**
 * One classic script (no module loading). Each part runs in its own strict function scope: the package's
 * files are ES module builds whose top-level names would clash if they shared the global scope.
 */
function widgetScript(workerUrl: string): string {
  const worker = JSON.stringify(workerUrl);
  const register = `globalThis.$altcha.algorithms.set(${JSON.stringify(ALGORITHM)}, () => new Worker(${worker}));`;
  const translations = altchaTranslations().map((file) => readFileSync(file, 'utf8'));
  const parts = [readFileSync(WIDGET_JS, 'utf8'), ...translations, register];
  return parts.map((source) => `;(function () {\n'use strict';\n${source}\n})();\n`).join('');
}

/** The widget's own word files for our languages (`pt-PT` → `i18n/pt-pt.js`, else the primary tag's). */
function altchaTranslations(): string[] {
  return SUPPORTED_LOCALES.filter((locale) => locale !== 'en').flatMap((locale) => {
    const names = [locale.toLowerCase(), locale.toLowerCase().split('-')[0]];
    const found = names.map((name) => path.join(I18N_DIR, `${name}.js`)).find((file) => existsSync(file));
    return found ? [found] : [];
  });
}
