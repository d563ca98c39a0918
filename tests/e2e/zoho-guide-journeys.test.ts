// The Zoho guides end to end, in Chromium on the production build, on the model of the Zoho
// console served under Zoho's real hosts: the SCIM path's endpoint and token saved at one click
// and then filled into JumpCloud by its own guide (nothing copied by hand), the API path's key
// filled into Zoho, the mapping and the settings walked in both layouts and both products, and a
// key Zoho refuses. Clicks and typed characters go into test-results/guide-journeys.json.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox, ZohoFixture } from '@/sandbox/index';
import { ask } from './extension-messages';
import { openExtension } from './open-extension';
import { GuideDriver, type Tally } from './guide/driver';
import { apiKeyJourney, apiKeyJourneyFromStart, consoleState, openConsole, scimJourney, signIn } from './guide/journeys';
import { configureForZoho, fillApiKey, mapFields, type ConfigShape, openZoho, reachJumpCloudStore, saveScimStore, saveSettings, ZOHO_API_GUIDE, ZOHO_SCIM_GUIDE, zohoState } from './guide/zoho-journeys';

const FIGURES = 'test-results/guide-journeys.json';
/** The model written with the guide, and one written apart from it from the seeds' words alone. */
const ZOHO_FIXTURES: ZohoFixture[] = ['zoho-console', 'zoho-console-next'];
const figures: Record<string, Tally> = {};

let sandbox: Sandbox;
let browser: LaunchedExtension;
let errors: string[];
let home: Page;

afterAll(async () => {
  await mkdir('test-results', { recursive: true });
  const before = JSON.parse(await readFile(FIGURES, 'utf8').catch(() => '{}')) as Record<string, Tally>;
  await writeFile(FIGURES, `${JSON.stringify({ ...before, ...figures }, null, 2)}\n`);
});

const configure = (groupIds: string[] = []) => configureForZoho(home, groupIds);

/** What an earlier journey saved, gone: a fresh start. */
async function forget(): Promise<void> {
  for (const name of ['jumpcloudApiKey', 'scimToken'] as const) await ask(home, { type: 'secret.delete', name });
  const { data } = await ask<{ config: ConfigShape & { target: { syncEndpoint?: string } } }>(home, { type: 'config.get' });
  const { syncEndpoint: _, ...target } = data!.config.target;
  expect(await ask(home, { type: 'config.save', config: { ...data!.config, target } })).toMatchObject({ ok: true });
}

const sum = (...tallies: Tally[]): Tally =>
  tallies.reduce((a, t) => ({ clicks: a.clicks + t.clicks, typed: a.typed + t.typed, secretsByHand: a.secretsByHand + t.secretsByHand, steps: a.steps + t.steps }));

const missing = async () => ((await ask<{ missing: string[] }>(home, { type: 'status' })).data!.missing);

describe.each(ZOHO_FIXTURES)('the Zoho guides on %s', (fixture) => {
  beforeAll(async () => {
    ({ sandbox, browser, errors } = await openExtension(5, undefined, fixture));
    home = await browser.context.newPage();
    await home.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('are one click from the popup’s checklist: the path in plain words, the next step opening its console with the guide started', async () => {
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByRole('radio', { name: /JumpCloud pushes over SCIM/ }).check();
    await expect.poll(() => popup.getByRole('status').first().textContent()).toContain('Save the Sync endpoint and SCIM token');
    expect((await ask<{ setupPath: string }>(home, { type: 'status' })).data!.setupPath).toBe('jumpcloud-pushes');
    const [zoho] = await Promise.all([browser.context.waitForEvent('page'), popup.getByRole('button', { name: 'Open Zoho Directory with the SCIM guide' }).click()]);
    await zoho.waitForLoadState();
    expect(new URL(zoho.url()).hostname).toBe('directory.zoho.com');
    const g = new GuideDriver(zoho);
    await g.at('Open the Admin Panel');
    expect(await g.panelText()).toContain(ZOHO_SCIM_GUIDE);
    await zoho.close();
    // The other paths name their own steps.
    await popup.getByRole('radio', { name: /Zoho pulls with an API key/ }).check();
    await expect.poll(() => popup.getByRole('status').first().textContent()).toContain('Add your JumpCloud API key');
    await popup.getByRole('radio', { name: /This assistant syncs/ }).check();
    await expect.poll(() => popup.getByRole('list').first().textContent()).toContain('Sync endpoint and SCIM token');
    await popup.close();
  });

  it('JumpCloud pushes over SCIM: the Sync endpoint and SCIM token saved at one click in Zoho, then filled by the JumpCloud guide', async () => {
    const groups = sandbox.jumpcloud.directory.groups.slice(0, 2);
    await configure(groups.map((g) => g.id));
    // The key from the API-key guide (or the options page) names the chosen groups for JumpCloud's guide.
    expect(await ask(home, { type: 'secret.save', name: 'jumpcloudApiKey', value: sandbox.jumpcloud.apiKey })).toMatchObject({ ok: true });
    expect(await missing()).toEqual(expect.arrayContaining(['syncEndpoint', 'scimToken']));
    const page = await browser.context.newPage();
    const g = await openZoho(page, 'directory.zoho.com', '', { width: 1280, height: 800 });
    await g.open(ZOHO_SCIM_GUIDE);
    await reachJumpCloudStore(g, /Admin Panel/);
    await saveScimStore(g, sandbox.scim.token);
    expect(await missing()).not.toEqual(expect.arrayContaining(['syncEndpoint']));
    expect(await missing()).not.toContain('scimToken');
    const { data } = await ask<{ config: { target: { syncEndpoint: string } } }>(home, { type: 'config.get' });
    expect(data!.config.target.syncEndpoint).toBe(sandbox.https!.syncEndpoint);
    // Zoho's SCIM store takes hard-coded values only: the custom attribute is left, and said so.
    await g.at('Map the fields');
    expect(await g.panelText()).toContain('takes no custom attributes: Employee ID');
    await mapFields(g, ['Country']);
    await saveSettings(g, ['Password Notification: Send email OTP to user', 'Status Sync: Change in Zoho Directory', 'Sync Criteria: All users', 'Scheduled Sync: Daily at 03:30']);
    await expect.poll(() => g.panelText()).toContain('The Sync endpoint and SCIM token are in the assistant');
    const zoho = await zohoState(page);
    expect(zoho.saved).toBe(true);
    expect(zoho.mapping['Country']).toMatchObject({ kind: 'hardcoded', value: 'India' });

    // In JumpCloud, the SCIM guide fills Base URL and Token Key from what was saved in Zoho.
    const jc = await browser.context.newPage();
    const j = await openConsole(jc, '#/home', { width: 1280, height: 800 });
    await signIn(jc, sandbox.jumpcloud.apiKey);
    await scimJourney(j, sandbox, groups.map((x) => x.name), /SSO Applications/);
    expect((await consoleState(jc)).scimApp!.tokenKey).toBe(sandbox.scim.token);
    const both = sum(g.tally, j.tally);
    expect(both).toMatchObject({ secretsByHand: 0, typed: 0 });
    figures[`${fixture} scim directory 1280x800`] = both;
    // The JumpCloud side, which the assistant cannot read for itself, is checked off by its guide.
    await expect.poll(async () => (await ask<{ guidesFinished?: string[] }>(home, { type: 'status' })).data!.guidesFinished).toContain('scim');
    await jc.close();
    await page.close();
  });

  it('Zoho pulls with an API key: the key from the JumpCloud guide is filled into Zoho One, then the mapping and the settings one at a time', async () => {
    await configure();
    // An admin on this path comes with no key in the assistant (a saved one is replaced only on its own page).
    await ask(home, { type: 'secret.delete', name: 'jumpcloudApiKey' });
    const jc = await browser.context.newPage();
    const j = await openConsole(jc, '#/home', { width: 1024, height: 768 });
    const key = await apiKeyJourney(j);
    await jc.close();
    const page = await browser.context.newPage();
    const g = await openZoho(page, 'one.zoho.com', '?layout=wizard', { width: 1024, height: 768 });
    await g.open(ZOHO_API_GUIDE);
    await reachJumpCloudStore(g, /Directory/);
    await fillApiKey(g, key);
    await g.clickPointed(/Next/);
    await mapFields(g, ['Employee ID', 'Country']);
    await saveSettings(g, ['Status Sync: Change in Zoho One', 'Scheduled Sync: Daily at 03:30']);
    await expect.poll(() => g.panelText()).toContain('JumpCloud is added to Zoho with the API key');
    const zoho = await zohoState(page);
    // The key JumpCloud generated, which Zoho checked with JumpCloud before it saved the store.
    expect(zoho).toMatchObject({ method: 'api', apiKey: key, saved: true });
    expect(zoho.mapping['Employee ID']).toMatchObject({ kind: 'custom', value: 'employeeNumber' });
    const both = sum(j.tally, g.tally);
    expect(both).toMatchObject({ secretsByHand: 0, typed: 0 });
    figures[`${fixture} api one-wizard 1024x768`] = both;
    await page.close();
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByRole('radio', { name: /Zoho pulls with an API key/ }).check();
    await expect.poll(() => popup.getByRole('list').first().textContent()).toMatch(/^Done: Add your JumpCloud API key.*Done: Add JumpCloud in Zoho Directory/);
    await popup.close();
  });

  it('This assistant syncs: the key from the JumpCloud guide and the target from the Zoho guide, then Sync now in the popup', async () => {
    await forget();
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByRole('radio', { name: /This assistant syncs/ }).check();
    await expect.poll(() => popup.getByRole('list').first().textContent()).toMatch(/^To do: Add your JumpCloud API key.*To do: Save the Sync endpoint/);
    const [jc] = await Promise.all([browser.context.waitForEvent('page'), popup.getByRole('button', { name: 'Open JumpCloud with the API key guide' }).click()]);
    await jc.waitForLoadState();
    await jc.setViewportSize({ width: 1280, height: 800 });
    const j = new GuideDriver(jc);
    j.tally.clicks++;
    await apiKeyJourneyFromStart(j);
    await jc.close();
    await popup.reload();
    const [page] = await Promise.all([browser.context.waitForEvent('page'), popup.getByRole('button', { name: 'Open Zoho Directory with the SCIM guide' }).click()]);
    await page.waitForLoadState();
    await page.setViewportSize({ width: 1280, height: 800 });
    const g = new GuideDriver(page);
    g.tally.clicks++;
    await reachJumpCloudStore(g, /Admin Panel/);
    await saveScimStore(g, sandbox.scim.token);
    await mapFields(g, ['Country']);
    await saveSettings(g, ['Status Sync: Change in Zoho Directory']);
    await page.close();

    await popup.reload();
    await expect.poll(() => popup.getByRole('list').first().textContent()).toMatch(/^Done: Add your JumpCloud API key.*Done: Save the Sync endpoint/);
    await popup.getByRole('button', { name: 'Sync now' }).click();
    g.tally.clicks++;
    await expect.poll(() => popup.getByText(/^\d+ created/).textContent(), { timeout: 60_000 }).toMatch(/[1-9]\d* created/);
    expect(sandbox.scim.store.userCount).toBeGreaterThan(0);
    const all = sum(j.tally, g.tally);
    expect(all).toMatchObject({ secretsByHand: 0, typed: 0 });
    figures[`${fixture} assistant-syncs 1280x800`] = all;
    await popup.close();
  });

  it('says so when Zoho refuses the API key, with Zoho’s own words', async () => {
    const refused = `jca_${'x'.repeat(36)}`;
    expect(await ask(home, { type: 'secret.save', name: 'jumpcloudApiKey', value: refused })).toMatchObject({ ok: true });
    const page = await browser.context.newPage();
    const g = await openZoho(page, 'directory.zoho.com', '', { width: 1280, height: 800 });
    await g.open(ZOHO_API_GUIDE);
    await reachJumpCloudStore(g, /Admin Panel/);
    await fillApiKey(g, refused);
    await g.clickPointed(/Next/);
    await expect.poll(() => g.alertText()).toMatch(/Zoho did not accept the API key/);
    await expect.poll(() => g.panelText()).toMatch(/Zoho says: “[^”]+”/);
    expect(await g.stepText()).toMatch(/Click Next$/);
    expect((await zohoState(page)).apiKey).toBe('');
    await page.close();
  });

  it('printed no errors', () => {
    expect(errors).toEqual([]);
  });
});
