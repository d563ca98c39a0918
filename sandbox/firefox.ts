// Finds the Firefox the Firefox tests drive and starts it with the production build installed and
// the sandbox's host names routed to it: the counterpart of chromium.ts. Firefox has no
// --host-resolver-rules, so a small proxy on loopback sends the real host names to the HTTPS
// front (every other host is refused), and acceptInsecureCerts accepts the sandbox's certificate
// for pages and the extension's background alike. Playwright's Firefox is a patched build that
// cannot be installed here; puppeteer-core drives a stock Firefox over WebDriver BiDi instead.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error('Firefox was not found. Install it (Debian: apt-get install firefox-esr) or set FIREFOX_PATH to its executable.');
  }
  return found;
}

export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../.output/firefox-mv3');

/** Where the HTTPS front listens, and the host names it answers for. */
export interface HostMap {
  hosts: string[];
  port: number;
}

/**
 * An HTTP proxy that tunnels CONNECT requests for the mapped hosts (port 443) to the HTTPS
 * front and refuses everything else, so Firefox reaches nothing but the sandbox.
 */
export async function startHostProxy(map: HostMap): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((_req, res) => res.writeHead(403).end());
  server.on('connect', (req, client, head) => {
    const [host, port] = (req.url ?? '').split(':');
    if (!host || !map.hosts.includes(host.toLowerCase()) || port !== '443') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(map.port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export interface LaunchedFirefox {
  browser: Browser;
  /** The add-on id from the manifest (browser_specific_settings.gecko.id). */
  addonId: string;
  /** moz-extension://<uuid>: fixed for this launch, so a test knows the extension's pages. */
  origin: string;
  /** The welcome the extension opened on install: an extension page the tests may drive. */
  welcome: Page;
  /**
   * Stops the extension's background (an event page) as Firefox does when it is idle, through
   * the same call as about:debugging's "Terminate Background Script".
   */
  terminateBackground(): Promise<void>;
  /**
   * What the extension reported as errors so far, from its background, its pages and its
   * content scripts (WebDriver BiDi leaves extension contexts out of its log events).
   */
  extensionErrors(): Promise<string[]>;
  /** Whether the background is running now ('running', 'stopped', …, as Firefox names it). */
  backgroundState(): Promise<string>;
  close(): Promise<void>;
}

/** The location of a page as the page itself sees it (Puppeteer's url() lags for extension tabs over BiDi). */
export const locationOf = (page: Page): Promise<string> => page.evaluate(() => location.href).catch(() => '');

/** Starts Firefox with the production build installed, routed to `map`, and waits for the welcome it opens. */
export async function launchFirefoxWithExtension(map: HostMap, headless = true): Promise<LaunchedFirefox> {
  const manifestFile = join(FIREFOX_EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`No production build at ${FIREFOX_EXTENSION_DIR}; run "npm run build" first.`);
  const addonId = (JSON.parse(readFileSync(manifestFile, 'utf8')) as { browser_specific_settings: { gecko: { id: string } } })
    .browser_specific_settings.gecko.id;
  const uuid = randomUUID();
  const proxy = await startHostProxy(map);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless,
    acceptInsecureCerts: true,
    defaultViewport: { width: 1280, height: 800 },
    // System access lets a test reach Firefox's own machinery: the add-on manager (to stop the
    // background) and the console of every process (to collect the extension's errors).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.no_proxies_on': '',
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }),
    },
  });
  const origin = `moz-extension://${uuid}`;
  try {
    const chrome = chromeScope(browser);
    await chrome(collectErrors(origin, addonId));
    await browser.installExtension(FIREFOX_EXTENSION_DIR);
    const welcome = await waitForPage(browser, (href) => href === `${origin}/setup.html`);
    const policy = `WebExtensionPolicy.getByID(${JSON.stringify(addonId)})`;
    return {
      browser,
      addonId,
      origin,
      welcome,
      terminateBackground: async () => {
        await chrome(`(async () => {
          const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
          await ExtensionParent.DebugUtils.terminateBackgroundScript(${JSON.stringify(addonId)});
        })()`);
      },
      backgroundState: async () => String(await chrome(`${policy}.extension.backgroundState`)),
      extensionErrors: async () => JSON.parse(String(await chrome('JSON.stringify(globalThis.extensionErrors)'))) as string[],
      close: async () => {
        await browser.close();
        await proxy.close();
      },
    };
  } catch (e) {
    await browser.close();
    await proxy.close();
    throw e;
  }
}

/** Waits (up to `timeoutMs`) for a tab whose location matches, and returns it. */
export async function waitForPage(browser: Browser, matches: (href: string) => boolean, timeoutMs = 30_000): Promise<Page> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    for (const page of await browser.pages()) if (matches(await locationOf(page))) return page;
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new Error('No tab opened at the expected location');
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}

/** The raw WebDriver BiDi connection under Puppeteer's Browser (BidiBrowser.connection). */
export function bidi(browser: Browser): BidiConnection {
  return (browser as unknown as { connection: BidiConnection }).connection;
}

/** Evaluates an expression in Firefox's own (chrome) window: needs --remote-allow-system-access. */
function chromeScope(browser: Browser): (expression: string) => Promise<unknown> {
  return async (expression) => {
    const tree = await bidi(browser).send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const [top] = tree.result.contexts as { context: string }[];
    const { result } = await bidi(browser).send('script.evaluate', { expression, target: { context: top!.context }, awaitPromise: true });
    if (result.type === 'exception') throw new Error(`Firefox refused: ${JSON.stringify(result.exceptionDetails)}`);
    return (result.result as { value?: unknown }).value;
  };
}

/**
 * Run in Firefox's chrome window: keeps every error (thrown, or written with console.error) that
 * comes from the extension (its pages, its background, its files), in globalThis.extensionErrors.
 */
function collectErrors(origin: string, addonId: string): string {
  // console.error is kept by the console store of the process it runs in (the extension's own, or
  // a tab's for a content script), which the parent does not see: a process script listens in
  // every child process and sends the errors up.
  const inEachProcess = `
    const origin = ${JSON.stringify(origin)};
    const addonId = ${JSON.stringify(addonId)};
    const storage = Cc['@mozilla.org/consoleAPI-storage;1'].getService(Ci.nsIConsoleAPIStorage);
    storage.addLogEventListener((event) => {
      const m = event.wrappedJSObject ?? event;
      if (m.level === 'error' && (m.addonId === addonId || String(m.filename).startsWith(origin))) {
        sendAsyncMessage('extension-errors:console', m.filename + ': ' + Array.from(m.arguments ?? [], String).join(' '));
      }
    }, Services.scriptSecurityManager.getSystemPrincipal());`;
  return `(() => {
    const origin = ${JSON.stringify(origin)};
    const errors = (globalThis.extensionErrors = []);
    const quiet = Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag;
    Services.console.registerListener({
      observe(m) {
        if (m instanceof Ci.nsIScriptError && !(m.flags & quiet) && String(m.sourceName).startsWith(origin)) {
          errors.push(m.sourceName + ': ' + m.errorMessage);
        }
      },
    });
    Services.ppmm.addMessageListener('extension-errors:console', ({ data }) => errors.push(data));
    Services.ppmm.loadProcessScript('data:application/javascript,' + encodeURIComponent(${JSON.stringify(inEachProcess)}), true);
  })()`;
}
