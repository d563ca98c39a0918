// The production build in real Chromium, against the sandbox under the real host names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXTENSION_DIR, type LaunchedExtension } from '@/sandbox/chromium';
import { jumpcloudConsoleMatches, zohoConsoleMatches } from '@/lib/hosts';
import type { Sandbox } from '@/sandbox/index';
import { openExtension } from './open-extension';
import { PRESENCE_ATTRIBUTE } from '@/lib/dom/presence';

let sandbox: Sandbox;
let browser: LaunchedExtension;
let errors: string[];

beforeAll(async () => {
  ({ sandbox, browser, errors } = await openExtension(50));
  // Every page records what its content security policy refused, from before its own scripts run.
  await browser.context.addInitScript(() => {
    const w = window as unknown as { refused: string[] };
    w.refused = [];
    document.addEventListener('securitypolicyviolation', (e) => w.refused.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

describe('the built extension', () => {
  it('runs its content script on the JumpCloud console', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://console.jumpcloud.com/#/home');
    await expect.poll(() => page.locator('html').getAttribute(PRESENCE_ATTRIBUTE)).toBe('jumpcloud');
    await expect.poll(() => page.getByRole('heading', { name: 'Home' }).isVisible()).toBe(true);
    await page.close();
  });

  it('runs its content script on Zoho Directory', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://directory.zoho.com/');
    await expect.poll(() => page.locator('html').getAttribute(PRESENCE_ATTRIBUTE)).toBe('zoho');
    await expect.poll(() => page.getByRole('heading', { name: 'Home' }).isVisible()).toBe(true);
    // The launcher alone, until the admin opens a guide.
    expect(await page.locator('jumpcloud-zoho-assistant').count()).toBe(1);
    await page.close();
  });

  it('asks only for the JumpCloud and Zoho hosts, and for others only when needed', async () => {
    const manifest = JSON.parse(await readFile(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect([...manifest.host_permissions].sort()).toEqual([...jumpcloudConsoleMatches, ...zohoConsoleMatches].sort());
    expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
    const matches = manifest.content_scripts.map((c: { matches: string[] }) => [...c.matches].sort());
    expect(matches).toEqual([[...jumpcloudConsoleMatches].sort(), [...zohoConsoleMatches].sort()]);
    expect(zohoConsoleMatches).toContain('https://directory.zohocloud.ca/*');
    expect(zohoConsoleMatches).toContain('https://one.zoho.uk/*');
  });

  it('opens the popup, which names the next setup step, and the options page from it', async () => {
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await expect
      .poll(() => popup.getByRole('heading', { name: 'JumpCloud assistant for Zoho Directory' }).isVisible())
      .toBe(true);
    await expect.poll(() => popup.getByRole('status').textContent()).toContain('Add your JumpCloud API key');
    const [options] = await Promise.all([
      browser.context.waitForEvent('page'),
      popup.getByRole('button', { name: 'Open settings' }).click(),
    ]);
    await options.waitForLoadState();
    expect(options.url()).toBe(`chrome-extension://${browser.extensionId}/options.html`);
    await expect.poll(() => options.getByRole('heading', { level: 1 }).textContent()).toContain('settings');
    await expect.poll(() => options.getByRole('status').textContent()).toContain('Next step');
    await popup.close();
    await options.close();
  });

  it('reaches the sandbox from the service worker, through the host mapping and certificate', async () => {
    const { apiKey } = sandbox.jumpcloud;
    const body = await browser.worker.evaluate(async (key) => {
      const r = await fetch('https://console.jumpcloud.com/api/systemusers?limit=1', { headers: { 'x-api-key': key } });
      return { status: r.status, json: (await r.json()) as { totalCount: number } };
    }, apiKey);
    expect(body.status).toBe(200);
    expect(body.json.totalCount).toBe(sandbox.jumpcloud.directory.users.length);
  });

  it('never tries to evaluate a string as code on its own pages (zod runs without compiling parsers)', async () => {
    for (const name of ['popup.html', 'options.html']) {
      const page = await browser.context.newPage();
      await page.goto(`chrome-extension://${browser.extensionId}/${name}`);
      // Drawn from the background's parsed answers: every schema on the way has run.
      await expect.poll(() => page.getByRole('heading').first().isVisible()).toBe(true);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => (window as unknown as { refused: string[] }).refused)).toEqual([]);
      await page.close();
    }
  });

  it('printed no error in any console', () => {
    expect(errors).toEqual([]);
  });
});
