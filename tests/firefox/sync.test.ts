// The admin's daily path in Firefox, on the production build against the sandbox: a preview and
// a sync from the popup, and a run that carries on to the end after Firefox stops the
// extension's background (an event page, not a service worker) in the middle of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { LaunchedFirefox } from '@/sandbox/firefox';
import type { Sandbox } from '@/sandbox/index';
import { ask } from '../e2e/extension-messages';
import { expectResumedToEnd, someNotYetMoved, startRunToInterrupt } from '../e2e/interrupted-run';
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
    const moved = syncable().slice(0, 120);
    const runId = await startRunToInterrupt(home, sandbox, moved, 60);
    await firefox.terminateBackground();
    expect(await firefox.backgroundState()).not.toBe('running');
    // Stopped before the end: some of the moved users are still as they were.
    expect(someNotYetMoved(sandbox, moved)).toBe(true);
    await expectResumedToEnd(home, sandbox, runId, moved);
  });

  it('printed no error in any page or in the background', async () => {
    expect(await errors()).toEqual([]);
  });
});
