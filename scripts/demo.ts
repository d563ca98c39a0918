// npm start: the extension as built, in Chromium, against the sandbox. With a display the browser
// stays open for you to use; without one the same journey runs headless and leaves screenshots
// and a report in demo-output/.
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension } from '../sandbox/chromium';
import { startSandbox } from '../sandbox/index';

const OUT = resolve(import.meta.dirname, '../demo-output');
const headless = !process.env.DISPLAY;

const sandbox = await startSandbox({ users: 500, https: true });
const https = sandbox.https!;
const browser = await launchWithExtension(https.chromiumArgs, headless);
const report: string[] = [
  '# Demo run',
  '',
  `- Date: ${new Date().toISOString()}`,
  `- Chromium ${browser.context.browser()?.version() ?? ''}, extension id ${browser.extensionId}`,
  `- Sandbox: ${sandbox.jumpcloud.directory.users.length} JumpCloud users at ${https.jumpcloudApiBase}; SCIM at ${https.syncEndpoint}`,
  '',
];

async function step(title: string, file: string, open: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await open(page);
  if (headless) await page.screenshot({ path: resolve(OUT, file), fullPage: true });
  report.push(`## ${title}`, '', `![${title}](${file})`, '', errors.length ? `Errors: ${errors.join('; ')}` : 'No errors.', '');
  if (headless) await page.close();
}

await mkdir(OUT, { recursive: true });
await step('JumpCloud console with the assistant present', 'jumpcloud-console.png', async (page) => {
  await page.goto('https://console.jumpcloud.com/#/home');
  await page.waitForSelector('html[data-jumpcloud-zoho-assistant="jumpcloud"]');
});
await step('Zoho Directory store page', 'zoho-directory.png', async (page) => {
  await page.goto('https://directory.zoho.com/');
  await page.waitForSelector('html[data-jumpcloud-zoho-assistant="zoho"]');
});
await step('Popup before setup', 'popup-new.png', async (page) => {
  await page.setViewportSize({ width: 420, height: 360 });
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await page.getByRole('status').first().waitFor();
});

// The main job: connect the extension to the sandbox's JumpCloud and Zoho Directory store (as the
// settings page does, through the background's protocol), preview, then sync from the popup.
const control = await browser.context.newPage();
await control.goto(`chrome-extension://${browser.extensionId}/popup.html`);
const ask = (request: unknown) => control.evaluate((r) => chrome.runtime.sendMessage(r), request) as Promise<{ ok: boolean; data?: never; error?: string }>;
await ask({ type: 'secret.save', name: 'jumpcloudApiKey', value: sandbox.jumpcloud.apiKey });
const current = (await ask({ type: 'config.get' })).data as unknown as { config: { target: object } };
await ask({ type: 'config.save', config: { ...current.config, target: { ...current.config.target, syncEndpoint: https.syncEndpoint } } });
// The token is kept for the endpoint saved before it.
await ask({ type: 'secret.save', name: 'scimToken', value: sandbox.scim.token });
report.push(`Connected to the sandbox: API key and SCIM token saved (encrypted), Sync endpoint ${https.syncEndpoint}.`, '');

for (const [title, file, button, done] of [
  ['Preview from the popup', 'popup-preview.png', 'Preview changes', /^Would create/],
  ['Sync from the popup', 'popup-synced.png', 'Sync now', /^\d+ created/],
] as const) {
  await step(title, file, async (page) => {
    await page.setViewportSize({ width: 420, height: 420 });
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await page.getByRole('button', { name: button }).click();
    await page.getByText(done).waitFor({ timeout: 120_000 });
  });
}
const runs = (await ask({ type: 'runs.list' })).data as unknown as { trigger: string; status: string; counts: Record<string, number> }[];
report.push('## Runs', '', '| trigger | status | created | updated | unchanged | skipped |', '| --- | --- | --- | --- | --- | --- |');
for (const r of runs) report.push(`| ${r.trigger} | ${r.status} | ${r.counts.created} | ${r.counts.updated} | ${r.counts.unchanged} | ${r.counts.skipped} |`);
report.push('', `The sandbox's Zoho Directory store now holds ${sandbox.scim.store.userCount} users.`, '');

for (const tab of ['Connection', 'Field mapping', 'Settings', 'History', 'Backup']) {
  await step(`Settings: ${tab}`, `options-${tab.toLowerCase().replace(/\s+/g, '-')}.png`, async (page) => {
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.getByRole('tab', { name: tab }).click();
    await page.getByRole('tabpanel').waitFor();
  });
}

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

if (headless) {
  await writeFile(resolve(OUT, 'report.md'), report.join('\n'));
  console.log(`No display: ran headless. Screenshots and report in ${OUT}/report.md`);
  await browser.close();
  await sandbox.close();
} else {
  console.log('Chromium is open with the extension loaded against the sandbox. Press Ctrl-C to stop.');
  const stop = async () => {
    await browser.close();
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  browser.context.on('close', () => void stop());
}
