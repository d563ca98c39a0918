// The admin's daily path, in Chromium on the production build against the sandbox: preview and
// sync from the popup, a scheduled run driven through the real alarm, a worker stopped mid-run
// that carries on, and a revoked key reported as such.
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import { openExtension } from './open-extension';
import { ask } from './extension-messages';
import { expectResumedToEnd, startRunToInterrupt } from './interrupted-run';
import { connect, openPopup as openPopupOf } from './connect';

const SHOTS = 'test-results/screenshots';
let sandbox: Sandbox;
let browser: LaunchedExtension;
let errors: string[];
let home: Page;

const syncable = () => sandbox.jumpcloud.directory.users.filter((u) => u.state !== 'STAGED' && u.email.trim() !== '');

const openPopup = () => openPopupOf(browser);

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  ({ sandbox, browser, errors } = await openExtension(150));
  home = await browser.context.newPage();
  await home.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await connect(home, sandbox);
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

describe('syncing from the popup', () => {
  it('previews the changes without writing anything', async () => {
    const popup = await openPopup();
    await expect.poll(() => popup.getByRole('status').first().textContent()).toContain('Ready');
    await popup.getByRole('button', { name: 'Preview changes' }).click();
    await expect.poll(() => popup.getByText(/^Would create \d+/).textContent(), { timeout: 60_000 }).toMatch(/Would create \d+, update 0/);
    expect(sandbox.scim.store.userCount).toBe(0);
    await popup.screenshot({ path: `${SHOTS}/popup-preview.png` });
    await popup.close();
  });

  it('syncs now, showing progress and then the result', async () => {
    sandbox.scim.faults.set({ latencyMs: 15 });
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Sync now' }).click();
    const bar = popup.getByRole('progressbar');
    await bar.waitFor();
    await popup.screenshot({ path: `${SHOTS}/popup-progress.png` });
    await expect.poll(() => popup.getByText(/^\d+ created/).textContent(), { timeout: 90_000 }).toMatch(/\d+ created/);
    await expect.poll(() => popup.getByText('Synced', { exact: true }).isVisible()).toBe(true);
    sandbox.scim.faults.reset();
    const created = sandbox.scim.store.userCount;
    expect(created).toBeGreaterThan(100);
    expect(await popup.getByText(/^\d+ created/).textContent()).toContain(`${created} created`);
    await popup.screenshot({ path: `${SHOTS}/popup-synced.png` });
    await popup.close();
  });

  it('runs a scheduled sync when its alarm fires', async () => {
    const { data } = await ask<{ config: { settings: { schedule: object } } }>(home, { type: 'config.get' });
    const config = { ...data!.config, settings: { ...data!.config.settings, schedule: { ...data!.config.settings.schedule, enabled: true, frequency: 'daily', time: '00:00' } } };
    expect(await ask(home, { type: 'config.save', config })).toMatchObject({ ok: true });
    const runsBefore = ((await ask<unknown[]>(home, { type: 'runs.list' })).data ?? []).length;
    // Today's 00:00 passed while "the browser was closed": mark it unhandled, then let the real
    // alarm fire now instead of waiting for midnight.
    const worker = browser.context.serviceWorkers()[0]!;
    await worker.evaluate(async () => {
      const db: IDBDatabase = await new Promise((ok, no) => {
        const r = indexedDB.open('jumpcloud-zoho-assistant');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      await new Promise((ok) => {
        const tx = db.transaction('checkpoints', 'readwrite');
        tx.objectStore('checkpoints').put({ handledDue: 0 }, 'schedule-state');
        tx.oncomplete = ok;
      });
      db.close();
      await chrome.alarms.create('scheduled-sync', { when: Date.now() + 200 });
    });
    await expect
      .poll(async () => ((await ask<{ trigger: string }[]>(home, { type: 'runs.list' })).data ?? []).filter((r) => r.trigger === 'schedule').length, {
        timeout: 60_000,
      })
      .toBe(1);
    const runs = (await ask<{ trigger: string; status: string }[]>(home, { type: 'runs.list' })).data!;
    expect(runs.length).toBe(runsBefore + 1);
    expect(runs[0]).toMatchObject({ trigger: 'schedule', status: 'succeeded' });
    // The alarm is armed again for the next day.
    const next = await worker.evaluate(async () => (await chrome.alarms.get('scheduled-sync'))?.scheduledTime ?? 0);
    expect(next).toBeGreaterThan(Date.now());
  });

  it('carries a run on to the end after the service worker is stopped in the middle', async () => {
    const moved = syncable().slice(0, 120);
    const runId = await startRunToInterrupt(home, sandbox, moved, 40);
    const cdp = await browser.context.newCDPSession(home);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expectResumedToEnd(home, sandbox, runId, moved);
  });

  it('holds removals beyond the threshold, and applies them when the admin confirms that run', async () => {
    const dir = sandbox.jumpcloud.directory;
    const gone = syncable().filter((u) => u.state === 'ACTIVATED').slice(0, 20);
    for (const u of gone) dir.removeUser(u._id);
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => popup.getByText('Waiting for your confirmation').count(), { timeout: 60_000 }).toBe(1);
    expect(await popup.getByText(/would deactivate or delete 20 users/).count()).toBe(1);
    for (const u of gone) expect(sandbox.scim.store.findUsersByExternalId(u._id)[0]!.active).toBe(true);
    await popup.getByRole('button', { name: 'Confirm removals and sync' }).click();
    await expect.poll(() => popup.getByText('Synced', { exact: true }).count(), { timeout: 60_000 }).toBe(1);
    for (const u of gone) expect(sandbox.scim.store.findUsersByExternalId(u._id)[0]!.active).toBe(false);
    await popup.close();
  });

  it('waits when the settings point at another JumpCloud organization, until the admin starts fresh', async () => {
    const { data } = await ask<{ config: { jumpcloud: { region: string } } }>(home, { type: 'config.get' });
    expect(await ask(home, { type: 'config.save', config: { ...data!.config, jumpcloud: { ...data!.config.jumpcloud, region: 'eu' } } })).toMatchObject({ ok: true });
    const popup = await openPopup();
    const notice = popup.getByRole('group', { name: /The settings point at another directory/ });
    await expect.poll(() => notice.textContent()).toMatch(/JumpCloud US.*JumpCloud EU/);
    const writes = sandbox.scim.store.userCount;
    await popup.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => popup.getByText('Failed', { exact: true }).count(), { timeout: 30_000 }).toBe(1);
    expect(sandbox.scim.store.userCount).toBe(writes);
    await notice.getByRole('button', { name: 'Start fresh with this directory' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    await popup.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => popup.getByText(/\d+ linked/).count(), { timeout: 60_000 }).toBe(1);
    expect(sandbox.scim.store.userCount).toBe(writes);
    expect(await ask(home, { type: 'config.save', config: data!.config })).toMatchObject({ ok: true });
    expect(await ask(home, { type: 'sync.startFresh' })).toMatchObject({ ok: true });
    await popup.close();
  });

  it('reports a revoked API key as such, with the fix', async () => {
    expect(await ask(home, { type: 'secret.save', name: 'jumpcloudApiKey', value: 'jca_' + 'N0tTheKey'.repeat(4) })).toMatchObject({ ok: true });
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => popup.getByRole('alert').textContent(), { timeout: 30_000 }).toMatch(/revoked.*My API Key/s);
    await popup.screenshot({ path: `${SHOTS}/popup-revoked-key.png` });
    await popup.close();
    expect(await ask(home, { type: 'secret.save', name: 'jumpcloudApiKey', value: sandbox.jumpcloud.apiKey })).toMatchObject({ ok: true });
  });

  it('printed no error in any console', () => {
    expect(errors).toEqual([]);
  });
});

declare const chrome: { alarms: { create(name: string, info: { when: number }): Promise<void>; get(name: string): Promise<{ scheduledTime: number } | undefined> } };
