// The options page as an admin uses it, on the production build in Chromium against the sandbox:
// set both connections up from a fresh install, map fields and preview them on real users, save
// the settings, move through the tabs by keyboard, read the history of a run, and back up and
// restore the settings. Controls are found by role and accessible name, as a person finds them.
import { mkdir, readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import { openExtension } from './open-extension';
import { ask } from './extension-messages';
import { parseCsv } from './read-csv';

const SHOTS = 'test-results/screenshots';
const TABS = ['Connection', 'Field mapping', 'Settings', 'History', 'Backup'] as const;
const SLUG: Record<(typeof TABS)[number], string> = {
  Connection: 'connection',
  'Field mapping': 'mapping',
  Settings: 'settings',
  History: 'history',
  Backup: 'backup',
};

let sandbox: Sandbox;
let browser: LaunchedExtension;
let errors: string[];
let page: Page;

const tab = (name: (typeof TABS)[number]) => page.getByRole('tab', { name, exact: true });
const panel = (name: (typeof TABS)[number]) => page.getByRole('tabpanel', { name, exact: true });

async function openTab(name: (typeof TABS)[number]): Promise<Locator> {
  await tab(name).click();
  await panel(name).waitFor();
  return panel(name);
}

/** The text of everything that describes a control (aria-describedby), as a screen reader reads it. */
function description(control: Locator): Promise<string> {
  return control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/options-${name}.png`, fullPage: true });
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  ({ sandbox, browser, errors } = await openExtension(60));
  page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

describe('the options page', () => {
  it('refuses a bad API key and a bad organization ID at their fields, saying why', async () => {
    const connection = panel('Connection');
    await connection.waitFor();
    expect(await tab('Connection').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Add your JumpCloud API key');

    const key = page.getByLabel('API key', { exact: true });
    expect(await key.getAttribute('type')).toBe('password');
    await key.fill('not-a-jumpcloud-key');
    await page.getByRole('button', { name: 'Save API key' }).click();
    await expect.poll(() => key.getAttribute('aria-invalid')).toBe('true');
    expect(await description(key)).toMatch(/"jca_" and 36 letters or digits/);
    await expect.poll(() => key.evaluate((el) => el === document.activeElement)).toBe(true);

    const org = page.getByLabel('Organization ID (optional)');
    await org.fill('not-hex');
    await page.getByRole('button', { name: 'Save region and organization ID' }).click();
    await expect.poll(() => org.getAttribute('aria-invalid')).toBe('true');
    expect(await description(org)).toContain('24 hexadecimal characters');
    await shoot('connection-error');
    await org.fill('');
  });

  it('sets up both connections from a fresh install and tests each side', async () => {
    const connection = panel('Connection');
    const key = page.getByLabel('API key', { exact: true });
    await page.getByLabel('JumpCloud region').selectOption('us');
    await key.fill(sandbox.jumpcloud.apiKey);
    await page.getByRole('button', { name: 'Save API key' }).click();
    await expect.poll(() => description(key)).toContain('Saved');
    expect(await key.getAttribute('aria-invalid')).toBeNull();
    expect(await key.inputValue()).toBe('');

    await page.getByRole('button', { name: 'Test JumpCloud connection' }).click();
    const reached = connection.getByRole('status').filter({ hasText: 'Connected to' });
    await expect.poll(() => reached.textContent(), { timeout: 30_000 }).toContain('Sandbox Organization');
    expect(await reached.textContent()).toContain(`${sandbox.jumpcloud.directory.users.length} users`);

    // The endpoint must be https: refused at the field first.
    const endpoint = page.getByLabel('Sync endpoint');
    await page.getByLabel('Zoho data centre').selectOption('us');
    await endpoint.fill(sandbox.https!.syncEndpoint.replace('https:', 'http:'));
    await page.getByRole('button', { name: 'Save data centre and Sync endpoint' }).click();
    await expect.poll(() => endpoint.getAttribute('aria-invalid')).toBe('true');
    expect(await description(endpoint)).toContain('must start with https://');

    await endpoint.fill(`${sandbox.https!.syncEndpoint}/`);
    await page.getByRole('button', { name: 'Save data centre and Sync endpoint' }).click();
    await expect.poll(() => connection.getByRole('status').filter({ hasText: 'Sync endpoint saved' }).count()).toBe(1);
    expect(await endpoint.getAttribute('aria-invalid')).toBeNull();
    // Saved as the schema normalises it: no trailing slash.
    expect(await endpoint.inputValue()).toBe(sandbox.https!.syncEndpoint);

    const token = page.getByLabel('SCIM token', { exact: true });
    await token.fill(sandbox.scim.token);
    await page.getByRole('button', { name: 'Save SCIM token' }).click();
    await expect.poll(() => description(token)).toContain('Saved');

    await page.getByRole('button', { name: 'Test Zoho connection' }).click();
    const scim = connection.getByRole('status').filter({ hasText: 'Connected to the Sync endpoint' });
    await expect.poll(() => scim.textContent(), { timeout: 30_000 }).toContain('0 users in the directory');
    expect(await scim.textContent()).toContain('Updates only what changed (PATCH): supported');
    expect(await scim.textContent()).toMatch(/enterprise extension\): (not )?supported/);

    await expect.poll(() => page.getByText('Ready: JumpCloud and Zoho Directory are connected.').isVisible()).toBe(true);
    await shoot('connection');
  });

  it('edits the field mapping and previews it on real users', async () => {
    const mapping = await openTab('Field mapping');
    expect(await mapping.getByRole('rowheader', { name: 'Department', exact: true }).isVisible()).toBe(true);

    await page.getByLabel('Source for Designation').selectOption('hardcoded');
    await page.getByLabel('Hard-coded value for Designation').fill('Field Engineer');
    await page.getByLabel('Source for Work Location').selectOption('attribute');
    const attribute = page.getByLabel('Custom attribute name for Work Location');
    expect(await description(attribute)).toContain('case-sensitive');

    // An attribute without a name is refused at its field.
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await expect.poll(() => attribute.getAttribute('aria-invalid')).toBe('true');
    expect(await description(attribute)).toContain('exactly as JumpCloud shows it');
    await attribute.fill('BUILDING');

    await page.getByRole('button', { name: 'Add custom field' }).click();
    await expect.poll(() => page.getByLabel('Name of custom field 1').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByLabel('Name of custom field 1').fill('Cost Centre');
    await page.getByLabel('JumpCloud field for custom field 1').selectOption('costCenter');

    await page.getByRole('button', { name: 'Preview with real users' }).click();
    const table = page.getByRole('region', { name: 'Preview of mapped users' });
    await table.waitFor({ timeout: 30_000 });
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('Field Engineer');
    const emails = sandbox.jumpcloud.directory.users.map((u) => u.email.trim().toLowerCase()).filter(Boolean);
    expect(emails.some((e) => text.includes(e))).toBe(true);
    const warnings = page.getByRole('note', { name: 'Mapping warnings' });
    await expect.poll(() => warnings.textContent()).toContain('"BUILDING" (names are case-sensitive)');
    expect(await warnings.textContent()).toContain('Cost Centre');

    await page.getByRole('button', { name: 'Save mapping' }).click();
    await expect.poll(() => mapping.getByRole('status').filter({ hasText: 'Mapping saved' }).count()).toBe(1);
    await shoot('mapping');

    await page.reload();
    await panel('Field mapping').waitFor();
    expect(await tab('Field mapping').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByLabel('Source for Designation').inputValue()).toBe('hardcoded');
    expect(await page.getByLabel('Hard-coded value for Designation').inputValue()).toBe('Field Engineer');
    expect(await page.getByLabel('Custom attribute name for Work Location').inputValue()).toBe('BUILDING');
    expect(await page.getByLabel('Name of custom field 1').inputValue()).toBe('Cost Centre');
  });

  it('saves the settings, refusing bad ones at their fields, and keeps them after a reload', async () => {
    const settings = await openTab('Settings');
    await page.getByRole('radio', { name: 'Users matching the criteria' }).check();
    await page.getByLabel('Attribute of rule 1').selectOption('field:department');
    await page.getByLabel('Relation of rule 1').selectOption('equals');
    await page.getByLabel('Value of rule 1').fill('Engineering');

    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Attribute of rule 2').selectOption('memberOf');
    const group = page.getByLabel('Group of rule 2');
    await group.waitFor();
    await group.selectOption({ label: 'Platform Team' });
    const platformId = sandbox.jumpcloud.directory.groups.find((g) => g.name === 'Platform Team')!.id;
    expect(await group.inputValue()).toBe(platformId);
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('button', { name: 'Remove rule 3' }).click();
    expect(await page.getByLabel('Attribute of rule 3').count()).toBe(0);

    await page.getByRole('radio', { name: 'A pattern of my own' }).check();
    const pattern = page.getByLabel('Pattern to be applied');
    await pattern.fill('1 OR 3');

    // Groups: the picker lists the sandbox's groups by name, as text, and filters them.
    await page.getByRole('checkbox', { name: 'Groups', exact: true }).check();
    const picker = page.getByRole('group', { name: 'JumpCloud groups to sync' });
    await expect.poll(() => picker.getByRole('checkbox').count(), { timeout: 30_000 }).toBe(sandbox.jumpcloud.directory.groups.length);
    for (const name of ['All Staff', 'Platform Team', '日本チーム 🇯🇵', '<img src=x onerror=alert(1)> "Group"; DROP TABLE groups;--']) {
      expect(await picker.getByRole('checkbox', { name, exact: true }).count()).toBe(1);
    }
    await picker.getByLabel('Filter groups').fill('plat');
    await expect.poll(() => picker.getByRole('checkbox').count()).toBe(1);
    await picker.getByRole('checkbox', { name: 'Platform Team' }).check();
    await picker.getByLabel('Filter groups').fill('');

    await page.getByRole('checkbox', { name: 'Sync on a schedule' }).check();
    await page.getByLabel('Frequency').selectOption('weekly');
    await page.getByRole('checkbox', { name: 'Wednesday' }).check();
    await page.getByLabel('Time', { exact: true }).fill('03:30');
    const percent = page.getByLabel('Percentage of synced users');
    await percent.fill('150');

    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => pattern.getAttribute('aria-invalid')).toBe('true');
    expect(await description(pattern)).toMatch(/rule/i);
    expect(await percent.getAttribute('aria-invalid')).toBe('true');
    expect(await description(percent)).toContain('percentage from 0 to 100');
    expect(await settings.getByRole('status').count()).toBe(0);
    await shoot('settings-error');

    await pattern.fill('1 OR 2');
    await percent.fill('25');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => settings.getByRole('status').filter({ hasText: 'Settings saved.' }).count()).toBe(1);
    expect(await pattern.getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => settings.getByText(/^Next scheduled sync:/).isVisible()).toBe(true);
    await shoot('settings');

    await page.reload();
    await panel('Settings').waitFor();
    expect(await tab('Settings').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('radio', { name: 'Users matching the criteria' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Value of rule 1').inputValue()).toBe('Engineering');
    await expect.poll(() => page.getByLabel('Group of rule 2').inputValue()).toBe(platformId);
    expect(await page.getByLabel('Pattern to be applied').inputValue()).toBe('1 OR 2');
    await expect.poll(() => page.getByRole('checkbox', { name: 'Platform Team' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Sync on a schedule' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Frequency').inputValue()).toBe('weekly');
    expect(await page.getByRole('checkbox', { name: 'Wednesday' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Time', { exact: true }).inputValue()).toBe('03:30');
    expect(await page.getByLabel('Percentage of synced users').inputValue()).toBe('25');
  });

  it('moves between the tabs with the arrow keys, Home and End', async () => {
    await tab('Connection').click();
    const focusedTab = () => page.evaluate(() => (document.activeElement?.getAttribute('role') === 'tab' ? document.activeElement.textContent : null));
    const selectedTab = () => page.getByRole('tab', { selected: true }).textContent();

    await page.keyboard.press('ArrowRight');
    await expect.poll(focusedTab).toBe('Field mapping');
    await expect.poll(selectedTab).toBe('Field mapping');
    await page.screenshot({ path: `${SHOTS}/options-keyboard.png`, clip: { x: 0, y: 0, width: 1280, height: 200 } });
    await expect.poll(() => panel('Field mapping').isVisible()).toBe(true);
    expect(await panel('Connection').isVisible()).toBe(false);
    expect(new URL(page.url()).hash).toBe('#mapping');

    await page.keyboard.press('End');
    await expect.poll(focusedTab).toBe('Backup');
    await expect.poll(selectedTab).toBe('Backup');
    await page.keyboard.press('ArrowRight');
    await expect.poll(focusedTab).toBe('Connection');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(focusedTab).toBe('Backup');
    await page.keyboard.press('Home');
    await expect.poll(focusedTab).toBe('Connection');
    await expect.poll(selectedTab).toBe('Connection');
    // Tab leaves the tablist for the panel: only the selected tab is in the tab order.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tabpanel');
  });

  it('shows each run in the history, its outcomes with a search, an errors-only filter and a CSV export', async () => {
    // A user whose email a spreadsheet would read as a formula: the CSV must keep it text.
    const formula = sandbox.jumpcloud.directory.addUser({ username: 'formula.cell', email: '=1+1@example.com', department: 'Engineering' });
    const history = await openTab('History');
    await history.getByRole('button', { name: 'Sync now' }).click();
    const details = history.getByRole('button', { name: /^Details of the run at / });
    await expect.poll(() => details.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => history.getByRole('row').nth(1).textContent()).toContain('Succeeded');
    const created = sandbox.scim.store.userCount;
    expect(created).toBeGreaterThan(0);

    // A second run in which Zoho fails every write: one changed user, recorded as failed.
    const changed = sandbox.jumpcloud.directory.users.find((u) => u.department === 'Engineering' && u.state === 'ACTIVATED' && u.email)!;
    sandbox.jumpcloud.directory.updateUser(changed._id, { lastname: 'Renamed' });
    sandbox.jumpcloud.handler.afterRequests(1, () => sandbox.scim.faults.set({ rate5xx: 1 }));
    await history.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => details.count(), { timeout: 90_000 }).toBe(2);
    sandbox.scim.faults.reset();
    await expect.poll(() => history.getByRole('row').nth(1).textContent()).toContain('Partly failed');
    await expect.poll(() => history.getByRole('alert').textContent()).toContain('1 user could not be written');

    await details.first().click();
    const outcomes = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Result' }) });
    await outcomes.waitFor();
    await page.getByRole('checkbox', { name: 'Errors only' }).check();
    await expect.poll(() => outcomes.getByRole('row').count()).toBe(2);
    const failedRow = outcomes.getByRole('row').nth(1);
    expect(await failedRow.textContent()).toContain(changed.email.toLowerCase());
    expect(await failedRow.textContent()).toContain('Failed');
    expect(await failedRow.textContent()).toContain('How to fix:');
    await shoot('history');

    // The first run: every created user, found by the search box.
    await details.last().click();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Errors only' }).isChecked()).toBe(false);
    const runs = (await ask<{ id: string }[]>(page, { type: 'runs.list' })).data!;
    const first = (await ask<{ outcomes: unknown[] }>(page, { type: 'runs.get', id: runs[runs.length - 1]!.id })).data!;
    await expect.poll(() => outcomes.getByRole('row').count()).toBe(first.outcomes.length + 1);
    await page.getByLabel('Search users').fill(changed.email.toLowerCase());
    await expect.poll(() => outcomes.getByRole('row').count()).toBe(2);
    expect(await outcomes.getByRole('row').nth(1).textContent()).toContain('Create');
    await page.getByLabel('Errors only').check();
    await expect.poll(() => outcomes.count()).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^jumpcloud-sync-.*\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
    expect(header).toEqual(['JumpCloud ID', 'User', 'Action', 'Result', 'Reason', 'Changed', 'Attribute', 'SCIM path', 'Before', 'After', 'Error', 'How to fix']);
    // All outcomes, whatever the filters on screen, a row for each attribute a new user was sent.
    const outcomesOfFirst = first.outcomes as { changes?: unknown[] }[];
    expect(rows).toHaveLength(outcomesOfFirst.reduce((n, o) => n + Math.max(1, o.changes?.length ?? 0), 0));
    expect(rows.some((r) => r.slice(0, 4).join() === [changed._id, changed.email.toLowerCase(), 'create', 'done'].join())).toBe(true);
    expect(rows.find((r) => r[0] === formula._id && r[7] === 'userName')?.slice(1, 10)).toEqual(["'=1+1@example.com", 'create', 'done', expect.any(String), '', 'Email Address', 'userName', '', "'=1+1@example.com"]);
    // Every cell quoted, none read as a formula.
    expect(csv).not.toMatch(/(^|,)"[=+\-@]/m);
  });

  it('exports the settings to a file and imports them back, naming the bad field of a bad file', async () => {
    const backup = await openTab('Backup');
    const secrets = page.getByRole('checkbox', { name: 'Include the API key and SCIM token' });
    expect(await secrets.isChecked()).toBe(false);
    await secrets.check();
    expect(await description(secrets)).toContain('plain text');
    await shoot('backup');
    await secrets.uncheck();

    const [download] = await Promise.all([page.waitForEvent('download'), backup.getByRole('button', { name: 'Export settings' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^jumpcloud-zoho-assistant-settings-.*\.json$/);
    const text = await readFile((await download.path())!, 'utf8');
    const file = JSON.parse(text);
    expect(file.format).toBe('jumpcloud-zoho-assistant/config');
    expect(file.secrets).toBeUndefined();
    expect(text).not.toContain(sandbox.jumpcloud.apiKey);
    expect(file.config.mapping.fields.designation).toEqual({ from: 'hardcoded', value: 'Field Engineer' });
    expect(file.config.settings.schedule).toMatchObject({ enabled: true, frequency: 'weekly', time: '03:30' });

    // Change the mapping, then restore it from the file.
    await openTab('Field mapping');
    await page.getByLabel('Hard-coded value for Designation').fill('Changed');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await expect.poll(() => panel('Field mapping').getByRole('status').filter({ hasText: 'Mapping saved' }).count()).toBe(1);

    await openTab('Backup');
    await page.getByLabel('Import settings').setInputFiles({ name: 'settings.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    // What it would change is shown first, and applied only at the admin's word.
    const changes = backup.getByRole('group', { name: 'settings.json would change:' });
    await expect.poll(() => changes.textContent()).toContain('Field mapping: 1 field change (designation)');
    await changes.getByRole('button', { name: 'Apply these settings' }).click();
    await expect.poll(() => backup.getByRole('status').filter({ hasText: 'Imported' }).textContent()).toContain('Imported the settings from settings.json');
    await openTab('Field mapping');
    await expect.poll(() => page.getByLabel('Hard-coded value for Designation').inputValue()).toBe('Field Engineer');

    const bad = { ...file, config: { ...file.config, settings: { ...file.config.settings, schedule: { ...file.config.settings.schedule, time: '25:00' } } } };
    await openTab('Backup');
    await page.getByLabel('Import settings').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const alert = backup.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('config.settings.schedule.time');
    expect(await alert.textContent()).toContain('HH:MM');
    await shoot('backup-error');
  });

  it('reads well in the dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const name of TABS) {
      await openTab(name);
      await shoot(`${SLUG[name]}-dark`);
    }
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 27, 34)');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('asks the browser for a Sync endpoint on another host before saving it', async () => {
    // In its own page: the browser's prompt cannot be answered headless, so it stays open.
    const other = await browser.context.newPage();
    await other.goto(`chrome-extension://${browser.extensionId}/options.html#connection`);
    await other.getByLabel('Sync endpoint').fill('https://scim.example.org/v2');
    await other.getByRole('button', { name: 'Save data centre and Sync endpoint' }).click();
    // The prompt started (a request outside the click's user gesture is refused at once instead).
    const waiting = other.getByRole('tabpanel', { name: 'Connection' }).getByRole('status').filter({ hasText: 'browser’s prompt' });
    await expect.poll(() => waiting.textContent()).toContain('https://scim.example.org');
    const { data } = await ask<{ config: { target: { syncEndpoint?: string } } }>(other, { type: 'config.get' });
    expect(data!.config.target.syncEndpoint).toBe(sandbox.https!.syncEndpoint);
    // Still waiting for the admin, after that round trip to the background: not refused.
    expect(await waiting.count()).toBe(1);
    expect(await other.getByLabel('Sync endpoint').getAttribute('aria-invalid')).toBeNull();
    await other.close();
  });

  it('printed no error in any console', () => {
    expect(errors).toEqual([]);
  });
});
