import { mkdir } from 'node:fs/promises';
import path from 'node:path';
// Both packages are CommonJS with an ESM wrapper (`exports.import`), so named imports work under Jest's
// ESM mode and under Node alike; no default-import interop is needed.
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/**
 * The real browser of the browser suites: the system's Chromium (Debian's `chromium`; CI installs it),
 * driven by playwright-core, never a downloaded browser. One browser per suite, one fresh context (a fresh
 * profile: no cookies, no cache, no storage) per page a test opens.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots land here, one full-page PNG per name; CI keeps the folder as an artefact. */
export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless=new',
  // Containers and CI runners often run as root, where Chromium's sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  // No calls home while a test runs: updates, sync, field trials, QUIC probes.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export type Device = 'desktop' | 'phone';

/** How each page of ours was opened, so axe can look at a JavaScript-off page the same way (see below). */
const openedWith = new WeakMap<Page, PageOptions>();

const DEVICES: Record<Device, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 900 } },
  // An iPhone 12–15 sized screen.
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

export interface PageOptions {
  device?: Device;
  /** Pages must work without JavaScript (DESIGN rule 10), and e-mail clients never run it. */
  javaScript?: boolean;
  /** BCP 47, sent as Accept-Language and used by the page's Intl. */
  locale?: string;
  /** What `prefers-color-scheme` answers; light unless asked. */
  colorScheme?: 'light' | 'dark';
}

export interface TestBrowser {
  browser: Browser;
  /** A page in a new context of its own; closed with the browser, or earlier through `page.context().close()`. */
  newPage(options?: PageOptions): Promise<Page>;
  /** Runs `use` on a page in a fresh context and closes that context afterwards, whatever happens. */
  withPage<T>(options: PageOptions, use: (page: Page) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Launches Chromium once; call in `beforeAll` and close in `afterAll`. */
export async function launchBrowser(): Promise<TestBrowser> {
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new Error(
      `Could not start Chromium at ${CHROMIUM_PATH} (install Debian's "chromium" or set CHROMIUM_PATH): ${(error as Error).message}`,
    );
  }
  const contexts = new Set<BrowserContext>();

  const newPage = async (options: PageOptions = {}): Promise<Page> => {
    const context = await browser.newContext(contextOptions(options));
    contexts.add(context);
    context.once('close', () => contexts.delete(context));
    const page = await context.newPage();
    openedWith.set(page, options);
    return page;
  };

  return {
    browser,
    newPage,
    async withPage(options, use) {
      const page = await newPage(options);
      try {
        return await use(page);
      } finally {
        await page.context().close();
      }
    },
    async close() {
      await Promise.all([...contexts].map((context) => context.close().catch(() => undefined)));
      await browser.close();
    },
  };
}

export function contextOptions({
  device = 'desktop',
  javaScript = true,
  locale,
  colorScheme = 'light',
}: PageOptions = {}): BrowserContextOptions {
  return { ...DEVICES[device], javaScriptEnabled: javaScript, colorScheme, ...(locale ? { locale } : {}) };
}

export interface AxeOptions {
  /** Rules to leave out, each with the reason at the call site (e.g. landmark rules in an e-mail). */
  disableRules?: string[];
  /** Rules that must have run (passed, failed or found nothing to check), so a renamed rule fails loudly. */
  mustRun?: string[];
}

/** The WCAG 2.1 A and AA rules; the best-practice rules stay out unless a suite asks for them. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the page as it is now and fails with one readable line per violation and element.
 *
 * axe cannot run in a page whose JavaScript is off: Chromium then fires no timers and runs no queued
 * callbacks, and axe waits on both forever. For such a page axe looks at a copy instead: the DOM exactly as
 * it was rendered without JavaScript (no script ran, <noscript> content shown), without its scripts, in a
 * fresh context with the same screen and language, at the same address, fetching nothing from elsewhere.
 */
export async function expectNoAxeViolations(page: Page, label: string, options: AxeOptions = {}): Promise<void> {
  const opened = openedWith.get(page);
  const results =
    opened?.javaScript === false
      ? await onScriptFreeCopy(page, opened, (copy) => runAxe(copy, options))
      : await runAxe(page, options);

  const ran = new Set(
    [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable].map((r) => r.id),
  );
  const missing = (options.mustRun ?? []).filter((rule) => !ran.has(rule));
  if (missing.length > 0) throw new Error(`axe on ${label}: these rules did not run: ${missing.join(', ')}`);

  if (results.violations.length === 0) return;
  const lines = results.violations.flatMap((violation) =>
    violation.nodes.map((node) => {
      const target = node.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : String(t))).join(', ');
      const detail = node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, ' ').trim()})` : '';
      return `  - ${violation.id} [${violation.impact ?? 'n/a'}]: ${violation.help} at ${target}${detail}`;
    }),
  );
  throw new Error(`axe found ${results.violations.length} kind(s) of violation on ${label}:\n${lines.join('\n')}`);
}

function runAxe(page: Page, options: AxeOptions) {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  return builder.analyze();
}

/** The page's current DOM with its scripts removed and <noscript> unwrapped, in a JavaScript-on page. */
async function onScriptFreeCopy<T>(page: Page, opened: PageOptions, use: (copy: Page) => Promise<T>): Promise<T> {
  // A synchronous evaluate still works with JavaScript off; only timers and queued callbacks do not.
  const html = (await page.evaluate(`(() => {
    const root = document.documentElement.cloneNode(true);
    root.querySelectorAll('script').forEach((script) => script.remove());
    root.querySelectorAll('noscript').forEach((noscript) => noscript.replaceWith(...noscript.childNodes));
    const doctype = document.doctype ? '<!doctype ' + document.doctype.name + '>' : '';
    return doctype + root.outerHTML;
  })()`)) as string;
  const url = page.url();
  const origin = /^https?:/.test(url) ? new URL(url).origin : undefined;
  const context = await page
    .context()
    .browser()!
    .newContext(contextOptions({ ...opened, javaScript: true }));
  try {
    const copy = await context.newPage();
    await copy.route('**/*', (route) => {
      const request = route.request();
      if (request.isNavigationRequest() && request.url() === url)
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      const sameOrigin = origin !== undefined && request.url().startsWith(`${origin}/`);
      if (request.url().startsWith('data:') || (sameOrigin && request.resourceType() !== 'script'))
        return route.continue();
      return route.abort('blockedbyclient');
    });
    if (origin) await copy.goto(url, { waitUntil: 'load' });
    else await copy.setContent(html, { waitUntil: 'load' });
    return await use(copy);
  } finally {
    await context.close();
  }
}

/** Saves a full-page PNG as test-results/screenshots/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`screenshot name "${name}": use letters, digits, dots, dashes`);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * How far the page is wider than its viewport (0 when nothing makes it scroll sideways): on a phone,
 * anything above 0 is text or a table the reader has to pan across.
 */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    'Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0) - window.innerWidth',
  ) as Promise<number>;
}

/**
 * Lets the page fetch only from `allowedOrigins` (and data: URLs) and aborts everything else, so a test
 * never reaches the internet. Returns the list of URLs it refused, filled as the page tries them: an
 * e-mail that needs any of them shows a broken image in clients that block remote content too.
 */
export async function keepOffline(page: Page, allowedOrigins: string[] = []): Promise<string[]> {
  const refused: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || allowedOrigins.some((origin) => url.startsWith(`${origin}/`)))
      return route.continue();
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  return refused;
}
