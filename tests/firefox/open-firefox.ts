// Every Firefox test file starts the same way, as tests/e2e/open-extension.ts does for Chromium:
// the sandbox behind HTTPS, Firefox with the production build installed and routed to it, and a
// collector of every error a page or the extension prints.
import type { Browser, Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { launchFirefoxWithExtension, locationOf, type LaunchedFirefox } from '@/sandbox/firefox';
import { startSandbox, type ConsoleFixture, type Sandbox } from '@/sandbox/index';

export async function openFirefox(
  users: number,
  consoleFixture?: ConsoleFixture,
): Promise<{ sandbox: Sandbox; firefox: LaunchedFirefox; errors: () => Promise<string[]> }> {
  const sandbox = await startSandbox({ users, https: true, ...(consoleFixture ? { consoleFixture } : {}) });
  const firefox = await launchFirefoxWithExtension(sandbox.https!);
  const inTabs = collectPageErrors(firefox.browser, [firefox.welcome]);
  return { sandbox, firefox, errors: async () => [...inTabs, ...(await firefox.extensionErrors())] };
}

/** What the web pages print (the consoles); the extension's own errors come from Firefox itself. */
function collectPageErrors(browser: Browser, open: Page[]): string[] {
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') void locationOf(page).then((at) => errors.push(`${at}: ${m.text()}`));
    });
    page.on('pageerror', (e) => void locationOf(page).then((at) => errors.push(`${at}: ${String(e)}`)));
  };
  open.forEach(watch);
  browser.on('targetcreated', (target) => {
    void target.page().then((page) => page && watch(page));
  });
  return errors;
}

/**
 * Opens one of the extension's pages in a new tab. WebDriver BiDi may not navigate to a
 * moz-extension:// address, but a tab the extension opens itself can be driven, so the welcome
 * page (the extension's own) opens it.
 */
export async function openExtensionPage(firefox: LaunchedFirefox, path: string): Promise<Page> {
  const url = `${firefox.origin}/${path}`;
  const page = await tabOpenedBy(firefox, () =>
    firefox.welcome.evaluate((u) => void (globalThis as unknown as WithTabs).browser.tabs.create({ url: u }), url),
  );
  await expect.poll(() => locationOf(page)).toBe(url);
  return page;
}

type WithTabs = { browser: { tabs: { create(o: { url: string }): Promise<unknown> } } };

/** The tab a click opened: the first one that was not open before, once it has left about:blank. */
export async function tabOpenedBy(firefox: LaunchedFirefox, act: () => Promise<unknown>): Promise<Page> {
  const before = new Set(await firefox.browser.pages());
  await act();
  for (const until = Date.now() + 30_000; Date.now() < until; ) {
    for (const page of await firefox.browser.pages()) {
      if (!before.has(page) && /^https?:|^moz-extension:/.test(await locationOf(page))) return page;
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new Error('No tab opened');
}
