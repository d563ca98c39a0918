// Values before and after, as an admin reads them: a user changed in the sandbox's JumpCloud, a dry
// run on the options page that shows each changed attribute's value before and after, the sync,
// the run's details showing the same, and the CSV with a row per changed attribute. Hostile values
// stay text on the page and in the spreadsheet. Controls are found by role and accessible name.
import { mkdir, readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import type { SystemUser } from '@/sandbox/jumpcloud/directory';
import { openExtension } from './open-extension';
import { connect } from './connect';
import { parseCsv } from './read-csv';

const SHOTS = 'test-results/screenshots';
let sandbox: Sandbox;
let browser: LaunchedExtension;
let errors: string[];
let page: Page;

const history = () => page.getByRole('tabpanel', { name: 'History', exact: true });
const detailsButtons = () => history().getByRole('button', { name: /^Details of the run at / });
const outcomes = () => page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Result' }) });
const rowOf = (user: SystemUser): Locator => outcomes().getByRole('row').filter({ hasText: user._id });

/** Starts a run from the History tab and waits for its line in the history. */
async function run(button: 'Sync now' | 'Dry run', status: string): Promise<void> {
  const before = await detailsButtons().count();
  await history().getByRole('button', { name: button, exact: true }).click();
  await expect.poll(() => detailsButtons().count(), { timeout: 90_000 }).toBe(before + 1);
  await expect.poll(() => history().getByRole('row').nth(1).textContent()).toContain(status);
}

/** Opens the newest run's details and searches its users for this one. */
async function openNewest(user: SystemUser): Promise<Locator> {
  const newest = detailsButtons().first();
  if ((await newest.getAttribute('aria-pressed')) !== 'true') await newest.click();
  await outcomes().waitFor();
  await page.getByLabel('Search users').fill(user.email.trim().toLowerCase());
  await expect.poll(() => outcomes().getByRole('row').count()).toBe(2);
  return rowOf(user);
}

/** What a screen reader reads for a changed attribute: its Zoho field, then "before: …, after: …". */
async function changeRead(row: Locator, field: string): Promise<string> {
  const term = row.getByRole('term').filter({ hasText: field });
  await term.waitFor();
  return spoken(term.locator('xpath=following-sibling::dd[1]'));
}

/** An element's text without what is hidden from a screen reader (aria-hidden), spaces folded. */
function spoken(element: Locator): Promise<string> {
  return element.evaluate((dd) => {
    const visible = (n: Node): string =>
      n.nodeType === Node.TEXT_NODE ? n.textContent ?? '' : (n as Element).getAttribute('aria-hidden') === 'true' ? '' : [...n.childNodes].map(visible).join('');
    return visible(dd).replace(/\s+/g, ' ').trim();
  });
}

let promoted: SystemUser;
let formula: SystemUser;
let markup: SystemUser;
let was: string;
const MARKUP = '<img src=x onerror="window.__pwned=1">\u202Egnp.exe';
const FORMULA = "=cmd|' /C calc'!A0";

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  ({ sandbox, browser, errors } = await openExtension(30));
  page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await connect(page, sandbox);
  await page.reload();
  await page.getByRole('tab', { name: 'History', exact: true }).click();
  await history().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

describe('values before and after', () => {
  it('previews a changed JumpCloud attribute with its value before and after', async () => {
    await run('Sync now', 'Succeeded');
    const active = sandbox.jumpcloud.directory.users
      .filter((u) => u.state === 'ACTIVATED' && u.email.trim() && u.jobTitle.trim())
      .sort((a, b) => (a._id < b._id ? -1 : 1));
    [promoted, formula, markup] = active as [SystemUser, SystemUser, SystemUser];
    was = promoted.jobTitle;
    sandbox.jumpcloud.directory.updateUser(promoted._id, { jobTitle: 'Senior engineer' });
    sandbox.jumpcloud.directory.updateUser(formula._id, { jobTitle: FORMULA });
    sandbox.jumpcloud.directory.updateUser(markup._id, { jobTitle: MARKUP });

    // The mapping preview, on the first few users by JumpCloud id: the changed value last synced, then the new.
    await page.getByRole('tab', { name: 'Field mapping', exact: true }).click();
    await page.getByRole('button', { name: 'Preview with real users' }).click();
    const preview = page.getByRole('table', { name: /^What Zoho Directory would receive/ });
    await preview.waitFor({ timeout: 30_000 });
    expect(await preview.getByRole('columnheader').allTextContents()).toContain(promoted.email.trim().toLowerCase());
    const designation = preview.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Designation/ }) });
    const cell = designation.getByRole('cell').filter({ hasText: 'Senior engineer' });
    expect(await spoken(cell)).toBe(`before: ${was}, after: Senior engineer`);
    expect(await preview.locator('caption').textContent()).toMatch(/values? differs? from what was last synced/);
    await page.screenshot({ path: `${SHOTS}/options-mapping-preview-changes.png`, fullPage: true });
    await page.getByRole('tab', { name: 'History', exact: true }).click();

    await run('Dry run', 'Dry run (nothing written)');
    const row = await openNewest(promoted);
    expect(await row.textContent()).toContain('Planned');
    expect(await changeRead(row, 'Designation')).toBe(`before: ${was}, after: Senior engineer`);
    // The eye sees an arrow between the two values, which a screen reader skips for the words.
    const arrow = row.getByRole('definition').first().getByText('→');
    expect(await arrow.isVisible()).toBe(true);
    expect(await arrow.getAttribute('aria-hidden')).toBe('true');
    expect(sandbox.scim.store.findUsersByExternalId(promoted._id)[0]!.title).toBe(was);
    await page.screenshot({ path: `${SHOTS}/options-dry-run-changes.png`, fullPage: true });
  });

  it('syncs, and the run’s details show the same values before and after', async () => {
    await run('Sync now', 'Succeeded');
    expect(sandbox.scim.store.findUsersByExternalId(promoted._id)[0]!.title).toBe('Senior engineer');
    const row = await openNewest(promoted);
    expect(await row.textContent()).toContain('Done');
    expect(await changeRead(row, 'Designation')).toBe(`before: ${was}, after: Senior engineer`);

    // Markup and a right-to-left override in a value are shown as text, and run nothing.
    const hostile = await openNewest(markup);
    expect(await changeRead(hostile, 'Designation')).toContain(`after: ${MARKUP}`);
    expect(await hostile.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await hostile.locator('bdi').filter({ hasText: 'gnp.exe' }).count()).toBe(1);
  });

  it('exports the run as CSV with a row per changed attribute: its Zoho field, path, before and after', async () => {
    await page.getByLabel('Search users').fill('');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
    expect(header).toEqual(['JumpCloud ID', 'User', 'Action', 'Result', 'Reason', 'Changed', 'Attribute', 'SCIM path', 'Before', 'After', 'Error', 'How to fix']);
    const col = (name: string) => header!.indexOf(name);
    const changeOf = (user: SystemUser) => rows.find((r) => r[0] === user._id && r[col('SCIM path')] === 'title');
    expect(changeOf(promoted)?.slice(col('Action'), col('After') + 1)).toEqual(['update', 'done', '', 'title', 'Designation', 'title', was, 'Senior engineer']);
    // A formula stays text; markup is data, not a page.
    expect(changeOf(formula)?.[col('After')]).toBe(`'${FORMULA}`);
    expect(changeOf(markup)?.[col('After')]).toBe(MARKUP);
    for (const r of rows) expect(r).toHaveLength(header!.length);
    expect(errors).toEqual([]);
  });
});
