// The "Using SCIM" path of the guide, in Chromium on the production build against the sandbox's
// model of the JumpCloud console: the test clicks the console's own buttons as the admin would
// (Save Application, Test Connection, Activate, Save) and the guide's Fill actions; then it reads
// what the console model received.
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import { openExtension } from './open-extension';
import { axClick } from './closed-shadow';
import { ask } from './extension-messages';
import { alertText, panelText, stepText } from './guide-panel';

const SHOTS = 'test-results/screenshots';
const STEPS = 20;
let sandbox: Sandbox;
let browser: LaunchedExtension;
let errors: string[];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  ({ sandbox, browser, errors } = await openExtension(5));
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

const step = (n: number, title: string) => `Step ${n} of ${STEPS}: ${title}`;

interface ScimApp {
  displayLabel: string;
  baseUrl: string;
  tokenKey: string;
  testUserEmail: string;
  groupManagement: boolean;
  active: boolean;
  scimVersion: string;
  boundGroups: string[];
}
const scimApp = (page: Page) => page.evaluate(() => (window as unknown as { consoleState: { scimApp?: ScimApp } }).consoleState.scimApp ?? null);

describe('the SCIM guide', () => {
  it('walks the admin through the Zoho Directory application, survives a reload, and fills what it may', async () => {
    // Set up as the options page does, through the extension's own protocol.
    const home = await browser.context.newPage();
    await home.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const groups = sandbox.jumpcloud.directory.groups;
    const hostile = groups.find((g) => g.name.includes('<img'))!;
    const chosen = [hostile, groups.find((g) => g !== hostile)!];
    expect(await ask(home, { type: 'secret.save', name: 'jumpcloudApiKey', value: sandbox.jumpcloud.apiKey })).toMatchObject({ ok: true });
    expect(await ask(home, { type: 'secret.save', name: 'scimToken', value: sandbox.scim.token })).toMatchObject({ ok: true });
    const { data } = await ask<{ config: { target: object; settings: { resourceSync: object } } }>(home, { type: 'config.get' });
    const config = {
      ...data!.config,
      // Saved with a trailing slash, as an admin might paste it.
      target: { ...data!.config.target, syncEndpoint: `${sandbox.https!.syncEndpoint}/` },
      settings: { ...data!.config.settings, resourceSync: { ...data!.config.settings.resourceSync, groups: true, groupIds: chosen.map((g) => g.id) } },
    };
    expect(await ask(home, { type: 'config.save', config })).toMatchObject({ ok: true });

    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto('https://console.jumpcloud.com/#/home');
    // The console model lists user groups from the sandbox's API with this key (as a signed-in console would).
    await page.evaluate((key) => {
      const w = window as unknown as { consoleState: Record<string, unknown> };
      w.consoleState.apiKey = key;
      sessionStorage.setItem('fixture-console-state', JSON.stringify(w.consoleState));
    }, sandbox.jumpcloud.apiKey);

    await axClick(page, 'button', 'Open the Zoho setup guide');
    await axClick(page, 'button', 'Set up SCIM provisioning to Zoho Directory');
    await expect.poll(() => stepText(page)).toBe(step(1, 'Open SSO Applications'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'SSO Applications' }).click();
    await expect.poll(() => stepText(page)).toBe(step(2, 'Add a new application'));
    await page.getByRole('button', { name: 'Add New Application' }).click();
    // Dialogs appear late; the guide waits for each.
    await expect.poll(() => stepText(page)).toBe(step(3, 'Choose Custom Application'));
    await page.getByRole('button', { name: 'Custom Application' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => stepText(page)).toBe(step(4, 'Select the features'));
    await page.getByRole('checkbox', { name: 'Manage Single Sign-On (SSO)' }).check();
    await page.getByRole('checkbox', { name: 'Import users from this app (Identity Management)' }).check();
    await page.getByRole('checkbox', { name: 'Export users to this app (Identity Management)' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => stepText(page)).toBe(step(5, 'Name the application'));
    await axClick(page, 'button', 'Fill display label');
    await expect.poll(() => stepText(page)).toBe(step(6, 'Save the application'));
    // The guide never clicks Save Application.
    expect(await scimApp(page)).toBeNull();
    await page.getByRole('button', { name: 'Save Application' }).click();
    await expect.poll(() => stepText(page)).toBe(step(7, 'Configure the application'));
    expect((await scimApp(page))?.displayLabel).toBe('Zoho Directory');
    await page.getByRole('button', { name: 'Configure Application' }).click();
    await expect.poll(() => stepText(page)).toBe(step(8, 'Open Identity Management'));
    await page.getByRole('tab', { name: 'Identity Management' }).click();
    await expect.poll(() => stepText(page)).toBe(step(9, 'Choose SCIM 2.0'));

    // A reload in the middle: the guide comes back on its own, at the same step.
    await page.reload();
    await expect.poll(() => stepText(page)).toBe(step(9, 'Choose SCIM 2.0'));
    await axClick(page, 'button', 'Fill API type and SCIM version');
    await expect.poll(() => stepText(page)).toBe(step(10, 'Fill the Base URL'));
    await axClick(page, 'button', 'Fill Base URL');
    await expect.poll(() => stepText(page)).toBe(step(11, 'Fill the Token Key'));
    await page.screenshot({ path: `${SHOTS}/guide-scim-token-key.png` });
    await axClick(page, 'button', 'Fill Token Key');
    await expect.poll(() => stepText(page)).toBe(step(12, 'Fill a test user email'));
    // The token went into its field only: the panel never shows it.
    expect(await panelText(page)).not.toContain(sandbox.scim.token);
    await axClick(page, 'button', 'Fill Test User Email');
    await expect.poll(() => stepText(page)).toBe(step(13, 'Test the connection'));
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect.poll(() => stepText(page)).toBe(step(14, 'Manage groups in Zoho Directory'));
    await axClick(page, 'button', 'Fill group management checkbox');
    await expect.poll(() => stepText(page)).toBe(step(15, 'Activate'));
    await page.getByRole('button', { name: 'Activate' }).click();
    await expect.poll(() => stepText(page)).toBe(step(16, 'Save'));
    expect((await scimApp(page))?.active).toBe(false);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => stepText(page)).toBe(step(17, 'Open User Groups'));

    const app = (await scimApp(page))!;
    expect(app.baseUrl).toBe(sandbox.https!.syncEndpoint);
    expect(app.baseUrl).not.toMatch(/\/$/);
    expect(app.tokenKey).toBe(sandbox.scim.token);
    expect(app.testUserEmail).toMatch(/^[a-z0-9-]+@example\.invalid$/);
    expect(app.testUserEmail).not.toMatch(/zoho/i);
    expect(app.groupManagement).toBe(true);
    expect(app.active).toBe(true);
    expect(app.scimVersion).toBe('SCIM 2.0');

    await page.getByRole('tab', { name: 'User Groups' }).click();
    await expect.poll(() => stepText(page)).toBe(step(18, 'Choose the groups to sync'));
    expect(await panelText(page)).toMatch(/only groups of users, not single users/);
    await axClick(page, 'button', 'Fill group selection');
    await expect.poll(() => stepText(page)).toBe(step(19, 'Save the groups'));
    expect(await panelText(page)).toContain('2 of 2 chosen groups ticked');
    await page.screenshot({ path: `${SHOTS}/guide-scim-groups.png` });
    // Nothing bound until the admin saves.
    expect((await scimApp(page))?.boundGroups).toEqual([]);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => stepText(page)).toBe(step(20, 'Add the attributes you need'));
    expect((await scimApp(page))?.boundGroups.sort()).toEqual(chosen.map((g) => g.name).sort());
    // The hostile group name stayed text: no image was ever made of it.
    expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);

    expect(await panelText(page)).toMatch(/Location, Employee ID and Job Title/);
    await page.getByRole('tab', { name: 'Identity Management' }).click();
    // The console draws the tab's content after the click: wait for it as a person would.
    await expect.poll(() => page.getByRole('region', { name: 'Attribute Mapping' }).isVisible()).toBe(true);
    await axClick(page, 'button', 'I have added the attributes I need');
    await expect.poll(() => panelText(page)).toContain('Zoho Directory is set up in JumpCloud');
    await axClick(page, 'button', 'Close the guide');
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('jumpcloud-zoho-assistant.guide'))).toBeNull();
    await page.close();
    await home.close();
  });

  it('flags a trailing slash and a failed connection; a naive `.value =` never reaches the console', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://console.jumpcloud.com/#/home');
    // An application saved earlier; the admin opens the guide on its Identity Management tab.
    await page.evaluate(() => {
      const w = window as unknown as { consoleState: Record<string, unknown> };
      w.consoleState.scimApp = { displayLabel: 'Zoho Directory', baseUrl: '', tokenKey: '', testUserEmail: '', groupManagement: false, active: false, boundGroups: [] };
      sessionStorage.setItem('fixture-console-state', JSON.stringify(w.consoleState));
      location.hash = '#/sso/app/identity-management';
    });
    await axClick(page, 'button', 'Open the Zoho setup guide');
    await axClick(page, 'button', 'Set up SCIM provisioning to Zoho Directory');
    // Met where the admin is.
    await expect.poll(() => stepText(page)).toBe(step(9, 'Choose SCIM 2.0'));
    await page.getByLabel('API Type').selectOption('SCIM API');
    await page.getByLabel('SCIM Version').selectOption('SCIM 2.0');
    await expect.poll(() => stepText(page)).toBe(step(10, 'Fill the Base URL'));
    await page.getByLabel('Base URL').fill(`${sandbox.https!.syncEndpoint}/`);
    await expect.poll(() => alertText(page)).toMatch(/ends with a slash/);
    expect(await stepText(page)).toBe(step(10, 'Fill the Base URL'));
    await axClick(page, 'button', 'Fill Base URL');
    await expect.poll(() => stepText(page)).toBe(step(11, 'Fill the Token Key'));
    expect(await page.getByLabel('Base URL').inputValue()).toBe(sandbox.https!.syncEndpoint);
    // A plain assignment, even with a change event, shows in the field but the console's state
    // (which listens for input events, as frameworks do) never hears of it.
    await page.evaluate(() => {
      const input = document.getElementById('token-key') as HTMLInputElement;
      input.value = 'naive';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expect.poll(() => stepText(page)).toBe(step(12, 'Fill a test user email'));
    await axClick(page, 'button', 'Fill Test User Email');
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect.poll(() => alertText(page)).toMatch(/JumpCloud could not connect/);
    expect(await stepText(page)).toBe(step(13, 'Test the connection'));
    await axClick(page, 'button', 'Close the guide');
    await page.close();
  });

  it('printed no errors', () => {
    expect(errors).toEqual([]);
  });
});
