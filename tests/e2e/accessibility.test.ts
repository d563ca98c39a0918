// Accessibility, measured on the production build in Chromium against the sandbox: axe-core's
// WCAG 2.2 A and AA rules on the popup in each of its states, on the welcome (setup) page and
// every tab of the options page, in the light and the dark theme, and on the guide's panel at
// every step of every guide; and a walk with the Tab key through each page, which must reach
// every control with its focus shown, plus a few controls worked from the keyboard alone. What
// each audit found, and where each walk's focus landed, go to test-results/accessibility.json.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import { audit, auditFigures, type Audit } from './a11y/axe-audit';
import { recordFigures } from './a11y/figures';
import { focused, keyboardProblems, tabThrough, tabTo, type Scope } from './a11y/keyboard-walk';
import { connect, openPopup } from './connect';
import { ask } from './extension-messages';
import { openExtension } from './open-extension';
import { axBox, axText } from './closed-shadow';
import { GUIDE, LAUNCHER, type PanelHook } from './guide/driver';
import { API_KEY_GUIDE, apiKeyJourney, apiKeyProblems, openConsole, prepareScim, scimJourney, signIn } from './guide/journeys';
import { configureForZoho, fillApiKey, mapFields, openZoho, reachJumpCloudStore, saveScimStore, saveSettings, ZOHO_API_GUIDE, ZOHO_SCIM_GUIDE } from './guide/zoho-journeys';
import { OVERLAY_TAG } from '@/lib/dom/visible';

const SCHEMES = ['light', 'dark'] as const;
const TABS = ['Connection', 'Field mapping', 'Settings', 'History', 'Backup'] as const;
type Tab = (typeof TABS)[number];
const audits: Record<string, Audit> = {};
/** Each keyboard walk: the controls the focus landed on, in order (role and accessible name). */
const walks: Record<string, string[]> = {};

/** Audits the page in both themes: no violation in either. */
async function expectNoViolations(page: Page, name: string, include?: string): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    const found = await audit(page, include);
    audits[`${name} (${colorScheme})`] = found;
    expect(found.violations, `${name} in the ${colorScheme} theme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Tabs through the page from its top: every control reached, the focus always shown. */
async function expectKeyboardWalk(page: Page, name: string, scope?: Scope): Promise<void> {
  const walk = await tabThrough(page, scope);
  walks[name] = walk.stops.map((s) => `${s.role} "${s.name}"`);
  expect(keyboardProblems(walk), name).toEqual([]);
}

afterAll(async () => {
  await recordFigures('audits', auditFigures(audits));
  await recordFigures('keyboard walks', walks);
});

describe('the popup and the options page', () => {
  let sandbox: Sandbox;
  let browser: LaunchedExtension;
  let errors: string[];
  let home: Page;

  beforeAll(async () => {
    ({ sandbox, browser, errors } = await openExtension(60));
    home = await browser.context.newPage();
    await home.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  /** Opens the popup, checks it in both themes and from the keyboard, and hands it on. */
  async function popupIn(state: string, shown: (popup: Page) => Promise<unknown>): Promise<Page> {
    const popup = await openPopup(browser);
    await expect.poll(() => shown(popup), { timeout: 60_000, message: `the popup showing ${state}` }).toBeTruthy();
    await expectNoViolations(popup, `popup: ${state}`);
    await expectKeyboardWalk(popup, `popup: ${state}`);
    return popup;
  }

  /** Opens the options page on each tab in turn, arranged by `arrange`, and checks it. */
  async function everyOptionsTab(state: string, arrange: Partial<Record<Tab, (page: Page) => Promise<void>>> = {}): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    for (const name of TABS) {
      await page.getByRole('tab', { name, exact: true }).click();
      const panel = page.getByRole('tabpanel', { name, exact: true });
      await panel.waitFor();
      // Every tab shows its first heading once it has what it reads.
      await panel.getByRole('heading').first().waitFor();
      await arrange[name]?.(page);
      await expectNoViolations(page, `options, ${name}: ${state}`);
      await expectKeyboardWalk(page, `options, ${name}: ${state}`);
    }
    return page;
  }

  /** The welcome the extension opens on install (setup.html), checked as it stands. */
  async function welcomeIn(state: string, shown: RegExp): Promise<void> {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/setup.html`);
    await expect.poll(() => page.getByRole('status').first().textContent(), { message: `the welcome showing ${state}` }).toMatch(shown);
    await expectNoViolations(page, `welcome: ${state}`);
    await expectKeyboardWalk(page, `welcome: ${state}`);
    await page.close();
  }

  it('the welcome page (setup.html), nothing set up', async () => {
    await welcomeIn('nothing set up', /Next step: Add your JumpCloud API key/);
  });

  it('options page, nothing set up: every tab', async () => {
    const page = await everyOptionsTab('nothing set up', {
      History: (p) => p.getByText(/^No sync has run yet/).waitFor(),
    });
    await page.close();
  });

  it('popup, nothing set up: the setup path is chosen with the arrow keys', async () => {
    const popup = await popupIn('nothing set up', (p) => p.getByText('Add your JumpCloud API key', { exact: false }).count());
    await tabTo(popup, 'radio', /^This assistant syncs/);
    await popup.keyboard.press('ArrowDown');
    await expect.poll(() => popup.getByRole('radio', { name: /JumpCloud pushes over SCIM/ }).isChecked()).toBe(true);
    await expect.poll(() => popup.getByRole('status').first().textContent()).toContain('Save the Sync endpoint and SCIM token');
    await expect.poll(async () => (await ask<{ setupPath: string }>(home, { type: 'status' })).data!.setupPath).toBe('jumpcloud-pushes');
    await popup.keyboard.press('ArrowUp');
    await expect.poll(() => popup.getByRole('radio', { name: /This assistant syncs/ }).isChecked()).toBe(true);
    // Saved, not only drawn: the choice is the assistant's setup path.
    await expect.poll(async () => (await ask<{ setupPath: string }>(home, { type: 'status' })).data!.setupPath).toBe('assistant-syncs');
    await popup.close();
  });

  it('popup, set up and idle: Preview changes works from the keyboard (Enter)', async () => {
    await connect(home, sandbox);
    const popup = await popupIn('set up, no run yet', (p) => p.getByText('No sync has run yet.').count());
    await tabTo(popup, 'button', 'Preview changes');
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.getByText(/^Would create \d+/).count(), { timeout: 60_000 }).toBe(1);
    expect(sandbox.scim.store.userCount).toBe(0);
    await popup.close();
  });

  it('popup, a preview shown, then a run under way: Sync now works from the keyboard (Space)', async () => {
    const popup = await popupIn('a preview shown', (p) => p.getByText(/^Would create \d+/).count());
    // Slow writes, so the run is still under way while it is audited.
    sandbox.scim.faults.set({ latencyMs: 150 });
    await tabTo(popup, 'button', 'Sync now');
    await popup.keyboard.press(' ');
    await popup.getByRole('progressbar').waitFor({ timeout: 30_000 });
    await expectNoViolations(popup, 'popup: a run under way');
    sandbox.scim.faults.reset();
    await expect.poll(() => popup.getByText('Synced', { exact: true }).count(), { timeout: 90_000 }).toBe(1);
    expect(sandbox.scim.store.userCount).toBeGreaterThan(0);
    await popup.close();
    await popupIn('a run synced', (p) => p.getByText(/^\d+ created/).count()).then((p) => p.close());
  });

  it('popup, a run held for confirmation', async () => {
    const gone = sandbox.jumpcloud.directory.users.filter((u) => u.state === 'ACTIVATED' && u.email.trim() !== '').slice(0, 20);
    for (const u of gone) sandbox.jumpcloud.directory.removeUser(u._id);
    const started = await ask<{ runId: string }>(home, { type: 'sync.start', dryRun: false });
    expect(started.ok).toBe(true);
    const popup = await popupIn('a run held for confirmation', (p) => p.getByRole('button', { name: 'Confirm removals and sync' }).count());
    await tabTo(popup, 'button', 'Confirm removals and sync');
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.getByText('Synced', { exact: true }).count(), { timeout: 60_000 }).toBe(1);
    await popup.close();
  });

  it('popup, a failed run', async () => {
    expect(await ask(home, { type: 'secret.save', name: 'jumpcloudApiKey', value: 'jca_' + 'N0tTheKey'.repeat(4) })).toMatchObject({ ok: true });
    await ask(home, { type: 'sync.start', dryRun: false });
    const popup = await popupIn('a failed run', (p) => p.getByText('Failed', { exact: true }).count());
    expect(await popup.getByRole('alert').textContent()).toMatch(/revoked/);
    await popup.close();
    expect(await ask(home, { type: 'secret.save', name: 'jumpcloudApiKey', value: sandbox.jumpcloud.apiKey })).toMatchObject({ ok: true });
  });

  it('popup, the settings pointing at another directory ("Start fresh")', async () => {
    const { data } = await ask<{ config: { jumpcloud: { region: string } } }>(home, { type: 'config.get' });
    expect(await ask(home, { type: 'config.save', config: { ...data!.config, jumpcloud: { ...data!.config.jumpcloud, region: 'eu' } } })).toMatchObject({ ok: true });
    const popup = await popupIn('a snapshot mismatch', (p) => p.getByRole('group', { name: /The settings point at another directory/ }).count());
    expect(await ask(home, { type: 'config.save', config: data!.config })).toMatchObject({ ok: true });
    await popup.close();
  });

  it('the welcome page (setup.html), set up', async () => {
    await welcomeIn('set up', /Ready: JumpCloud and Zoho Directory are connected/);
  });

  it('options page, set up with runs behind it: every tab, with its longer forms shown', async () => {
    const page = await everyOptionsTab('set up, with runs', {
      'Field mapping': async (p) => {
        await p.getByLabel('Source for Work Location').selectOption('attribute');
        await p.getByLabel('Custom attribute name for Work Location').fill('BUILDING');
        await p.getByRole('button', { name: 'Preview with real users' }).click();
        await p.getByRole('region', { name: 'Preview of mapped users' }).waitFor({ timeout: 30_000 });
      },
      Settings: async (p) => {
        await p.getByRole('radio', { name: 'Users matching the criteria' }).check();
        await p.getByRole('checkbox', { name: 'Groups', exact: true }).check();
        await expect.poll(() => p.getByRole('group', { name: 'JumpCloud groups to sync' }).getByRole('checkbox').count(), { timeout: 30_000 }).toBeGreaterThan(0);
        await p.getByRole('checkbox', { name: 'Sync on a schedule' }).check();
        await p.getByLabel('Frequency').selectOption('weekly');
      },
      History: async (p) => {
        // A run that wrote users, whose outcomes fill a table.
        await p.getByRole('row').filter({ hasText: 'Succeeded' }).first().getByRole('button', { name: /^Details of the run at / }).click();
        await p.getByRole('columnheader', { name: 'Result' }).waitFor();
      },
    });
    await page.close();
  });

  it('options page from the keyboard: the tabs with the arrow keys, a checkbox with Space, a button with Enter', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html#connection`);
    await page.getByRole('tabpanel', { name: 'Connection' }).waitFor();
    await tabTo(page, 'tab', 'Connection');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Field mapping' }).isVisible()).toBe(true);
    expect(await focused(page)).toMatchObject({ role: 'tab', name: 'Field mapping' });
    await page.keyboard.press('End');
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Backup' }).isVisible()).toBe(true);
    const secrets = page.getByRole('checkbox', { name: 'Include the API key and SCIM token' });
    await tabTo(page, 'checkbox', 'Include the API key and SCIM token');
    await page.keyboard.press(' ');
    await expect.poll(() => secrets.isChecked()).toBe(true);
    await page.keyboard.press(' ');
    await expect.poll(() => secrets.isChecked()).toBe(false);
    await page.keyboard.press('Home');
    // Home moved nothing here: the focus is on the checkbox, not in the tablist.
    expect(await focused(page)).toMatchObject({ role: 'checkbox' });
    await page.getByRole('tab', { name: 'Connection' }).click();
    await tabTo(page, 'button', 'Test JumpCloud connection');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('tabpanel', { name: 'Connection' }).textContent(), { timeout: 30_000 })
      .toContain('Connected to');
    await page.close();
  });

  it('printed no error in any console', () => {
    expect(errors).toEqual([]);
  });
});

describe('the guide panel on the consoles', () => {
  let sandbox: Sandbox;
  let browser: LaunchedExtension;
  let errors: string[];
  let home: Page;
  const VIEWPORT = { width: 1280, height: 800 };
  /** What the panel showed when it was last audited, per page: the same panel is audited once. */
  const lastSeen = new WeakMap<Page, string>();
  /** The key the API-key guide saved, which the Zoho guide fills in. */
  let savedKey = '';

  /** Audits the assistant's overlay (the panel, or the launcher alone) as it stands. */
  const auditPanel: PanelHook = async (g) => {
    const step = await g.stepText();
    const shown = `${step}\n${await g.panelText()}`;
    if (lastSeen.get(g.page) === shown) return;
    lastSeen.set(g.page, shown);
    const heading = (await axText(g.page, 'region', GUIDE, 'h2')) ?? '';
    const name = `guide on ${new URL(g.page.url()).hostname}: ${heading || 'the launcher'}${step && step !== heading ? ` — ${step}` : ''}`;
    const found = await audit(g.page, OVERLAY_TAG);
    const n = Object.keys(audits).filter((k) => k === name || k.startsWith(`${name} #`)).length;
    audits[n ? `${name} #${n + 1}` : name] = found;
    expect(found.violations, name).toEqual([]);
  };

  beforeAll(async () => {
    ({ sandbox, browser, errors } = await openExtension(5, 'jumpcloud-console', 'zoho-console'));
    home = await browser.context.newPage();
    await home.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('at every step of the JumpCloud guides: the API key, what JumpCloud refuses, SCIM provisioning', async () => {
    const page = await browser.context.newPage();
    savedKey = await apiKeyJourney(await openConsole(page, '#/home', VIEWPORT, auditPanel));
    await page.close();
    await apiKeyProblems(await browser.context.newPage(), VIEWPORT, auditPanel);
    const groups = sandbox.jumpcloud.directory.groups.slice(0, 2);
    await prepareScim(home, sandbox, groups.map((x) => x.id));
    const scim = await browser.context.newPage();
    const g = await openConsole(scim, '#/home', VIEWPORT, auditPanel);
    await signIn(scim, sandbox.jumpcloud.apiKey);
    await scimJourney(g, sandbox, groups.map((x) => x.name), /SSO Applications/);
    await scim.close();
  });

  it('at every step of the Zoho guides: the Sync endpoint and SCIM token, then the API key', async () => {
    await configureForZoho(home);
    const page = await browser.context.newPage();
    const g = await openZoho(page, 'directory.zoho.com', '', VIEWPORT, auditPanel);
    await g.open(ZOHO_SCIM_GUIDE);
    await reachJumpCloudStore(g, /Admin Panel/);
    await saveScimStore(g, sandbox.scim.token);
    await mapFields(g, ['Country']);
    await saveSettings(g, []);
    await expect.poll(() => g.panelText()).toContain('The Sync endpoint and SCIM token are in the assistant');
    await auditPanel(g);
    await page.close();

    const api = await browser.context.newPage();
    const a = await openZoho(api, 'directory.zoho.com', '', VIEWPORT, auditPanel);
    await a.open(ZOHO_API_GUIDE);
    await reachJumpCloudStore(a, /Admin Panel/);
    await fillApiKey(a, savedKey);
    await a.clickPointed(/Next/);
    await mapFields(a, ['Employee ID', 'Country']);
    await saveSettings(a, []);
    await expect.poll(() => a.panelText()).toContain('JumpCloud is added to Zoho with the API key');
    await auditPanel(a);
    await api.close();
  });

  it('from the keyboard alone: opened, walked through, moved, folded and closed', async () => {
    const page = await browser.context.newPage();
    const g = await openConsole(page, '#/home', VIEWPORT);
    const panel: Scope = { role: 'region', name: GUIDE };
    // Dormant, the launcher is the assistant's one control on the page, after the console's own.
    await expectKeyboardWalk(page, 'guide: the launcher', { role: 'button', name: LAUNCHER });
    await tabTo(page, 'button', LAUNCHER);
    await page.keyboard.press('Enter');
    await expect.poll(() => g.panelText()).toContain('Which guide?');
    // The focus follows the admin into the panel that opened.
    await expect.poll(async () => (await focused(page))?.name).toBe(GUIDE);
    await expectKeyboardWalk(page, 'guide: choosing a guide', panel);
    await tabTo(page, 'button', API_KEY_GUIDE);
    await page.keyboard.press('Enter');
    await g.at('Open Settings');
    // The chosen guide's button is gone with the choice: the focus stays in the panel, not on the page.
    await expect.poll(async () => (await focused(page))?.name).toBe(GUIDE);
    await expectKeyboardWalk(page, 'guide: a step', panel);

    await tabTo(page, 'button', 'I’ve done this — next');
    await page.keyboard.press(' ');
    await g.at('Open Administrators');
    await tabTo(page, 'button', 'Back');
    await page.keyboard.press('Enter');
    await g.at('Open Settings');
    // The first step has no Back: the focus it had stays in the panel.
    await expect.poll(async () => (await focused(page))?.name).toBe(GUIDE);

    await tabTo(page, 'button', 'Move the guide');
    const before = (await axBox(page, 'region', GUIDE))!;
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => before.y - (await axBox(page, 'region', GUIDE))!.y).toBe(40);

    await tabTo(page, 'button', 'Collapse the guide');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.name).toBe('Expand the guide');
    await expectKeyboardWalk(page, 'guide: folded', panel);
    await tabTo(page, 'button', 'Expand the guide');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.name).toBe('Collapse the guide');
    await expect.poll(() => g.stepText()).toMatch(/Open Settings$/);

    await tabTo(page, 'button', 'Close the guide');
    await page.keyboard.press('Enter');
    await expect.poll(() => axBox(page, 'region', GUIDE)).toBeNull();
    // Back where the admin opened it from.
    await expect.poll(async () => (await focused(page))?.name).toBe(LAUNCHER);
    await page.close();
  });

  it('printed no error in any console', () => {
    expect(errors).toEqual([]);
  });
});
