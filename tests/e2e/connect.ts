// Both sides set up as the options page sets them, through the extension's own protocol: the
// JumpCloud API key, the Sync endpoint, then the SCIM token (kept for the endpoint saved before it).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LaunchedExtension } from '@/sandbox/chromium';
import type { Sandbox } from '@/sandbox/index';
import { ask } from './extension-messages';

export async function connect(page: Page, sandbox: Sandbox): Promise<void> {
  expect(await ask(page, { type: 'secret.save', name: 'jumpcloudApiKey', value: sandbox.jumpcloud.apiKey })).toMatchObject({ ok: true });
  const { data } = await ask<{ config: { target: object } }>(page, { type: 'config.get' });
  const config = { ...data!.config, target: { ...data!.config.target, syncEndpoint: sandbox.https!.syncEndpoint } };
  expect(await ask(page, { type: 'config.save', config })).toMatchObject({ ok: true });
  expect(await ask(page, { type: 'secret.save', name: 'scimToken', value: sandbox.scim.token })).toMatchObject({ ok: true });
}

/** The popup at the size the toolbar gives it, once it has drawn. */
export async function openPopup(browser: Pick<LaunchedExtension, 'context' | 'extensionId'>): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 420, height: 480 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.getByRole('heading', { name: 'JumpCloud assistant for Zoho Directory' }).waitFor();
  return popup;
}
