// The guide's journeys, written once for every model of the console: the words are the
// console's own (the seeds'), the clicks are on what the guide points at, and nothing here knows
// how a model builds its markup. They check as they go, with no test runner: the end-to-end tests
// walk them under Vitest, the demo (npm start) in plain Node.
import type { Page } from 'playwright-core';
import type { Sandbox } from '@/sandbox/index';
import { ask } from '../extension-messages';
import { assert, waitForText, waitUntil } from './check';
import { GuideDriver, type PanelHook } from './driver';

export const API_KEY_GUIDE = 'Get a JumpCloud API key';
export const SCIM_GUIDE = 'Set up SCIM provisioning to Zoho Directory';

export interface ConsoleState {
  admins: { name: string; apiAccess: boolean }[];
  generatedKeys: string[];
  scimApp?: {
    displayLabel: string;
    baseUrl: string;
    tokenKey: string;
    testUserEmail: string;
    groupManagement: boolean;
    active: boolean;
    scimVersion?: string;
    boundGroups: string[];
  } | null;
  otherApp?: unknown;
}
export const consoleState = (page: Page) => page.evaluate(() => (window as unknown as { consoleState: ConsoleState }).consoleState);

/** A person accepts a console's consent banner once, if it shows one. */
export async function dismissBanner(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: /^(accept|dismiss|got it|ok)$/i }).first();
  if (await button.isVisible().catch(() => false)) await button.click();
}

export async function openConsole(page: Page, path: string, viewport: { width: number; height: number }, onPanel?: PanelHook): Promise<GuideDriver> {
  await page.setViewportSize(viewport);
  await page.goto(`https://console.jumpcloud.com/${path}`);
  await dismissBanner(page);
  return new GuideDriver(page, onPanel);
}

/** The API-key path to a saved key, with a reload in the middle. */
export async function apiKeyJourney(g: GuideDriver, options: { replacing?: boolean } = {}): Promise<string> {
  await g.open(API_KEY_GUIDE);
  return apiKeyJourneyFromStart(g, options);
}

/** The same, from the guide's first step (opened from the launcher, or started by the checklist). */
export async function apiKeyJourneyFromStart(g: GuideDriver, { replacing = false } = {}): Promise<string> {
  const page = g.page;
  await g.at('Open Settings');
  await g.clickPointed(/Settings/);
  await g.at('Open Administrators');
  await g.clickPointed(/Administrators/);
  await g.at('Open your administrator');
  // The guide points at the list; the admin picks their own name in it.
  const list = (await g.highlight())!;
  const me = page.getByText('Ada Admin', { exact: true }).first();
  const mine = (await me.boundingBox())!;
  assert.ok(mine.y >= list.y && mine.y + mine.height <= list.y + list.height, 'the admin’s name is in the list the guide points at');
  await g.click(me);
  await g.at('Enable API access');
  await g.clickPointed(/API access/i);
  await g.at('Save the administrator');
  await g.clickPointed(/^\s*Save\b/);
  await g.at('Open the user profile menu');
  assert.equal((await consoleState(page)).admins[0]!.apiAccess, true);
  // A reload in the middle: the guide comes back on its own, at the same step.
  await page.reload();
  await g.at('Open the user profile menu');
  await g.clickPointed(/User Profile/);
  await g.at('Open My API Key');
  await g.clickPointed(/My API Key/);
  await g.at('Generate a new API key');
  assert.match(await g.panelText(), /revokes your current one.*integration that still uses the old key/);
  // The guide never clicks Generate.
  assert.deepEqual((await consoleState(page)).generatedKeys, []);
  await g.clickPointed(/Generate New API Key/);
  await g.at('Save the key in the assistant');
  const confirmation = replacing ? page.context().waitForEvent('page', { predicate: (p) => p.url().endsWith('options.html#replace-key') }) : undefined;
  await g.press('Save to assistant');
  if (confirmation) await confirmReplacement(g, await confirmation);
  await waitForText(() => g.panelText(), 'JumpCloud will not show it again');
  const [key] = (await consoleState(page)).generatedKeys;
  assert.match(key ?? '', /^jca_[a-z0-9]{36}$/, 'JumpCloud generated a key');
  assert.ok(!(await g.panelText()).includes(key!), 'the guide does not show the key');
  return key!;
}

/** Over a saved key, the console's click only asks: the admin replaces it on the assistant's own page. */
async function confirmReplacement(g: GuideDriver, options: Page): Promise<void> {
  await waitForText(() => g.panelText(), 'Confirm the replacement on the assistant’s page');
  const ask = options.getByRole('region', { name: 'Replace the saved JumpCloud API key?' });
  await waitUntil(() => ask.count(), (n) => n === 1, { message: 'the question on the assistant’s page' });
  await g.click(ask.getByRole('button', { name: 'Replace the saved key' }));
  const saved = options.getByRole('status').filter({ hasText: 'The new API key is saved' });
  await waitUntil(() => saved.count(), (n) => n === 1, { message: 'the page saying the new key is saved' });
  await options.close();
  await g.page.bringToFront();
  await g.press('I’ve done this — next');
}

/** The no-permission and error variants: the guide says what JumpCloud said, and what to do. */
export async function apiKeyProblems(page: Page, viewport: { width: number; height: number }, onPanel?: PanelHook): Promise<void> {
  let g = await openConsole(page, '?apikey=denied#/home', viewport, onPanel);
  await g.open(API_KEY_GUIDE);
  await g.at('Open Settings');
  // Gone ahead of the guide: it meets the admin where they are.
  await g.click(page.getByRole('button', { name: 'User Profile' }).or(page.getByTitle('User Profile')).first());
  await g.at('Open My API Key');
  await g.clickPointed(/My API Key/);
  await waitForText(() => g.alertText(), /Administrator with Billing has to .*Enable API access/);
  await g.press('Close the guide');
  // Closing keeps the guide's place in this tab: opened again, it resumes there.
  await g.press('Open the Zoho setup guide');
  await g.at('Open My API Key');
  await g.press('Close the guide');

  // Another tab starts afresh.
  page = await page.context().newPage();
  g = await openConsole(page, '?apikey=error#/home', viewport, onPanel);
  await g.open(API_KEY_GUIDE);
  await g.click(page.getByRole('button', { name: 'User Profile' }).or(page.getByTitle('User Profile')).first());
  await g.at('Open My API Key');
  await g.clickPointed(/My API Key/);
  await waitForText(() => g.alertText(), /Refresh the page once/);
  // What the console said after the click, whatever its words, shown as it said it.
  await waitForText(() => g.panelText(), /JumpCloud says: “[^”]+”/);
  assert.match(await g.stepText(), /Open My API Key$/);
  await g.press('Close the guide');
  await page.close();
}

/** Saves what the SCIM path needs through the extension's own protocol, as the options page does. */
export async function prepareScim(home: Page, sandbox: Sandbox, groupIds: string[]): Promise<void> {
  const saved = async (answer: Promise<{ ok: boolean; error?: string }>) => {
    const { ok, error } = await answer;
    assert.ok(ok, error);
  };
  await saved(ask(home, { type: 'secret.save', name: 'jumpcloudApiKey', value: sandbox.jumpcloud.apiKey }));
  const { data } = await ask<{ config: { target: object; settings: { resourceSync: object } } }>(home, { type: 'config.get' });
  const config = {
    ...data!.config,
    // Saved with a trailing slash, as an admin might paste it.
    target: { ...data!.config.target, syncEndpoint: `${sandbox.https!.syncEndpoint}/` },
    settings: { ...data!.config.settings, resourceSync: { ...data!.config.settings.resourceSync, groups: true, groupIds } },
  };
  await saved(ask(home, { type: 'config.save', config }));
  // The token is kept for the endpoint saved before it.
  await saved(ask(home, { type: 'secret.save', name: 'scimToken', value: sandbox.scim.token }));
}

/** The console model lists user groups from the sandbox's API with this key, as a signed-in console would. */
export async function signIn(page: Page, apiKey: string): Promise<void> {
  await page.evaluate((key) => {
    const w = window as unknown as { consoleState: Record<string, unknown> };
    w.consoleState.apiKey = key;
    sessionStorage.setItem('fixture-console-state', JSON.stringify(w.consoleState));
  }, apiKey);
}

const check = async (g: GuideDriver, name: string) => {
  const box = g.page.getByRole('checkbox', { name, exact: true });
  if (!(await box.isChecked())) await g.click(box);
};

/** The SCIM path from the applications menu to the groups saved, with a reload in the middle. */
export async function scimJourney(g: GuideDriver, sandbox: Sandbox, groups: string[], menu: RegExp): Promise<void> {
  const page = g.page;
  await g.open(SCIM_GUIDE);
  await g.at('Open SSO Applications');
  await g.clickPointed(menu);
  await g.at('Add a new application');
  await g.clickPointed(/Add New Application/);
  await g.at('Choose Custom Application');
  // A catalog that shows the custom integration only when searched for: the guide points at its search.
  if (/search/i.test((await g.pointed()).words)) {
    await g.press('Fill catalog search');
    await waitForText(() => g.panelText(), 'Searched the catalog');
    await g.checkApart();
  }
  await g.clickPointed(/Custom Application|Create a Custom Integration|Select/);
  // Some consoles ask for Next after the choice; the guide then points at it. Others move on by themselves.
  const choosing = async () => /Choose Custom Application$/.test(await g.stepText());
  await waitUntil(async () => !(await choosing()) || /Next/.test((await g.pointed()).words), Boolean, { timeout: 15_000, message: 'the next step, or Next pointed at' });
  if (await choosing()) {
    await g.checkApart();
    await g.clickPointed(/Next/);
  }
  await g.at('Select the features');
  await check(g, 'Import users from this app (Identity Management)');
  await check(g, 'Export users to this app (Identity Management)');
  await g.checkApart();
  await g.clickPointed(/Next/);
  await g.at('Name the application');
  await g.press('Fill display label');
  await g.at('Save the application');
  assert.equal((await consoleState(page)).scimApp ?? null, null, 'no application saved before Save');
  await g.clickPointed(/Save Application/);
  await g.at('Configure the application');
  await g.clickPointed(/Configure/);
  await g.at('Open Identity Management');
  await g.clickPointed(/Identity Management/);
  await g.at('Choose SCIM 2.0');
  await page.reload();
  await g.at('Choose SCIM 2.0');
  await g.press('Fill API type and SCIM version');
  await g.at('Fill the Base URL');
  await g.press('Fill Base URL');
  await g.at('Fill the Token Key');
  await g.press('Fill Token Key');
  await g.at('Fill a test user email');
  assert.ok(!(await g.panelText()).includes(sandbox.scim.token), 'the guide does not show the token');
  await g.press('Fill Test User Email');
  await g.at('Test the connection');
  await g.clickPointed(/Test Connection/);
  await g.at('Manage groups in Zoho Directory');
  await g.press('Fill group management checkbox');
  await g.at('Activate');
  await g.clickPointed(/Activate/);
  await g.at('Save');
  await g.clickPointed(/^\s*Save\b/);
  await g.at('Open User Groups');
  const app = (await consoleState(page)).scimApp!;
  assert.equal(app.baseUrl, sandbox.https!.syncEndpoint);
  assert.ok(app.tokenKey === sandbox.scim.token, 'the Token Key is the SCIM token');
  assert.match(app.testUserEmail, /^[a-z0-9-]+@example\.invalid$/);
  assert.equal(app.groupManagement, true);
  assert.equal(app.active, true);
  await g.clickPointed(/User Groups/);
  await g.at('Choose the groups to sync');
  await g.press('Fill group selection');
  await g.at('Save the groups');
  assert.ok((await g.panelText()).includes(`${groups.length} of ${groups.length} chosen groups ticked`), `${groups.length} of ${groups.length} chosen groups ticked`);
  assert.deepEqual((await consoleState(page)).scimApp!.boundGroups, []);
  await g.clickPointed(/^\s*Save\b/);
  await g.at('Add the attributes you need');
  assert.deepEqual([...(await consoleState(page)).scimApp!.boundGroups].sort(), [...groups].sort());
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0, 'no group name became markup');
  await g.press('I have added the attributes I need');
  await waitForText(() => g.panelText(), 'Zoho Directory is set up in JumpCloud');
}
