// The admin's daily path in Firefox, on the production build against the sandbox: a preview and
// a sync from the popup, and a run that carries on to the end after Firefox stops the
// extension's background (an event page, not a service worker) in the middle of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { LaunchedFirefox } from '@/sandbox/firefox';
import type { Sandbox } from '@/sandbox/index';
import { ask } from '../e2e/extension-messages';
import { clickByRole, textByRole } from './by-role';
import { openExtensionPage, openFirefox } from './open-firefox';

let sandbox: Sandbox;
let firefox: LaunchedFirefox;
let errors: () => Promise<string[]>;
let home: Page;

const syncable = () => sandbox.jumpcloud.directory.users.filter((u) => u.state !== 'STAGED' && u.email.trim() !== '');

beforeAll(async () => {
  ({ sandbox, firefox, errors } = await openFirefox(150));
  home = firefox.welcome;
  // Set up as the options page does, through the same protocol (first-run.test.ts sets up through the guides).
  expect(await ask(home, { type: 'secret.save', name: 'jumpcloudApiKey', value: sandbox.jumpcloud.apiKey })).toMatchObject({ ok: true });
  const { data } = await ask<{ config: { target: object } }>(home, { type: 'config.get' });
  const config = { ...data!.config, target: { ...data!.config.target, syncEndpoint: sandbox.https!.syncEndpoint } };
  expect(await ask(home, { type: 'config.save', config })).toMatchObject({ ok: true });
  // The token is kept for the endpoint saved before it.
  expect(await ask(home, { type: 'secret.save', name: 'scimToken', value: sandbox.scim.token })).toMatchObject({ ok: true });
});

afterAll(async () => {
  await firefox?.close();
  await sandbox?.close();
});

const syncSection = (popup: Page) => textByRole(popup, 'region', 'Sync');

describe('syncing from the popup in Firefox', () => {
  it('previews the changes without writing anything', async () => {
    const popup = await openExtensionPage(firefox, 'popup.html');
    await expect.poll(() => textByRole(popup, 'status')).toContain('Ready');
    await clickByRole(popup, 'button', 'Preview changes');
    await expect.poll(() => syncSection(popup), { timeout: 60_000 }).toMatch(/Would create \d+, update 0/);
    expect(sandbox.scim.store.userCount).toBe(0);
    await popup.close();
  });

  it('syncs now, and shows what it did', async () => {
    const popup = await openExtensionPage(firefox, 'popup.html');
    await clickByRole(popup, 'button', 'Sync now');
    await expect.poll(() => syncSection(popup), { timeout: 90_000 }).toMatch(/Synced.*\d+ created/s);
    const created = sandbox.scim.store.userCount;
    expect(created).toBeGreaterThan(100);
    expect(await syncSection(popup)).toContain(`${created} created`);
    for (const u of syncable()) expect(sandbox.scim.store.findUsersByExternalId(u._id)).toHaveLength(1);
    await popup.close();
  });

  it('carries a run on to the end after Firefox stops the background in the middle', async () => {
    const dir = sandbox.jumpcloud.directory;
    const moved = syncable().slice(0, 120);
    for (const u of moved) dir.updateUser(u._id, { jobTitle: `Moved ${u._id.slice(-4)}` });
    sandbox.scim.faults.set({ latencyMs: 60 });
    const started = await ask<{ runId: string }>(home, { type: 'sync.start', dryRun: false });
    expect(started.ok).toBe(true);
    await expect
      .poll(async () => (await ask<{ running?: { phase: string; done: number } }>(home, { type: 'status' })).data?.running, { timeout: 60_000 })
      .toMatchObject({ phase: 'applying', done: expect.any(Number) });
    await expect.poll(async () => (await ask<{ running?: { done: number } }>(home, { type: 'status' })).data?.running?.done ?? 0).toBeGreaterThan(20);
    await firefox.terminateBackground();
    expect(await firefox.backgroundState()).not.toBe('running');
    // Stopped before the end: some of the moved users are still as they were.
    expect(moved.some((u) => sandbox.scim.store.findUsersByExternalId(u._id)[0]!.title !== `Moved ${u._id.slice(-4)}`)).toBe(true);
    sandbox.scim.faults.reset();
    // Anything that wakes the background (the watchdog alarm, or a page asking) carries the run on.
    await expect
      .poll(async () => ((await ask<{ id: string; status: string }[]>(home, { type: 'runs.list' })).data ?? [])[0], { timeout: 90_000 })
      .toMatchObject({ id: started.data!.runId, status: 'succeeded' });
    for (const u of moved) {
      const target = sandbox.scim.store.findUsersByExternalId(u._id);
      expect(target).toHaveLength(1);
      expect(target[0]!.title).toBe(`Moved ${u._id.slice(-4)}`);
    }
    const run = await ask<{ warnings: string[] }>(home, { type: 'runs.get', id: started.data!.runId });
    expect(run.data!.warnings.join(' ')).toMatch(/Resumed/);
  });

  it('printed no error in any page or in the background', async () => {
    expect(await errors()).toEqual([]);
  });
});
