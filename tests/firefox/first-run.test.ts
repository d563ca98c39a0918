// The first run in Firefox, on the production build against the sandbox: installed, the extension
// opens its welcome (once); the welcome leads to the first step, the JumpCloud console with the
// API-key guide started; the guide saves the key; the Zoho guide saves the Sync endpoint and
// the token; and setup is done — the "This assistant syncs" path, in Firefox's own engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locationOf, type LaunchedFirefox } from '@/sandbox/firefox';
import type { Sandbox } from '@/sandbox/index';
import { ask } from '../e2e/extension-messages';
import { API_KEY_GUIDE } from '../e2e/guide/journeys';
import { reachJumpCloudStore, ZOHO_SCIM_GUIDE } from '../e2e/guide/zoho-journeys';
import { allByRole, clickByRole, textByRole } from './by-role';
import { FirefoxGuide } from './guide-driver';
import { openFirefox, tabOpenedBy } from './open-firefox';

let sandbox: Sandbox;
let firefox: LaunchedFirefox;
let errors: () => Promise<string[]>;

beforeAll(async () => {
  ({ sandbox, firefox, errors } = await openFirefox(30));
});

afterAll(async () => {
  await firefox?.close();
  await sandbox?.close();
});

const welcomeTabs = async () => {
  const at = await Promise.all((await firefox.browser.pages()).map(locationOf));
  return at.filter((href) => href === `${firefox.origin}/setup.html`).length;
};

/** The welcome drawn again from what the background says now (its status is read once, on load). */
const reloadWelcome = () => firefox.welcome.evaluate(() => location.reload());

describe('the first run in Firefox', () => {
  it('opens the welcome on install, asking how the users should reach Zoho', async () => {
    const page = firefox.welcome;
    await expect.poll(() => textByRole(page, 'heading', 'Welcome to the JumpCloud assistant for Zoho Directory')).toContain('Welcome');
    const radios = await allByRole(page, 'radio');
    expect(await Promise.all(radios.map((r) => r.evaluate((e) => (e as HTMLInputElement).labels?.[0]?.textContent?.trim())))).toEqual([
      'This assistant syncs',
      'JumpCloud pushes over SCIM',
      'Zoho pulls with an API key',
    ]);
    const [chosen] = await allByRole(page, 'radio', 'This assistant syncs');
    expect(await chosen!.evaluate((e) => (e as HTMLInputElement).checked)).toBe(true);
    await expect.poll(() => textByRole(page, 'status')).toContain('Next step: Add your JumpCloud API key');
    expect(await allByRole(page, 'button', 'Open JumpCloud with the API key guide')).toHaveLength(1);
  });

  it('opens it once: a background that Firefox stops and starts again does not open another', async () => {
    await firefox.terminateBackground();
    await expect.poll(() => firefox.backgroundState()).not.toBe('running');
    // A page asking wakes it, as any event does.
    expect(await ask(firefox.welcome, { type: 'status' })).toMatchObject({ ok: true });
    expect(await firefox.backgroundState()).toBe('running');
    expect(await welcomeTabs()).toBe(1);
  });

  it('leads to the first step: the JumpCloud console, where the API-key guide saves the key', async () => {
    const page = await tabOpenedBy(firefox, () => clickByRole(firefox.welcome, 'button', 'Open JumpCloud with the API key guide'));
    expect(new URL(await locationOf(page)).hostname).toBe('console.jumpcloud.com');
    const g = new FirefoxGuide(page);
    await g.at('Open Settings');
    expect(await g.panelText()).toContain(API_KEY_GUIDE);
    await g.clickPointed(/Settings/);
    await g.at('Open Administrators');
    await g.clickPointed(/Administrators/);
    await g.at('Open your administrator');
    await clickByRole(page, 'link', 'Ada Admin');
    await g.at('Enable API access');
    await g.clickPointed(/API access/i);
    await g.at('Save the administrator');
    await g.clickPointed(/^\s*Save\b/);
    await g.at('Open the user profile menu');
    await g.clickPointed(/User Profile/);
    await g.at('Open My API Key');
    await g.clickPointed(/My API Key/);
    await g.at('Generate a new API key');
    await g.clickPointed(/Generate New API Key/);
    await g.at('Save the key in the assistant');
    await g.press('Save to assistant');
    await expect.poll(() => g.panelText()).toContain('JumpCloud will not show it again');
    const status = await ask<{ missing: string[] }>(firefox.welcome, { type: 'status' });
    expect(status.data!.missing).not.toContain('apiKey');
    // The saved key is the one the console just generated: the sandbox's API takes it.
    expect(await ask(firefox.welcome, { type: 'test.jumpcloud' })).toMatchObject({ ok: true });
    await page.close();
  });

  it('then the Zoho guide saves the Sync endpoint and the SCIM token, and setup is done', async () => {
    await reloadWelcome();
    await expect.poll(() => textByRole(firefox.welcome, 'status')).toContain('Save the Sync endpoint and SCIM token');
    const page = await tabOpenedBy(firefox, () => clickByRole(firefox.welcome, 'button', 'Open Zoho Directory with the SCIM guide'));
    expect(new URL(await locationOf(page)).hostname).toBe('directory.zoho.com');
    const g = new FirefoxGuide(page);
    await reachJumpCloudStore(g, /Admin Panel/);
    expect(await g.panelText()).toContain(ZOHO_SCIM_GUIDE);
    await g.at('Choose Using SCIM');
    await g.clickPointed(/Using SCIM/);
    await g.at('Save the Sync endpoint and SCIM token');
    await g.press('Save to assistant');
    await expect.poll(() => g.panelText()).toContain('Saved: the Sync endpoint, and the SCIM token encrypted.');
    await page.close();
    await reloadWelcome();
    await expect.poll(() => textByRole(firefox.welcome, 'status')).toBe('Ready: JumpCloud and Zoho Directory are connected.');
    // What the guide saved reaches the directory: the background's own test of the connection.
    expect(await ask(firefox.welcome, { type: 'test.scim' })).toMatchObject({ ok: true });
  });

  it('printed no error in any page or in the background', async () => {
    expect(await errors()).toEqual([]);
  });
});
