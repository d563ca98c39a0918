// The guide as a good guest, in Chromium on the production build: it never leaves the admin stuck
// ("Show me where", "I've done this — next", "Back"), its panel folds, moves by keyboard and
// keeps its place, a page cannot plant the guide's position, fills reach the console's own state
// only through real input events, and what loads with every console page is a launcher alone.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, type LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import { openExtension } from './open-extension';
import { axBox } from './closed-shadow';
import { GUIDE } from './guide/driver';
import { API_KEY_GUIDE, openConsole, prepareScim, SCIM_GUIDE } from './guide/journeys';

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

const VIEW = { width: 1280, height: 800 };

describe('what loads with every console page', () => {
  it('is a launcher of at most 10 KB gzipped, with no schema library in it', async () => {
    for (const build of [EXTENSION_DIR, EXTENSION_DIR.replace('chrome-mv3', 'firefox-mv3')]) {
      const script = await readFile(join(build, 'content-scripts/jumpcloud.js'));
      expect(gzipSync(script).length).toBeLessThanOrEqual(10 * 1024);
      expect(script.toString()).not.toMatch(/ZodError|\$ZodType/);
      // The guide is a separate file, brought in only when the admin opens it.
      expect((await readFile(join(build, 'guide.js'))).length).toBeGreaterThan(script.length);
    }
  });

  it('does nothing until the guide is opened, and a page cannot plant its position', async () => {
    const page = await browser.context.newPage();
    // Where the guide used to keep its place: a script of the page writes a fill step there.
    await page.goto('https://console.jumpcloud.com/#/home');
    await page.evaluate(() => sessionStorage.setItem('jumpcloud-zoho-assistant.guide', JSON.stringify({ flow: 'scim', step: 'token-key', memo: {} })));
    await page.reload();
    await page.waitForTimeout(500);
    expect(await page.locator('jumpcloud-zoho-assistant').count()).toBe(1);
    expect(await axBox(page, 'region', GUIDE)).toBeNull();
    await page.close();
  });
});

describe('never stuck', () => {
  it('lets the admin show the guide a control it cannot find, say a step is done, and go back', async () => {
    const page = await browser.context.newPage();
    const g = await openConsole(page, '#/settings', VIEW);
    // The profile button loses every name the guide knows it by, as a redesign might.
    await page.evaluate(() => {
      const b = document.getElementById('profile')!;
      b.removeAttribute('aria-label');
      b.textContent = '◐';
    });
    await g.open(API_KEY_GUIDE);
    await g.at('Open Administrators');
    await g.press('I’ve done this — next');
    await g.at('Open your administrator');
    await g.press('Back');
    await g.at('Open Administrators');
    // Held where the admin went back to, even though the page alone would move on.
    await page.waitForTimeout(300);
    expect(await g.stepText()).toMatch(/Open Administrators$/);
    // Through the administrator's steps by the admin's word; "Save the administrator" the page
    // shows done by itself (no pop-up is open).
    for (const step of ['Open your administrator', 'Enable API access']) {
      await g.press('I’ve done this — next');
      await g.at(step);
    }
    await g.press('I’ve done this — next');
    await g.at('Open the user profile menu');
    expect(await g.panelText()).toContain('cannot see this on the page yet');
    expect(await g.highlight()).toBeNull();
    await g.press('Show me where');
    expect(await g.panelText()).toContain('Click the control on the page');
    // Showing is not pressing: the console's menu stays shut.
    await page.locator('#profile').click();
    g.tally.clicks++;
    await expect.poll(() => g.highlight()).not.toBeNull();
    expect(await page.getByRole('menu').count()).toBe(0);
    expect(await g.panelText()).toContain('Pointing where you showed');
    await g.checkApart();
    await g.clickPointed(/◐/);
    await g.at('Open My API Key');
    await page.close();
  });

  it('folds, moves by keyboard, and keeps its place and folding when closed and opened again', async () => {
    const page = await browser.context.newPage();
    const g = await openConsole(page, '#/home', VIEW);
    await g.open(API_KEY_GUIDE);
    await g.at('Open Settings');
    const before = (await axBox(page, 'region', GUIDE))!;
    await g.press('Collapse the guide');
    await expect.poll(async () => (await axBox(page, 'region', GUIDE))!.height).toBeLessThan(before.height / 2);
    await g.checkApart();
    await g.press('Expand the guide');
    await expect.poll(async () => (await axBox(page, 'region', GUIDE))!.height).toBe(before.height);
    // The move handle takes the arrow keys.
    await g.press('Move the guide');
    const start = (await axBox(page, 'region', GUIDE))!;
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await axBox(page, 'region', GUIDE))!.y).toBeCloseTo(start.y - 40, 0);
    await g.checkApart();
    // And the mouse: dragged by the same handle, it stays where it is put.
    const handle = (await axBox(page, 'button', 'Move the guide'))!;
    const from = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 100, from.y + 30, { steps: 5 });
    await page.mouse.up();
    const dragged = (await axBox(page, 'region', GUIDE))!;
    expect(dragged.x).toBeCloseTo(start.x + 100, 0);
    expect(dragged.y).toBeCloseTo(start.y - 40 + 30, 0);
    await g.checkApart();
    await g.press('Collapse the guide');
    await g.press('Close the guide');
    expect(await axBox(page, 'region', GUIDE)).toBeNull();
    await g.press('Open the Zoho setup guide');
    await g.at('Open Settings');
    expect(await axBox(page, 'button', 'Expand the guide')).not.toBeNull();
    await page.close();
  });
});

/** The assistant set up for SCIM, and a console tab on a saved application's Identity Management. */
async function onIdentityManagement(app: { displayLabel: string; baseUrl: string }) {
  const home = await browser.context.newPage();
  await home.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await prepareScim(home, sandbox, []);
  const page = await browser.context.newPage();
  const g = await openConsole(page, '#/home', VIEW);
  await page.evaluate((a) => {
    const w = window as unknown as { consoleState: Record<string, unknown> };
    w.consoleState.scimApp = { ...a, tokenKey: '', testUserEmail: '', groupManagement: false, active: false, boundGroups: [] };
    sessionStorage.setItem('fixture-console-state', JSON.stringify(w.consoleState));
    location.hash = '#/sso/app/identity-management';
  }, app);
  return { home, page, g };
}

describe('fills', () => {
  it('flags a trailing slash and a failed connection, saying what JumpCloud said; a naive `.value =` never reaches the console', async () => {
    // An application saved earlier; the admin opens the guide on its Identity Management tab.
    const { home, page, g } = await onIdentityManagement({ displayLabel: 'Zoho Directory', baseUrl: '' });
    await g.open(SCIM_GUIDE);
    await g.at('Choose SCIM 2.0');
    await page.getByLabel('API Type').selectOption('SCIM API');
    await page.getByLabel('SCIM Version').selectOption('SCIM 2.0');
    await g.at('Fill the Base URL');
    await page.getByLabel('Base URL').fill(`${sandbox.https!.syncEndpoint}/`);
    await expect.poll(() => g.alertText()).toMatch(/ends with a slash/);
    await g.press('Fill Base URL');
    await g.at('Fill the Token Key');
    expect(await page.getByLabel('Base URL').inputValue()).toBe(sandbox.https!.syncEndpoint);
    // A plain assignment, even with a change event, shows in the field but the console's state
    // (which listens for input events, as frameworks do) never hears of it.
    await page.evaluate(() => {
      const input = document.getElementById('token-key') as HTMLInputElement;
      input.value = 'naive';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await g.at('Fill a test user email');
    await g.press('Fill Test User Email');
    await g.at('Test the connection');
    await g.clickPointed(/Test Connection/);
    await expect.poll(() => g.alertText()).toMatch(/JumpCloud could not connect/);
    await expect.poll(() => g.panelText()).toContain('JumpCloud says: “Connection failed. Check the Base URL and Token Key.”');
    expect(await g.stepText()).toMatch(/Test the connection$/);
    await page.close();
    await home.close();
  });

  it('fills nothing into another application’s form: the Token Key goes only where the Base URL is the Sync endpoint', async () => {
    // Another vendor's application, its Identity Management already set up with SCIM 2.0.
    const { home, page, g } = await onIdentityManagement({ displayLabel: 'Slack', baseUrl: 'https://api.slack.example/scim/v2' });
    await g.open(SCIM_GUIDE);
    await g.at('Choose SCIM 2.0');
    await g.press('Fill API type and SCIM version');
    // The Base URL there is not ours: the guide stops, says why, and fills nothing.
    await g.at('Fill the Base URL');
    await expect.poll(() => g.alertText()).toMatch(/not the Sync endpoint saved in the assistant/);
    await g.press('Fill Base URL');
    await expect.poll(() => g.panelText()).toContain('already holds another Base URL');
    expect(await page.getByLabel('Base URL').inputValue()).toBe('https://api.slack.example/scim/v2');
    // Even told to go on, the guide gets no token for this form from the background.
    await g.press('I’ve done this — next');
    await g.at('Fill the Token Key');
    await g.press('Fill Token Key');
    await expect.poll(() => g.panelText()).toContain('only into the form whose Base URL is the Sync endpoint');
    expect(await page.getByLabel('Token Key').inputValue()).toBe('');
    expect(await g.panelText()).not.toContain(sandbox.scim.token);
    await page.close();
    await home.close();
  });

  it('printed no errors', () => {
    expect(errors).toEqual([]);
  });
});
