// HTTPS under the real host names. Chromium started with --host-resolver-rules sends
// console.jumpcloud.com, directory.zoho.com and friends here, and --ignore-certificate-errors
// lets the extension's service worker fetch through our self-signed certificate — so the built
// extension talks to the sandbox exactly as it would to JumpCloud and Zoho.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { generate } from 'selfsigned';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Site {
  /** Host names this site answers for. */
  hosts: string[];
  /** Requests whose path starts with one of these prefixes go to `handler`. */
  apiPrefixes: string[];
  handler: Handler;
  /** Everything else is served from this folder (single-page apps: unknown paths get index.html). */
  staticDir: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

async function serveStatic(dir: string, path: string, res: ServerResponse): Promise<void> {
  const relative = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
  const file = join(dir, relative === '' ? 'index.html' : relative);
  if (!file.startsWith(dir + sep) && file !== dir) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    if (extname(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const index = await readFile(join(dir, 'index.html'));
    res.writeHead(200, { 'content-type': TYPES['.html']! }).end(index);
  }
}

export interface HttpsFront {
  port: number;
  hosts: string[];
  /** The Chromium switches that route the real host names here and accept our certificate. */
  chromiumArgs: string[];
  close(): Promise<void>;
}

export async function startHttpsFront(sites: Site[], port = 0): Promise<HttpsFront> {
  const hosts = sites.flatMap((s) => s.hosts);
  const pems = await generate([{ name: 'commonName', value: hosts[0] ?? 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: hosts.map((value) => ({ type: 2 as const, value })) }],
  });
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const site = sites.find((s) => s.hosts.includes(host));
    const path = (req.url ?? '/').split('?')[0]!;
    if (!site) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end(`the sandbox does not serve ${host}`);
      return;
    }
    const served = site.apiPrefixes.some((p) => path.startsWith(p))
      ? site.handler(req, res)
      : serveStatic(site.staticDir, path, res);
    void Promise.resolve(served).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  const rules = hosts.map((h) => `MAP ${h} 127.0.0.1:${actual}`).join(',');
  return {
    port: actual,
    hosts,
    chromiumArgs: [`--host-resolver-rules=${rules}`, '--ignore-certificate-errors'],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
