// Finds the Chromium the end-to-end tests and the demo drive, and the switches it needs here.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error(
      'Chromium was not found. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH to its executable.',
    );
  }
  return found;
}

export const EXTENSION_DIR = resolve(import.meta.dirname, '../.output/chrome-mv3');

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** The welcome the extension opens on install (setup.html). */
  welcome: Page;
  /** The browser profile, which `close({ keepProfile: true })` leaves for `reopenProfile`. */
  profile: string;
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

/** The same profile started again: a browser restart, with the extension already installed. */
export type ReopenedExtension = Omit<LaunchedExtension, 'welcome'>;

async function launch(profile: string, extraArgs: string[], headless: boolean): Promise<BrowserContext> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No production build at ${EXTENSION_DIR}; run "npm run build" first.`);
  }
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless,
    viewport: { width: 1280, height: 800 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      // Running as root (CI, these machines) needs --no-sandbox; the rest keep Chromium off a
      // network it cannot reach, which would otherwise fill the console with refused connections.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

function closer(context: BrowserContext, profile: string) {
  return async ({ keepProfile = false } = {}) => {
    await context.close();
    if (!keepProfile) await rm(profile, { recursive: true, force: true });
  };
}

/** Starts Chromium with the production build loaded and the sandbox's host mapping. */
export async function launchWithExtension(extraArgs: string[], headless = true): Promise<LaunchedExtension> {
  const profile = await mkdtemp(join(tmpdir(), 'jca-profile-'));
  const context = await launch(profile, extraArgs, headless);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const close = closer(context, profile);
  // Waited for here, so that no test meets it opening halfway through.
  const welcome = await waitForTab(context, `chrome-extension://${extensionId}/setup.html`).catch(async (e: unknown) => {
    await close();
    throw e;
  });
  return { context, extensionId, worker, welcome, profile, close };
}

/** Starts Chromium again on a profile a launch kept: what a browser restart does to the extension. */
export async function reopenProfile(profile: string, extraArgs: string[], headless = true): Promise<ReopenedExtension> {
  const context = await launch(profile, extraArgs, headless);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, extensionId: new URL(worker.url()).host, worker, profile, close: closer(context, profile) };
}

async function waitForTab(context: BrowserContext, url: string, timeoutMs = 30_000): Promise<Page> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    const page = context.pages().find((p) => p.url() === url);
    if (page) {
      await page.waitForLoadState();
      return page;
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`The extension did not open ${url} on install`);
}
