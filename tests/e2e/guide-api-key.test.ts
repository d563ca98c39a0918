// The API-key path of the guide, in Chromium on the production build against the sandbox's model
// of the JumpCloud console: the test clicks the console's own buttons as the admin would; the
// guide only points, explains and — on the admin's click — saves the key it shows.
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import { openExtension } from './open-extension';
import { axClick } from './closed-shadow';
import { ask } from './extension-messages';
import { alertText, panelText, stepText } from './guide-panel';

const SHOTS = 'test-results/screenshots';
let sandbox: Sandbox;
let browser: LaunchedExtension;
let errors: string[];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  ({ sandbox, browser, errors } = await openExtension(5));
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});


async function extensionPage(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  return page;
}

describe('the API-key guide', () => {
  it('walks the admin to a new API key, survives a reload, and saves the key encrypted', async () => {
    const home = await extensionPage();
    expect((await ask<{ missing: string[] }>(home, { type: 'status' })).data?.missing).toContain('apiKey');

    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.goto('https://console.jumpcloud.com/#/home');
    // Dormant: nothing but the launcher, no flow position kept.
    expect(await page.evaluate(() => sessionStorage.getItem('jumpcloud-zoho-assistant.guide'))).toBeNull();
    expect(await panelText(page)).toBe('');
    // Page scripts cannot reach into the guide.
    expect(await page.evaluate(() => document.querySelector('jumpcloud-zoho-assistant')?.shadowRoot)).toBeNull();
    await axClick(page, 'button', 'Open the Zoho setup guide');
    await axClick(page, 'button', 'Get a JumpCloud API key');
    await expect.poll(() => stepText(page)).toBe('Step 1 of 9: Open Settings');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => stepText(page)).toBe('Step 2 of 9: Open Administrators');
    await page.getByRole('tab', { name: 'Administrators' }).click();
    await expect.poll(() => stepText(page)).toBe('Step 3 of 9: Open your administrator');
    await page.getByRole('link', { name: 'Ada Admin' }).click();
    // The pop-up appears late; the guide waits for it.
    await expect.poll(() => stepText(page)).toBe('Step 4 of 9: Enable API access');
    await page.screenshot({ path: `${SHOTS}/guide-enable-api-access.png` });
    await page.getByRole('checkbox', { name: 'Enable API access' }).check();
    await expect.poll(() => stepText(page)).toBe('Step 5 of 9: Save the administrator');
    await page.getByRole('dialog', { name: 'Edit Administrator' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => stepText(page)).toBe('Step 6 of 9: Open the user profile menu');
    expect(await page.evaluate(() => (window as unknown as { consoleState: { admins: { apiAccess: boolean }[] } }).consoleState.admins[0]!.apiAccess)).toBe(true);

    // A reload in the middle: the guide comes back on its own, at the same step.
    await page.reload();
    await expect.poll(() => stepText(page)).toBe('Step 6 of 9: Open the user profile menu');
    await page.getByRole('button', { name: 'User Profile' }).click();
    await expect.poll(() => stepText(page)).toBe('Step 7 of 9: Open My API Key');
    await page.getByRole('menuitem', { name: 'My API Key' }).click();
    await expect.poll(() => stepText(page)).toBe('Step 8 of 9: Generate a new API key');
    // Before Generate, the guide says what generating breaks.
    expect(await panelText(page)).toMatch(/revokes your current one.*integration that still uses the old key/);
    await page.screenshot({ path: `${SHOTS}/guide-generate.png` });
    // No key yet: the guide has not clicked Generate.
    const generated = () => page.evaluate(() => (window as unknown as { consoleState: { generatedKeys: string[] } }).consoleState.generatedKeys);
    expect(await generated()).toEqual([]);
    await page.getByRole('button', { name: 'Generate New API Key' }).click();
    await expect.poll(() => stepText(page)).toBe('Step 9 of 9: Save the key in the assistant');
    const [key] = await generated();
    expect(key).toMatch(/^jca_[a-z0-9]{36}$/);

    await axClick(page, 'button', 'Save to assistant');
    await expect.poll(() => panelText(page)).toContain('JumpCloud will not show it again');
    await page.screenshot({ path: `${SHOTS}/guide-saved.png` });
    // Finished stays finished after a reload; closing the guide forgets it.
    await page.reload();
    await expect.poll(() => panelText(page)).toContain('The API key is saved in the assistant');
    await axClick(page, 'button', 'Close the guide');
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('jumpcloud-zoho-assistant.guide'))).toBeNull();

    // Stored: the status no longer asks for it.
    await expect.poll(async () => (await ask<{ missing: string[] }>(home, { type: 'status' })).data?.missing).not.toContain('apiKey');
    // Encrypted: its plain text is nowhere in the extension's database.
    const dump = await browser.worker.evaluate(async () => {
      const names = (await indexedDB.databases()).map((d) => d.name!);
      const out: string[] = [];
      for (const name of names) {
        const db: IDBDatabase = await new Promise((ok, no) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => ok(r.result);
          r.onerror = () => no(r.error);
        });
        for (const store of Array.from(db.objectStoreNames)) {
          const tx = db.transaction(store);
          const [keys, values] = await Promise.all(
            [tx.objectStore(store).getAllKeys(), tx.objectStore(store).getAll()].map(
              (r) => new Promise<unknown[]>((ok) => (r.onsuccess = () => ok(r.result as unknown[]))),
            ),
          );
          out.push(JSON.stringify({ name, store, keys, values }, (_k, v: unknown) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Array.from(new Uint8Array(v as ArrayBuffer)) : v)));
        }
        db.close();
      }
      return out.join('\n');
    });
    expect(dump).toContain('jumpcloudApiKey');
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(key!.slice(4));
    await page.close();
    await home.close();
  });

  it('explains a missing permission and an error instead of the pop-up', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://console.jumpcloud.com/?apikey=denied#/home');
    await axClick(page, 'button', 'Open the Zoho setup guide');
    await axClick(page, 'button', 'Get a JumpCloud API key');
    await page.getByRole('button', { name: 'User Profile' }).click();
    // Gone ahead of the guide: it meets the admin at the step they reached.
    await expect.poll(() => stepText(page)).toBe('Step 7 of 9: Open My API Key');
    await page.getByRole('menuitem', { name: 'My API Key' }).click();
    await expect.poll(() => alertText(page)).toMatch(/Administrator with Billing has to .*Enable API access/);
    await axClick(page, 'button', 'Close the guide');

    await page.goto('https://console.jumpcloud.com/?apikey=error#/home');
    await axClick(page, 'button', 'Open the Zoho setup guide');
    await axClick(page, 'button', 'Get a JumpCloud API key');
    await page.getByRole('button', { name: 'User Profile' }).click();
    await page.getByRole('menuitem', { name: 'My API Key' }).click();
    await expect.poll(() => alertText(page)).toMatch(/Refresh the page once/);
    expect(await stepText(page)).toBe('Step 7 of 9: Open My API Key');
    await page.screenshot({ path: `${SHOTS}/guide-error.png` });
    await page.close();
  });

  it('printed no errors', () => {
    expect(errors).toEqual([]);
  });
});
