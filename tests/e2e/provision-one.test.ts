// Provisioning one user from the options page, on the production build in Chromium against the
// sandbox: a check that shows each step and the request it would send while the directory stays
// empty, the provisioning that sends it (the user arrives with the mapped attributes), an unknown
// email said in words, the whole form worked from the keyboard — and no secret on the page.
import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import { openExtension } from './open-extension';
import { ask } from './extension-messages';
import { connect } from './connect';

const SHOTS = 'test-results/screenshots';
let sandbox: Sandbox;
let browser: LaunchedExtension;
let errors: string[];
let page: Page;

const active = () => sandbox.jumpcloud.directory.users.filter((u) => u.state === 'ACTIVATED' && u.email.trim() !== '');
const field = () => page.getByRole('textbox', { name: 'Email or JumpCloud user ID' });
const checkButton = () => page.getByRole('button', { name: 'Check', exact: true });
const provisionButton = () => page.getByRole('button', { name: 'Provision this user' });
const steps = () => page.getByRole('list', { name: /^(Check|Provisioning) of / });
const step = (name: string): Locator => steps().getByRole('listitem').filter({ hasText: name });

/** Nothing on the page, rendered or in the markup, is a secret the sandbox handed the extension. */
async function expectNoSecrets(): Promise<void> {
  const { html, text } = await page.evaluate(() => ({ html: document.documentElement.outerHTML, text: document.body.innerText }));
  for (const shown of [html, text]) {
    expect(shown).not.toContain(sandbox.jumpcloud.apiKey);
    expect(shown).not.toContain(sandbox.scim.token);
    expect(shown).not.toMatch(/Bearer\s+\S/i);
    expect(shown).not.toMatch(/x-api-key/i);
  }
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  ({ sandbox, browser, errors } = await openExtension(40));
  page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`chrome-extension://${browser.extensionId}/options.html#history`);
  await connect(page, sandbox);
  await page.reload();
  await page.getByRole('tabpanel', { name: 'History' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

describe('provisioning one user from the options page', () => {
  it('checks a user, showing every step and the request it would send, writing nothing', async () => {
    const user = active()[0]!;
    await field().waitFor();
    expect(await provisionButton().isDisabled()).toBe(true);
    await field().fill(user.email);
    await checkButton().click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Checked / }).textContent(), { timeout: 30_000 }).toMatch(/Would be created.*Nothing was written/);
    expect(await steps().getByRole('listitem').count()).toBe(5);
    for (const [name, detail] of [
      ['Read from JumpCloud', `Read ${user.email}`],
      ['Sync criteria', 'In scope'],
      ['Field mapping', `userName = "${user.email.toLowerCase()}"`],
      ['Match in Zoho Directory', 'Not in the directory yet'],
      ['Action', 'Would be created'],
    ] as const) {
      expect(await step(name).textContent()).toContain('Passed');
      expect(await step(name).textContent()).toContain(detail);
    }
    await page.getByRole('heading', { name: 'SCIM request that would be sent' }).waitFor();
    expect(await page.locator('code.provision-request-line').textContent()).toBe('POST /Users');
    const body = JSON.parse((await page.getByLabel('Body of POST /Users').textContent())!) as Record<string, unknown>;
    expect(body).toMatchObject({ userName: user.email.toLowerCase(), externalId: user._id, name: { givenName: user.firstname, familyName: user.lastname } });
    await expectNoSecrets();
    expect(sandbox.scim.store.userCount).toBe(0);
    expect((await ask<unknown[]>(page, { type: 'runs.list' })).data).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/options-provision-check.png`, fullPage: true });
  });

  it('provisions the checked user: it arrives with the mapped attributes, recorded in the history', async () => {
    const user = active()[0]!;
    expect(await provisionButton().isEnabled()).toBe(true);
    await provisionButton().click();
    await expect.poll(() => step('Action').textContent(), { timeout: 30_000 }).toContain('Created in the directory');
    await page.getByRole('heading', { name: 'SCIM request sent' }).waitFor();
    const [created] = sandbox.scim.store.findUsersByExternalId(user._id);
    expect(created).toMatchObject({ userName: user.email.toLowerCase(), active: true, name: { givenName: user.firstname, familyName: user.lastname } });
    expect(sandbox.scim.store.userCount).toBe(1);
    await expectNoSecrets();
    // Recorded where runs are: the history below lists it as one user.
    const history = page.getByRole('tabpanel', { name: 'History' });
    await expect.poll(() => history.getByRole('row').nth(1).textContent()).toMatch(/One user.*Succeeded/);
    // Provisioning again needs a new check; that check finds nothing to send.
    expect(await provisionButton().isDisabled()).toBe(true);
    await checkButton().click();
    await expect.poll(() => step('Action').textContent(), { timeout: 30_000 }).toContain('Nothing to change');
    expect(await provisionButton().isDisabled()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/options-provision-done.png`, fullPage: true });
  });

  it('says in words that JumpCloud has no such user, and what to do', async () => {
    await field().fill('nobody@nowhere.example');
    await checkButton().click();
    const alert = page.getByRole('alert').filter({ hasText: 'nobody@nowhere.example' });
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toMatch(/JumpCloud has no user with the email nobody@nowhere\.example.*How to fix:.*JumpCloud ID/s);
    expect(await step('Read from JumpCloud').textContent()).toContain('Stopped here');
    expect(await step('Action').textContent()).toContain('Not reached');
    expect(await provisionButton().isDisabled()).toBe(true);
    expect(await page.getByText('The check stopped, so there is nothing to provision').count()).toBe(1);
    expect(sandbox.scim.store.userCount).toBe(1);
  });

  it('works from the keyboard: type, Enter to check, Tab to provision, Enter to send', async () => {
    const user = active()[1]!;
    await field().focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(user._id);
    await page.keyboard.press('Enter');
    await expect.poll(() => step('Action').textContent(), { timeout: 30_000 }).toContain('Would be created');
    expect(sandbox.scim.store.findUsersByExternalId(user._id)).toHaveLength(0);
    // From the field: Check, then Provision this user.
    await field().focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Check');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Provision this user');
    await page.keyboard.press('Enter');
    await expect.poll(() => step('Action').textContent(), { timeout: 30_000 }).toContain('Created in the directory');
    expect(sandbox.scim.store.findUsersByExternalId(user._id)).toHaveLength(1);
    // The request's body can be reached and scrolled from the keyboard too.
    await page.getByLabel('Body of POST /Users').focus();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('PRE');
    await expectNoSecrets();
  });

  it('says why a staged user is out of scope, and refuses an email two JumpCloud users share', async () => {
    const staged = sandbox.jumpcloud.directory.users.find((u) => u.state === 'STAGED')!;
    await field().fill(staged._id);
    await checkButton().click();
    await expect.poll(() => step('Sync criteria').textContent(), { timeout: 30_000 }).toMatch(/Out of scope.*staged/s);
    expect(await step('Action').textContent()).toContain('Not reached');
    expect(await provisionButton().isDisabled()).toBe(true);

    // JumpCloud keeps emails unique, but an answer may still name two: neither is acted on.
    const user = active()[2]!;
    sandbox.jumpcloud.directory.pushGenerated({ ...user, _id: 'f'.repeat(24), username: 'twin' });
    await field().fill(user.email);
    await checkButton().click();
    const alert = page.getByRole('alert').filter({ hasText: '2 users have that email address' });
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toMatch(/nothing was sent.*How to fix:.*JumpCloud user ID/s);
    expect(await provisionButton().isDisabled()).toBe(true);
    expect(sandbox.scim.store.findUsersByExternalId(user._id)).toHaveLength(0);
    sandbox.jumpcloud.directory.removeUser('f'.repeat(24));
  });

  it('keeps a held sync’s confirmation in view after one user is provisioned', async () => {
    const history = page.getByRole('tabpanel', { name: 'History' });
    await history.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => history.getByRole('row').nth(1).textContent(), { timeout: 60_000 }).toMatch(/Sync now.*Succeeded/);
    // More users gone than the threshold lets go: the next sync holds the removals.
    const gone = active().slice(3, 9);
    for (const u of gone) sandbox.jumpcloud.directory.removeUser(u._id);
    await history.getByRole('button', { name: 'Sync now' }).click();
    const banner = page.getByText('The last sync held removals back.');
    await expect.poll(() => banner.count(), { timeout: 60_000 }).toBe(1);

    const newcomer = sandbox.jumpcloud.directory.addUser({ username: 'on.demand', firstname: 'Onde', lastname: 'Mand' });
    await field().fill(newcomer.email);
    await checkButton().click();
    await expect.poll(() => provisionButton().isEnabled(), { timeout: 30_000 }).toBe(true);
    await provisionButton().click();
    await expect.poll(() => step('Action').textContent(), { timeout: 30_000 }).toContain('Created in the directory');
    await expect.poll(() => history.getByRole('row').nth(1).textContent()).toMatch(/One user/);
    expect(await banner.count()).toBe(1);
    for (const u of gone) expect(sandbox.scim.store.findUsersByExternalId(u._id)[0]!.active).toBe(true);
    await page.screenshot({ path: `${SHOTS}/options-provision-held-sync.png`, fullPage: true });
  });

  it('printed no error in any console', () => {
    expect(errors).toEqual([]);
  });
});
