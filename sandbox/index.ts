// The whole sandbox in one call: the fake JumpCloud API and the SCIM directory on plain loopback
// ports (for the engine's own tests and the benchmark) and, optionally, both again behind HTTPS
// under their real host names (for the built extension in Chromium). Both views share one
// directory and one SCIM store, so what the browser writes the tests can read.
import { resolve } from 'node:path';
import { generateDirectory, type JumpCloudDirectory } from './jumpcloud/directory';
import { createJumpCloudHandler, SANDBOX_API_KEY, SANDBOX_ORG_ID, serveSafely, type JumpCloudHandler } from './jumpcloud/server';
import { listenOnLoopback } from './loopback';
import { createScimApp, SANDBOX_SCIM_TOKEN, type ScimApp } from './scim/server';
import { startHttpsFront, type HttpsFront } from './https-front';
import { RequestLog } from './request-log';

export { SANDBOX_API_KEY, SANDBOX_ORG_ID, SANDBOX_SCIM_TOKEN };

/** Where the sandbox's Zoho store serves SCIM, on the Zoho host: a Sync-endpoint-like path. */
export const SCIM_BASE_PATH = '/api/v1/scim';
export const SANDBOX_JUMPCLOUD_HOSTS = ['console.jumpcloud.com', 'console.eu.jumpcloud.com'];
export const SANDBOX_ZOHO_HOSTS = ['directory.zoho.com', 'one.zoho.com'];
const FIXTURES = resolve(import.meta.dirname, '../tests/fixtures');
/** Two models of the JumpCloud console with the same words and different markup. */
export type ConsoleFixture = 'jumpcloud-console' | 'jumpcloud-console-next';
/** Two models of the Zoho console, written apart from each other (and the second apart from the guide). */
export type ZohoFixture = 'zoho-console' | 'zoho-console-next';

export interface SandboxOptions {
  users?: number;
  groups?: number;
  seed?: number;
  /** Also serve both behind HTTPS under the real host names. */
  https?: boolean;
  /** Which model of the JumpCloud console the HTTPS front serves (tests/fixtures/…). */
  consoleFixture?: ConsoleFixture;
  /** Which model of the Zoho console it serves under Zoho's hosts. */
  zohoFixture?: ZohoFixture;
  jumpcloudPort?: number;
  scimPort?: number;
  httpsPort?: number;
}

export interface Sandbox {
  jumpcloud: {
    /** e.g. http://127.0.0.1:PORT/api */
    apiBase: string;
    apiKey: string;
    orgId: string;
    directory: JumpCloudDirectory;
    handler: JumpCloudHandler;
  };
  scim: {
    /** The Sync endpoint on plain loopback, e.g. http://127.0.0.1:PORT/api/v1/scim */
    syncEndpoint: string;
    token: string;
  } & Omit<ScimApp, 'app'>;
  https?: HttpsFront & {
    jumpcloudApiBase: string;
    syncEndpoint: string;
  };
  /** What the loopback servers were asked while a recording runs (not the HTTPS front). */
  requests: RequestLog;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const directory = generateDirectory({ users: options.users ?? 200, groups: options.groups, seed: options.seed ?? 1 });
  const apiKeys = [{ key: SANDBOX_API_KEY }];
  const jc = createJumpCloudHandler({ directory, apiKeys });
  const requests = new RequestLog();
  const scim = createScimApp({ token: SANDBOX_SCIM_TOKEN, basePath: SCIM_BASE_PATH, onRequest: (r) => requests.record(r) });

  const jcServer = await listenOnLoopback((req, res) => {
    requests.arrived('jumpcloud', req.method, res);
    requests.record({ server: 'jumpcloud', method: req.method ?? 'GET', url: req.url ?? '/' });
    serveSafely(jc, req, res);
  }, options.jumpcloudPort);
  const scimServer = await listenOnLoopback((req, res) => {
    requests.arrived('scim', req.method, res);
    scim.app(req, res);
  }, options.scimPort);

  let https: Sandbox['https'];
  if (options.https) {
    const zohoHost = SANDBOX_ZOHO_HOSTS[0]!;
    const syncEndpoint = `https://${zohoHost}${SCIM_BASE_PATH}`;
    const front = await startHttpsFront(
      [
        {
          hosts: SANDBOX_JUMPCLOUD_HOSTS,
          apiPrefixes: ['/api/', '/__sandbox/'],
          handler: (req, res) => serveSafely(jc, req, res),
          staticDir: resolve(FIXTURES, options.consoleFixture ?? 'jumpcloud-console'),
        },
        {
          hosts: SANDBOX_ZOHO_HOSTS,
          apiPrefixes: [SCIM_BASE_PATH, '/__sandbox/'],
          handler: (req, res) => {
            // The Zoho fixture page shows the store's Sync endpoint and token, as Zoho's does.
            if (req.url === '/__sandbox/store') {
              res.writeHead(200, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ syncEndpoint, scimToken: SANDBOX_SCIM_TOKEN }));
              return;
            }
            // Zoho's server checks a pasted API key with JumpCloud: here, with the sandbox's own keys.
            if (req.url === '/__sandbox/jumpcloud-key' && req.method === 'POST') {
              void readKey(req).then((key) => {
                const ok = apiKeys.some((k) => k.key === key);
                res.writeHead(200, { 'content-type': 'application/json' });
                res.end(JSON.stringify({ ok }));
              });
              return;
            }
            scim.app(req, res);
          },
          staticDir: resolve(FIXTURES, options.zohoFixture ?? 'zoho-console'),
        },
      ],
      options.httpsPort,
    );
    https = { ...front, jumpcloudApiBase: `https://${SANDBOX_JUMPCLOUD_HOSTS[0]}/api`, syncEndpoint };
  }

  return {
    jumpcloud: {
      apiBase: `${jcServer.origin}/api`,
      apiKey: SANDBOX_API_KEY,
      orgId: directory.orgId,
      directory,
      handler: jc,
    },
    scim: {
      syncEndpoint: `${scimServer.origin}${SCIM_BASE_PATH}`,
      token: SANDBOX_SCIM_TOKEN,
      store: scim.store,
      faults: scim.faults,
      counts: scim.counts,
    },
    https,
    requests,
    close: async () => {
      await Promise.all([jcServer.close(), scimServer.close(), https?.close()]);
    },
  };
}

/** The `key` of a small JSON body; '' for anything else. */
async function readKey(req: import('node:http').IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) return '';
  }
  try {
    const parsed = JSON.parse(body) as { key?: unknown };
    return typeof parsed.key === 'string' ? parsed.key : '';
  } catch {
    return '';
  }
}
