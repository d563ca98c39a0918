// npm start: the extension as built, in Chromium, against the sandbox. The four guides are walked
// as an admin walks them (scripts/demo/guides.ts); what they save — the API key JumpCloud
// generated, the Sync endpoint and SCIM token Zoho showed — then makes a preview and a sync from
// the popup. Every step leaves a screenshot in demo-output/report.html, secrets masked, and the
// report's text is checked to hold none. With a display the browser stays open for you to use.
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension } from '../sandbox/chromium';
import { startSandbox } from '../sandbox/index';
import { collectErrors } from '../tests/e2e/console-errors';
import { ask } from '../tests/e2e/extension-messages';
import { configureForZoho } from '../tests/e2e/guide/zoho-journeys';
import { walkGuides } from './demo/guides';
import { assertNoSecrets, Report, type Secret } from './demo/report';

const OUT = resolve(import.meta.dirname, '../demo-output');
const headless = !process.env.DISPLAY;
const started = Date.now();

const sandbox = await startSandbox({ users: 500, https: true });
const https = sandbox.https!;
const browser = await launchWithExtension(https.chromiumArgs, headless);
const errors = collectErrors(browser.context, browser.worker);
const extension = `chrome-extension://${browser.extensionId}`;

/** Every secret of this run: the sandbox's, and each key JumpCloud's console generated. */
const generated = new Set<string>();
const secrets = (): Secret[] => [
  { name: 'the sandbox’s JumpCloud API key', value: sandbox.jumpcloud.apiKey },
  { name: 'the SCIM token', value: sandbox.scim.token },
  ...[...generated].map((value) => ({ name: 'the API key JumpCloud generated', value })),
];

await rm(OUT, { recursive: true, force: true });
await mkdir(OUT, { recursive: true });
const report = new Report(OUT, secrets);
report.head.push(
  `Date: ${new Date().toISOString()}. Chromium ${browser.context.browser()?.version() ?? ''}, extension ${browser.extensionId}, the production build.`,
  `Sandbox: ${sandbox.jumpcloud.directory.users.length} JumpCloud users at ${https.jumpcloudApiBase}; the Zoho Directory store’s SCIM at ${https.syncEndpoint}; the JumpCloud and Zoho consoles are the sandbox’s models of them, under their real hostnames.`,
  'Every click in the guides is the admin’s, on what the guide points at (the guide never clicks for the admin). Secrets on screen are masked in the screenshots.',
);
/** Pages stay open for you with a display; headless, each closes when done with. */
const keep = async (page: Page) => {
  if (headless) await page.close();
};

/** Walks everything into the report; true when the guides' key and target did not make a sync. */
async function demo(): Promise<boolean> {
  const before = report.section('Before setup');
  await report.shoot(before, browser.welcome, 'The welcome page the extension opens on install');
  for (const [caption, url, mark] of [
    ['The JumpCloud console with the assistant’s launcher', 'https://console.jumpcloud.com/#/home', 'jumpcloud'],
    ['Zoho Directory with the assistant’s launcher', 'https://directory.zoho.com/', 'zoho'],
  ] as const) {
    const page = await browser.context.newPage();
    await page.goto(url);
    await page.waitForSelector(`html[data-jumpcloud-zoho-assistant="${mark}"]`);
    await report.shoot(before, page, caption);
    await keep(page);
  }
  const popupBefore = await browser.context.newPage();
  await popupBefore.setViewportSize({ width: 420, height: 360 });
  await popupBefore.goto(`${extension}/popup.html`);
  await popupBefore.getByRole('status').first().waitFor();
  await report.shoot(before, popupBefore, 'The popup before setup', { fullPage: true });
  await keep(popupBefore);

  // The mapping and the groups, as the admin sets them on the settings page, for the guides to fill.
  const control = await browser.context.newPage();
  await control.goto(`${extension}/popup.html`);
  const groups = sandbox.jumpcloud.directory.groups.slice(0, 2);
  await configureForZoho(control, groups.map((g) => g.id));
  before.notes.push(`Set on the settings page before the guides: Country a hard-coded value, Employee ID the custom attribute employeeNumber, the groups ${groups.map((g) => g.name).join(' and ')}, a daily schedule.`);

  const { walks } = await walkGuides(browser.context, sandbox, report, groups.map((g) => g.name), { secrets, learnt: (key) => generated.add(key), keep });

  // The real result: what the guides saved makes a preview and a sync.
  const { data: status } = await ask<{ missing: string[] }>(control, { type: 'status' });
  const result = report.section('Preview and sync from the popup', [
    status!.missing.length
      ? `Still missing after the guides: ${status!.missing.join(', ')}.`
      : 'Nothing missing: the API key came from the API-key guide, the Sync endpoint and SCIM token from the Zoho SCIM guide (encrypted at rest).',
  ]);
  for (const [caption, button, done] of [
    ['Preview from the popup', 'Preview changes', /^Would create/],
    ['Sync from the popup', 'Sync now', /^\d+ created/],
  ] as const) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 420, height: 420 });
    await page.goto(`${extension}/popup.html`);
    await page.getByRole('button', { name: button }).click();
    await page.getByText(done).waitFor({ timeout: 120_000 });
    await report.shoot(result, page, caption, { fullPage: true });
    await keep(page);
  }
  const runs = (await ask<{ trigger: string; status: string; counts: Record<string, number> }[]>(control, { type: 'runs.list' })).data ?? [];
  result.table = { head: ['trigger', 'status', 'created', 'updated', 'unchanged', 'skipped'], rows: runs.map((r) => [r.trigger, r.status, r.counts.created ?? 0, r.counts.updated ?? 0, r.counts.unchanged ?? 0, r.counts.skipped ?? 0]) };
  const synced = runs.find((r) => r.status === 'succeeded' && (r.counts.created ?? 0) > 0);
  result.notes.push(`The sandbox’s Zoho Directory store now holds ${sandbox.scim.store.userCount} users.`);

  const settings = report.section('The settings page after the run');
  for (const tab of ['Connection', 'Field mapping', 'Settings', 'History', 'Backup']) {
    const page = await browser.context.newPage();
    await page.goto(`${extension}/options.html`);
    await page.getByRole('tab', { name: tab }).click();
    await page.getByRole('tabpanel').waitFor();
    await report.shoot(settings, page, `Settings: ${tab}`, { fullPage: true });
    await keep(page);
  }
  report.section('Console errors', errors.length ? errors : ['None: no page, frame or the service worker printed an error.']);

  const path = await report.write();
  const seconds = Math.round((Date.now() - started) / 1000);
  const summary = [
    `Demo (${headless ? 'headless' : 'with a display'}): the production build in Chromium against the sandbox (${sandbox.jumpcloud.directory.users.length} JumpCloud users).`,
    ...walks.map((w) => `  ${w.title}: ${w.steps} steps, ${w.clicks} clicks, ${w.typed} typed, ${w.secretsByHand} secrets by hand; ${w.shots} screenshots${w.masked ? ` (${w.masked} with a secret masked)` : ''}`),
    `  Missing after the guides: ${status!.missing.length ? status!.missing.join(', ') : 'nothing'}`,
    ...runs.map((r) => `  Run (${r.trigger}): ${r.status}, ${r.counts.created ?? 0} created, ${r.counts.updated ?? 0} updated, ${r.counts.unchanged ?? 0} unchanged, ${r.counts.skipped ?? 0} skipped`),
    `  The Zoho Directory store holds ${sandbox.scim.store.userCount} users. Console errors: ${errors.length}.`,
    `  No secret in the report's text or this summary; ${report.sections.reduce((n, s) => n + s.shots.length, 0)} screenshots, secrets masked.`,
    `Report: ${path} (${seconds} s)`,
  ].join('\n');
  assertNoSecrets(summary, secrets(), 'The summary');
  console.log(summary);

  const failed = status!.missing.length > 0 || !synced || sandbox.scim.store.userCount === 0;
  if (failed) console.error('The guides’ key and target did not make a sync: see the report.');
  return failed;
}

let failed = true;
try {
  failed = await demo();
} catch (e) {
  // What went wrong, and the report as far as it got; neither may show a secret.
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  try {
    assertNoSecrets(message, secrets(), 'The error');
    console.error(message);
  } catch {
    console.error('The demo failed with an error that names a secret; it is not printed.');
  }
  await report.write().then((path) => console.error(`Report so far: ${path}`), (w: unknown) => console.error(String(w)));
}

if (headless) {
  await browser.close();
  await sandbox.close();
  process.exitCode = failed ? 1 : 0;
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
