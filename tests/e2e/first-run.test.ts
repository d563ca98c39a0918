// The first run in Chromium, on the production build: installed, the extension opens its welcome
// once (a worker that stops and starts again is not an install); the welcome asks how the users
// should reach Zoho and leads to the first step, and all of it works from the keyboard alone.
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import { ask } from './extension-messages';
import { GuideDriver } from './guide/driver';
import { API_KEY_GUIDE } from './guide/journeys';
import { openExtension } from './open-extension';

let sandbox: Sandbox;
let browser: LaunchedExtension;
let errors: string[];

beforeAll(async () => {
  ({ sandbox, browser, errors } = await openExtension(5));
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

const isFocused = (l: Locator) => l.evaluate((e) => e === document.activeElement);
const welcomeUrl = () => `chrome-extension://${browser.extensionId}/setup.html`;
const welcomeTabs = () => browser.context.pages().filter((p) => p.url() === welcomeUrl()).length;

describe('the first run', () => {
  it('opens the welcome on install, asking how the users should reach Zoho', async () => {
    const page = browser.welcome;
    expect(page.url()).toBe(welcomeUrl());
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to the JumpCloud assistant for Zoho Directory');
    const group = page.getByRole('group', { name: 'How your users reach Zoho Directory' });
    expect(await group.getByRole('radio').count()).toBe(3);
    expect(await group.getByRole('radio', { name: 'This assistant syncs', exact: true }).isChecked()).toBe(true);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Next step: Add your JumpCloud API key');
    expect(welcomeTabs()).toBe(1);
  });

  it('opens it once: a worker that is stopped and starts again opens no other', async () => {
    const cdp = await browser.context.newCDPSession(browser.welcome);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    // A page asking starts it again; its listeners are in place once it answers.
    expect(await ask(browser.welcome, { type: 'status' })).toMatchObject({ ok: true });
    const worker = browser.context.serviceWorkers()[0]!;
    const opened = await worker.evaluate(async (url) => (await chrome.tabs.query({ url })).length, welcomeUrl());
    expect(opened).toBe(1);
    expect(welcomeTabs()).toBe(1);
    await cdp.detach();
  });

  it('works from the keyboard alone: Tab to the paths, arrows to choose, Tab and Enter to the first step', async () => {
    const page = browser.welcome;
    await page.bringToFront();
    const radio = (name: string) => page.getByRole('radio', { name, exact: true });
    const status = page.getByRole('status');

    await page.keyboard.press('Tab');
    await expect.poll(() => isFocused(radio('This assistant syncs'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => radio('JumpCloud pushes over SCIM').isChecked()).toBe(true);
    await expect.poll(() => status.textContent()).toContain('Save the Sync endpoint and SCIM token');
    expect((await ask<{ setupPath: string }>(page, { type: 'status' })).data!.setupPath).toBe('jumpcloud-pushes');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => radio('Zoho pulls with an API key').isChecked()).toBe(true);
    await expect.poll(() => status.textContent()).toContain('Add your JumpCloud API key');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => radio('This assistant syncs').isChecked()).toBe(true);
    await expect.poll(async () => (await ask<{ setupPath: string }>(page, { type: 'status' })).data!.setupPath).toBe('assistant-syncs');

    await page.keyboard.press('Tab');
    const next = page.getByRole('button', { name: 'Open JumpCloud with the API key guide' });
    await expect.poll(() => isFocused(next)).toBe(true);
    // A sighted keyboard user sees where the focus is.
    expect(await next.evaluate((e) => e.matches(':focus-visible') && getComputedStyle(e).outlineStyle !== 'none')).toBe(true);
    const [jc] = await Promise.all([browser.context.waitForEvent('page'), page.keyboard.press('Enter')]);
    await jc.waitForLoadState();
    expect(new URL(jc.url()).hostname).toBe('console.jumpcloud.com');
    const g = new GuideDriver(jc);
    await g.at('Open Settings');
    expect(await g.panelText()).toContain(API_KEY_GUIDE);
    await jc.close();
  });

  it('printed no error in any console', () => {
    expect(errors).toEqual([]);
  });
});

declare const chrome: { tabs: { query(q: { url: string }): Promise<unknown[]> } };
