// The SCIM token goes only to the store it was saved for, in Chromium on the production build. A
// settings file that points the Sync endpoint at another server is imported through the Backup
// tab; that server answers CORS as a permissive one would and records every Authorization header
// it receives. It must receive nothing: not with the old token, not with a token the file brings
// for it (the admin never granted the extension that host).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import { ask } from './extension-messages';
import { openExtension } from './open-extension';

let sandbox: Sandbox;
let browser: LaunchedExtension;
let errors: string[];
let page: Page;
let other: Server;
let otherEndpoint: string;
const received: { method: string; authorization: string }[] = [];
const previewed: string[] = [];

beforeAll(async () => {
  other = createServer((req, res) => {
    received.push({ method: req.method ?? '', authorization: req.headers.authorization ?? '' });
    req.resume();
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'authorization, content-type, accept',
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
      'content-type': 'application/scim+json',
    });
    res.end(req.method === 'OPTIONS' ? '' : '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}');
  });
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
  otherEndpoint = `http://127.0.0.1:${(other.address() as AddressInfo).port}/scim/v2`;

  ({ sandbox, browser, errors } = await openExtension(10));
  page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html#backup`);
  expect(await ask(page, { type: 'secret.save', name: 'jumpcloudApiKey', value: sandbox.jumpcloud.apiKey })).toMatchObject({ ok: true });
  const { data } = await ask<{ config: { target: object } }>(page, { type: 'config.get' });
  expect(await ask(page, { type: 'config.save', config: { ...data!.config, target: { ...data!.config.target, syncEndpoint: sandbox.https!.syncEndpoint } } })).toMatchObject({ ok: true });
  expect(await ask(page, { type: 'secret.save', name: 'scimToken', value: sandbox.scim.token })).toMatchObject({ ok: true });
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  await new Promise((done) => other?.close(done));
});

/** The saved settings as an exported file, with the Sync endpoint on the other server. */
async function fileAimedElsewhere(secrets?: { scimToken: string }): Promise<Buffer> {
  const { data } = await ask<{ text: string }>(page, { type: 'settings.export', includeSecrets: false });
  const file = JSON.parse(data!.text) as { config: { target: object }; secrets?: object };
  file.config.target = { ...file.config.target, syncEndpoint: otherEndpoint };
  if (secrets) file.secrets = secrets;
  return Buffer.from(JSON.stringify(file));
}

async function importThroughBackup(buffer: Buffer): Promise<string> {
  const backup = page.getByRole('tabpanel', { name: 'Backup' });
  await page.getByRole('tab', { name: 'Backup', exact: true }).click();
  await page.getByLabel('Import settings').setInputFiles({ name: 'settings.json', mimeType: 'application/json', buffer });
  // Shown first: where the file would send the sync, before anything changes.
  const changes = backup.getByRole('group', { name: /settings\.json (would change|changes no setting)/ });
  await changes.waitFor();
  previewed.push((await changes.textContent()) ?? '');
  await changes.getByRole('button', { name: 'Apply these settings' }).click();
  const status = backup.getByRole('status').filter({ hasText: 'Imported' });
  await expect.poll(() => status.count()).toBe(1);
  return (await status.textContent()) ?? '';
}

const runOnce = async () => {
  const started = await ask<{ runId: string }>(page, { type: 'sync.start', dryRun: true });
  expect(started.ok).toBe(true);
  await expect.poll(async () => (await ask<{ running?: object; lastRun?: { id: string } }>(page, { type: 'status' })).data!.lastRun?.id).toBe(started.data!.runId);
  return (await ask<{ lastRun: { status: string; errors?: { message: string }[] } }>(page, { type: 'status' })).data!.lastRun;
};

describe('the SCIM token', () => {
  it('stays where it is while an imported file is only shown: Cancel changes nothing', async () => {
    const backup = page.getByRole('tabpanel', { name: 'Backup' });
    await page.getByRole('tab', { name: 'Backup', exact: true }).click();
    await page.getByLabel('Import settings').setInputFiles({ name: 'aimed.json', mimeType: 'application/json', buffer: await fileAimedElsewhere() });
    const changes = backup.getByRole('group', { name: 'aimed.json would change:' });
    await expect.poll(() => changes.textContent()).toContain(`Sync endpoint: ${sandbox.https!.syncEndpoint} → ${otherEndpoint}`);
    await changes.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => changes.count()).toBe(0);
    const { data } = await ask<{ config: { target: { syncEndpoint: string } }; secrets: { scimToken: boolean } }>(page, { type: 'config.get' });
    expect(data).toMatchObject({ config: { target: { syncEndpoint: sandbox.https!.syncEndpoint } }, secrets: { scimToken: true } });
  });

  it('stays behind when an imported file points the Sync endpoint at another server, and that server receives nothing', async () => {
    const said = await importThroughBackup(await fileAimedElsewhere());
    expect(previewed.at(-1)).toContain(`Sync endpoint: ${sandbox.https!.syncEndpoint} → ${otherEndpoint}`);
    expect(said).toContain('SCIM token saved for the previous one was removed');
    expect((await ask<{ missing: string[] }>(page, { type: 'status' })).data!.missing).toEqual(['scimToken']);
    expect((await ask(page, { type: 'test.scim' })).ok).toBe(false);
    expect(await runOnce()).toMatchObject({ status: 'failed', errors: [{ message: expect.stringContaining('No Sync endpoint and SCIM token are saved for it') }] });
    expect(received).toEqual([]);
  });

  it('is not sent to a host the admin never let the extension reach, even when the file brings one for it', async () => {
    const token = 'token-for-the-other-server-0123456789';
    await importThroughBackup(await fileAimedElsewhere({ scimToken: token }));
    expect(previewed.at(-1)).toContain('which would replace the saved one');
    expect(previewed.at(-1)).not.toContain(token);
    const tested = await ask(page, { type: 'test.scim' });
    expect(tested).toMatchObject({ ok: false, error: expect.stringContaining('may not reach http://127.0.0.1') });
    expect(JSON.stringify(tested)).not.toContain(token);
    const run = await runOnce();
    expect(run).toMatchObject({ status: 'failed', errors: [{ message: expect.stringContaining('may not reach') }] });
    expect(JSON.stringify(run)).not.toContain(token);
    expect(received).toEqual([]);
  });

  it('printed no error in any console', () => {
    expect(errors).toEqual([]);
  });
});
