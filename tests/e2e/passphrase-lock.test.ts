// The passphrase lock in Chromium, as an admin meets it: turned on in Settings → Connection,
// locked, opened again from the popup; kept open across a stopped service worker (the key waits in
// session storage) but closed again by a browser restart; and off again. On disk, in the browser
// profile, neither secret nor the passphrase is ever readable.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reopenProfile, type ReopenedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import { collectErrors } from './console-errors';
import { connect, openPopup } from './connect';
import { ask } from './extension-messages';
import { openExtension } from './open-extension';

const PASSPHRASE = 'correct horse battery staple';
let sandbox: Sandbox;
let browser: ReopenedExtension;
let errors: string[];

type LockStatus = { lock: 'off' | 'locked' | 'unlocked' };
const lockState = async (page: Page) => (await ask<LockStatus>(page, { type: 'status' })).data!.lock;

async function openSettings(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html#connection`);
  await page.getByRole('heading', { name: 'Passphrase lock' }).waitFor();
  return page;
}

/** Every file of the browser profile, as bytes: what someone who copies the profile gets. */
async function profileHolds(text: string): Promise<string[]> {
  const needle = Buffer.from(text);
  const files = (await readdir(browser.profile, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
  const found: string[] = [];
  for (const f of files) {
    const bytes = await readFile(join(f.parentPath, f.name)).catch(() => Buffer.alloc(0));
    if (bytes.includes(needle)) found.push(join(f.parentPath, f.name));
  }
  return found;
}

/** Closes Chromium and starts it again on the same profile. */
async function restartBrowser(): Promise<void> {
  expect(errors).toEqual([]);
  await browser.close({ keepProfile: true });
  browser = await reopenProfile(browser.profile, sandbox.https!.chromiumArgs);
  errors = collectErrors(browser.context, browser.worker);
}

beforeAll(async () => {
  ({ sandbox, browser, errors } = await openExtension(30));
  const home = await browser.context.newPage();
  await home.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await connect(home, sandbox);
  await home.close();
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

describe('the passphrase lock', () => {
  it('is turned on in Settings, locks, and opens again from the popup', async () => {
    const settings = await openSettings();
    const lock = settings.getByRole('region', { name: 'Passphrase lock' });
    await lock.getByLabel(/^New passphrase/).fill(PASSPHRASE);
    await lock.getByLabel('The same passphrase again').fill(`${PASSPHRASE}!`);
    await lock.getByRole('button', { name: 'Turn on the passphrase lock' }).click();
    await expect.poll(() => lock.textContent()).toContain('The two passphrases differ.');
    expect(await lockState(settings)).toBe('off');

    await lock.getByLabel(/^New passphrase/).fill(PASSPHRASE);
    await lock.getByLabel('The same passphrase again').fill(PASSPHRASE);
    await lock.getByRole('button', { name: 'Turn on the passphrase lock' }).click();
    await expect.poll(() => lock.textContent()).toContain('The passphrase lock is on.');
    expect(await lockState(settings)).toBe('unlocked');
    await lock.getByRole('button', { name: 'Lock now' }).click();
    await expect.poll(() => lock.textContent()).toContain('Locked. Type the passphrase to unlock.');
    expect(await lockState(settings)).toBe('locked');

    const popup = await openPopup(browser);
    const form = popup.getByRole('form', { name: /The assistant is locked/ });
    await form.waitFor();
    // Nothing that needs a secret runs, and the popup says what to do.
    await popup.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => popup.getByRole('alert').last().textContent()).toMatch(/locked/i);
    expect(sandbox.scim.store.userCount).toBe(0);

    // From the keyboard: a wrong passphrase is refused, the right one opens.
    await form.getByRole('textbox', { name: 'Passphrase', exact: true }).fill('not the passphrase');
    await popup.keyboard.press('Enter');
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/passphrase/i);
    expect(await lockState(popup)).toBe('locked');
    await form.getByRole('textbox', { name: 'Passphrase', exact: true }).fill(PASSPHRASE);
    await popup.keyboard.press('Enter');
    await expect.poll(() => form.count()).toBe(0);
    expect(await lockState(popup)).toBe('unlocked');
    await popup.getByRole('button', { name: 'Preview changes' }).click();
    await expect.poll(() => popup.getByText(/^Would create \d+/).count(), { timeout: 60_000 }).toBe(1);

    for (const page of [popup, settings]) expect(await page.locator('body').innerText()).not.toContain(PASSPHRASE);
    await popup.close();
    await settings.close();
  });

  it('stays open when the service worker stops, and closes again when the browser restarts', async () => {
    const page = await openPopup(browser);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    // The worker wakes for the question with the key it left in session storage.
    expect(await lockState(page)).toBe('unlocked');
    await page.close();

    await restartBrowser();
    const popup = await openPopup(browser);
    await popup.getByRole('form', { name: /The assistant is locked/ }).waitFor();
    expect(await lockState(popup)).toBe('locked');
    // What the profile holds on disk: sealed secrets, a salt and a verifier — never what they open.
    for (const secret of [sandbox.jumpcloud.apiKey, sandbox.scim.token, PASSPHRASE]) expect(await profileHolds(secret)).toEqual([]);
    // The search does see what the extension wrote: the Sync endpoint, which is no secret, is there.
    expect(await profileHolds(sandbox.https!.syncEndpoint)).not.toEqual([]);

    await popup.getByRole('textbox', { name: 'Passphrase', exact: true }).fill(PASSPHRASE);
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => lockState(popup)).toBe('unlocked');
    await popup.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => popup.getByText('Synced', { exact: true }).count(), { timeout: 60_000 }).toBe(1);
    expect(sandbox.scim.store.userCount).toBeGreaterThan(0);
    await popup.close();
  });

  it('is turned off with the passphrase, and a restart then asks for nothing', async () => {
    const settings = await openSettings();
    const lock = settings.getByRole('region', { name: 'Passphrase lock' });
    await lock.getByLabel('Passphrase, to turn the lock off').fill('not the passphrase');
    await lock.getByRole('button', { name: 'Turn off the passphrase lock' }).click();
    await expect.poll(() => lock.getByRole('alert').count()).toBeGreaterThan(0);
    expect(await lockState(settings)).toBe('unlocked');
    await lock.getByLabel('Passphrase, to turn the lock off').fill(PASSPHRASE);
    await lock.getByRole('button', { name: 'Turn off the passphrase lock' }).click();
    await expect.poll(() => lock.textContent()).toContain('The passphrase lock is off.');
    await settings.close();

    await restartBrowser();
    const popup = await openPopup(browser);
    expect(await lockState(popup)).toBe('off');
    expect(await popup.getByRole('form', { name: /The assistant is locked/ }).count()).toBe(0);
    await popup.getByRole('button', { name: 'Preview changes' }).click();
    await expect.poll(() => popup.getByText(/^Would create \d+/).count(), { timeout: 60_000 }).toBe(1);
    expect(await profileHolds(sandbox.jumpcloud.apiKey)).toEqual([]);
    await popup.close();
  });

  it('printed no error in any console', () => {
    expect(errors).toEqual([]);
  });
});
