// Every guide journey, end to end, in Chromium on the production build, on each model of the
// JumpCloud console — the one the guide was first written against and a redesign it was not —
// at 1280×800 and 1024×768: the API-key path (with a reload in the middle), its no-permission and
// error variants, the SCIM path (with a reload) under the "SSO Applications" and "Applications"
// namings. At every step the panel is checked not to cover what it points at; clicks and typed
// characters are counted into test-results/guide-journeys.json for the README.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { ConsoleFixture, Sandbox } from '@/sandbox/index';
import { openExtension } from './open-extension';
import { ask } from './extension-messages';
import { dumpDatabases } from './guide/idb-dump';
import type { Tally } from './guide/driver';
import { apiKeyJourney, apiKeyProblems, openConsole, prepareScim, scimJourney, signIn } from './guide/journeys';

const FIXTURES: ConsoleFixture[] = ['jumpcloud-console', 'jumpcloud-console-next'];
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
];
const FIGURES = 'test-results/guide-journeys.json';
const figures: Record<string, Tally> = {};

afterAll(async () => {
  await mkdir('test-results', { recursive: true });
  const before = JSON.parse(await readFile(FIGURES, 'utf8').catch(() => '{}')) as Record<string, Tally>;
  await writeFile(FIGURES, `${JSON.stringify({ ...before, ...figures }, null, 2)}\n`);
});

describe.each(FIXTURES)('the guides on %s', (fixture) => {
  let sandbox: Sandbox;
  let browser: LaunchedExtension;
  let errors: string[];

  beforeAll(async () => {
    ({ sandbox, browser, errors } = await openExtension(5, fixture));
    // A group whose name begins with another's: ticking "Engineering" must never tick it.
    sandbox.jumpcloud.directory.addGroup({ name: 'Engineering Managers', description: '' });
    // Enough groups that a console showing ten at a time puts some chosen ones on a later page.
    for (let n = 1; n <= 12; n++) sandbox.jumpcloud.directory.addGroup({ name: `Apprentices ${String(n).padStart(2, '0')}`, description: '' });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  const home = async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    return page;
  };

  it.each(VIEWPORTS)('walks the API-key path to a saved key at $width × $height', async (viewport) => {
    const status = await home();
    const missing = async () => (await ask<{ missing: string[] }>(status, { type: 'status' })).data!.missing;
    // The first walk saves a key; the next one meets it and asks before replacing it.
    const replacing = !(await missing()).includes('apiKey');
    // Opened last, the console is the tab in front, as the admin's would be.
    const page = await browser.context.newPage();
    const g = await openConsole(page, '#/home', viewport);
    // Dormant: a launcher and nothing else until the admin opens the guide.
    expect(await page.locator('jumpcloud-zoho-assistant').count()).toBe(1);
    const key = await apiKeyJourney(g, { replacing });
    expect(await page.locator('jumpcloud-zoho-assistant').count()).toBe(2);
    await expect.poll(missing).not.toContain('apiKey');
    // The saved key is the one JumpCloud just generated (generating revoked the one before).
    expect(await ask(status, { type: 'test.jumpcloud' })).toMatchObject({ ok: true });
    // Encrypted at rest: its plain text is nowhere in the extension's database.
    const dump = await dumpDatabases(browser.worker);
    expect(dump).toContain('jumpcloudApiKey');
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(key.slice(4));
    figures[`${fixture} api-key ${viewport.width}x${viewport.height}`] = g.tally;
    await page.close();
    await status.close();
  });

  it('says what JumpCloud said when the admin may not have a key, or the console fails', async () => {
    const page = await browser.context.newPage();
    await apiKeyProblems(page, VIEWPORTS[0]!);
    await page.close();
  });

  it.each([
    { ...VIEWPORTS[0]!, naming: '', menu: /SSO Applications/ },
    { ...VIEWPORTS[1]!, naming: '?naming=applications', menu: /Applications/ },
  ])('walks the SCIM path at $width × $height, menu $menu', async ({ width, height, naming, menu }) => {
    const groups = sandbox.jumpcloud.directory.groups;
    const chosen = [
      groups.find((g) => g.name === 'Engineering')!,
      groups.find((g) => g.name.includes('<img'))!,
      groups.find((g) => g.name.trim() === 'Spaced Name')!,
    ];
    const status = await home();
    await prepareScim(status, sandbox, chosen.map((g) => g.id));
    const page = await browser.context.newPage();
    const g = await openConsole(page, `${naming}#/home`, { width, height });
    await signIn(page, sandbox.jumpcloud.apiKey);
    await page.evaluate(() => {
      const w = window as unknown as { consoleState: Record<string, unknown> };
      delete w.consoleState.scimApp;
      sessionStorage.setItem('fixture-console-state', JSON.stringify(w.consoleState));
    });
    await scimJourney(g, sandbox, chosen.map((c) => c.name), menu);
    expect(g.tally.secretsByHand).toBe(0);
    figures[`${fixture} scim ${width}x${height}`] = g.tally;
    await page.close();
    await status.close();
  });

  it('printed no errors', () => {
    expect(errors).toEqual([]);
  });
});

