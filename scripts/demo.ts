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
await step('Popup', 'popup.png', async (page) => {
  await page.setViewportSize({ width: 400, height: 300 });
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await page.getByRole('status').waitFor();
});
await step('Options', 'options.png', async (page) => {
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.getByRole('status').waitFor();
});

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
