// The Zoho guides' journeys, in Zoho's own words (the seeds'): the admin clicks what the panel
// points at and presses the panel's buttons; nothing here knows how the console model is built.
// Like the JumpCloud journeys, they need no test runner (the demo walks them too).
import type { Page } from 'playwright-core';
import { ask } from '../extension-messages';
import { assert, waitForText, waitUntil } from './check';
import { dismissBanner } from './journeys';
import { GuideDriver, type PanelHook } from './driver';

export const ZOHO_SCIM_GUIDE = 'Save the Sync endpoint and SCIM token in the assistant';
export const ZOHO_API_GUIDE = 'Add JumpCloud to Zoho with the API key';

export interface ZohoState {
  method: 'api' | 'scim' | null;
  apiKey: string;
  mapping: Record<string, { kind: string; value: string }>;
  settings: Record<string, unknown> | null;
  saved: boolean;
  tokenRegenerated: boolean;
}
export const zohoState = (page: Page) => page.evaluate(() => (window as unknown as { zohoState: ZohoState }).zohoState);

export async function openZoho(page: Page, host: string, query: string, viewport: { width: number; height: number }, onPanel?: PanelHook): Promise<GuideDriver> {
  await page.setViewportSize(viewport);
  await page.goto(`https://${host}/${query}#/`);
  await dismissBanner(page);
  return new GuideDriver(page, onPanel);
}

export type ConfigShape = { target: object; mapping: { fields: Record<string, unknown> }; settings: { resourceSync: object; schedule: object } };

/**
 * The assistant's mapping and settings, as an admin sets them on the options page, for the Zoho
 * guides to fill: Country a hard-coded value, Employee ID a custom attribute, these groups, a daily schedule.
 */
export async function configureForZoho(home: Page, groupIds: string[] = []): Promise<void> {
  const { data } = await ask<{ config: ConfigShape }>(home, { type: 'config.get' });
  const c = data!.config;
  const config = {
    ...c,
    mapping: { ...c.mapping, fields: { ...c.mapping.fields, country: { from: 'hardcoded', value: 'India' }, employeeId: { from: 'attribute', name: 'employeeNumber' } } },
    settings: {
      ...c.settings,
      resourceSync: { ...c.settings.resourceSync, groups: groupIds.length > 0, groupIds },
      schedule: { ...c.settings.schedule, enabled: true, frequency: 'daily', time: '03:30' },
    },
  };
  const { ok, error } = await ask(home, { type: 'config.save', config });
  assert.ok(ok, error);
}

/** What a journey needs of a driver: Chromium's GuideDriver, or Firefox's (tests/firefox/guide-driver.ts). */
interface Steps {
  at(title: string): Promise<void>;
  clickPointed(expected: RegExp): Promise<void>;
}

/** Admin Panel (Zoho One: Directory) → Directory Stores → Add Directory → Add next to JumpCloud. */
export async function reachJumpCloudStore(g: Steps, menu: RegExp): Promise<void> {
  await g.at('Open the Admin Panel');
  await g.clickPointed(menu);
  await g.at('Open Directory Stores');
  await g.clickPointed(/Directory Stores/);
  await g.at('Add a directory');
  await g.clickPointed(/Add Directory/);
  await g.at('Add JumpCloud');
  await g.clickPointed(/^\s*Add\s*$|Add.*JumpCloud|JumpCloud/);
}

/**
 * Using SCIM: the Sync endpoint and SCIM token saved at one click — read, then masked again as the
 * admin had it, never shown by the guide, never regenerated — then Next, on to the mapping.
 */
export async function saveScimStore(g: GuideDriver, token: string): Promise<void> {
  await g.at('Choose Using SCIM');
  await g.clickPointed(/Using SCIM/);
  await g.at('Save the Sync endpoint and SCIM token');
  await g.press('Save to assistant');
  await waitForText(() => g.panelText(), 'Saved: the Sync endpoint, and the SCIM token encrypted.');
  assert.ok(!(await g.panelText()).includes(token), 'the guide does not show the SCIM token');
  // Waited for as a yes or no, so that a failure never prints the page with the token on it.
  await waitUntil(async () => !(await g.page.locator('body').innerText()).includes(token), Boolean, { message: 'the SCIM token masked again' });
  assert.equal((await zohoState(g.page)).tokenRegenerated, false, 'the SCIM token was not regenerated');
  await g.at('Click Next');
  await g.clickPointed(/Next/);
}

/** Using API: the saved key filled into Zoho's field (never shown by the guide), up to the Next at which Zoho checks it. */
export async function fillApiKey(g: GuideDriver, key: string): Promise<void> {
  // Zoho may open on Using API already; the guide then moves on by itself.
  if (/Choose Using API$/.test(await g.stepText())) await g.clickPointed(/Using API/);
  await g.at('Fill the API key');
  await g.press('Fill API key');
  await g.at('Click Next');
  assert.ok(!(await g.panelText()).includes(key), 'the guide does not show the API key');
}

/** Each field the assistant sets: Edit (shown on hover), Fill, OK — then Next. */
export async function mapFields(g: GuideDriver, fields: string[]): Promise<void> {
  await g.at('Map the fields');
  for (const field of fields) {
    await waitForText(() => g.panelText(), `Next: ${field}`);
    // The guide points at the field's row; its Edit shows once the pointer is on the row.
    await g.hoverPointed();
    const row = (await g.highlight())!;
    const name = (await g.page.getByText(field, { exact: true }).first().boundingBox())!;
    assert.ok(name.y >= row.y && name.y + name.height <= row.y + row.height, `${field} is in the row the guide points at`);
    await g.clickInPointed('button', 'Edit');
    await g.press('Fill mapping value');
    await waitForText(() => g.panelText(), 'Check it, then click OK');
    await g.checkApart();
    await g.clickPointed(/^\s*OK\s*$/i);
  }
  await waitForText(() => g.panelText(), 'Nothing left to map here');
  await g.checkApart();
  await g.clickPointed(/Next/);
}

/** The settings, one page or one at a time: Save and Next while Zoho asks, then Save and Close. */
export async function saveSettings(g: GuideDriver, expected: string[]): Promise<void> {
  await g.at('Choose the settings');
  for (const line of expected) assert.ok((await g.panelText()).includes(line), `the guide says “${line}”`);
  const page = async () => g.page.locator('body').innerText();
  for (let i = 0; i < 6; i++) {
    const { words } = await g.pointed();
    const before = await page();
    await g.clickPointed(/Save and (Next|Close)/);
    if (/Save and Close/.test(words)) return;
    // The next sub-step is drawn before the admin reads on.
    await waitUntil(page, (now) => now !== before, { message: 'the next settings page' });
    await g.at('Choose the settings');
  }
  assert.fail('the settings never reached Save and Close');
}
