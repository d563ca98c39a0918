// Every end-to-end file starts the same way: the sandbox behind HTTPS, Chromium with the
// production build mapped onto it, and a collector of every console error.
import { launchWithExtension, type LaunchedExtension } from '@/sandbox/chromium';
import { startSandbox, type ConsoleFixture, type Sandbox, type ZohoFixture } from '@/sandbox/index';
import { collectErrors } from './console-errors';

export async function openExtension(
  users: number,
  consoleFixture?: ConsoleFixture,
  zohoFixture?: ZohoFixture,
): Promise<{ sandbox: Sandbox; browser: LaunchedExtension; errors: string[] }> {
  const sandbox = await startSandbox({ users, https: true, ...(consoleFixture ? { consoleFixture } : {}), ...(zohoFixture ? { zohoFixture } : {}) });
  const browser = await launchWithExtension(sandbox.https!.chromiumArgs);
  return { sandbox, browser, errors: collectErrors(browser.context, browser.worker) };
}
