/**
 * Browser tests: a real Village server (demo district, temporary SQLite database) and Debian's
 * Chromium driven by playwright-core. Screenshots go to test-artifacts/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../server/config.ts';
import { startServer, type RunningServer } from '../server/server.ts';
import { DEMO_PASSWORD } from '../server/demo/accounts.ts';

const require = createRequire(import.meta.url);
export const SCREENSHOTS = path.resolve('test-artifacts', 'screenshots');

export interface Harness {
  server: RunningServer;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startHarness(options: { students?: number } = {}): Promise<Harness> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'village-e2e-'));
  const config = loadConfig(
    {
      DATABASE_URL: `sqlite:${path.join(dir, 'village.db')}`,
      PORT: '0',
      LOG_LEVEL: 'warn',
      VILLAGE_DEMO: 'true',
      VILLAGE_DEMO_STUDENTS: String(options.students ?? 400),
      VILLAGE_FILES_DIR: path.join(dir, 'files'),
      VILLAGE_SIGNIN_RATE_PER_MINUTE: '1000',
      // A separate build can be tested while web/dist is being rebuilt (VILLAGE_WEB_DIR=…).
      VILLAGE_WEB_DIR: process.env.VILLAGE_WEB_DIR ?? './web/dist',
    },
    { dotenvPath: '' },
  );
  const server = await startServer(config);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    server,
    baseUrl: server.address.replace('127.0.0.1', 'localhost'),
    browser,
    async close() {
      await browser.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };

export async function newPage(h: Harness, viewport = DESKTOP, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({ viewport, locale, baseURL: h.baseUrl });
  const page = await context.newPage();
  trackApiCalls(page);
  return { context, page };
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel(/email|correo/i).fill(email);
  await page.getByLabel(/^(password|contraseña)/i).fill(password);
  await page.getByRole('button', { name: /sign in|iniciar sesión/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
  await page.locator('main h1').first().waitFor();
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page; returns serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = (await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    return await window.axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects the page's uncaught script errors (and failed API calls other than the expected 401/403/404s). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 500) errors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return errors;
}

const apiCalls = new WeakMap<Page, { pending: number; lastChange: number }>();

/** Counts the page's API calls under way (pages from newPage() are tracked). */
function trackApiCalls(page: Page) {
  const state = { pending: 0, lastChange: Date.now() };
  apiCalls.set(page, state);
  const isApi = (url: string) => url.includes('/api/');
  page.on('request', (r) => {
    if (isApi(r.url())) (state.pending++, (state.lastChange = Date.now()));
  });
  const done = (r: { url(): string }) => {
    if (isApi(r.url())) (state.pending = Math.max(0, state.pending - 1), (state.lastChange = Date.now()));
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/**
 * Waits until the page has finished loading its data: its heading is shown, no API call has been
 * under way for a moment, and no loading indicator is left.
 */
export async function settle(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.locator('main h1').first().waitFor({ timeout: timeoutMs });
  const state = apiCalls.get(page);
  if (!state) {
    await page.waitForLoadState('networkidle');
  } else {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until && (state.pending > 0 || Date.now() - state.lastChange < 150)) await page.waitForTimeout(50);
  }
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: timeoutMs }).catch(() => {});
}

/** The page is no wider than the screen (tables may scroll inside their own region). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
