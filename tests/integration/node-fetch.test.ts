// The command line's HTTP (cli/node-fetch.ts) against a real server on loopback: what the engine
// reads of an answer must be what fetch would have given it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch } from '@/cli/node-fetch';

let server: Server;
let base: string;
const seen: { method?: string; headers?: IncomingMessage['headers']; body?: string } = {};

function answer(req: IncomingMessage, res: ServerResponse, body: string) {
  seen.method = req.method;
  seen.headers = req.headers;
  seen.body = body;
  const path = req.url ?? '/';
  if (path === '/json') {
    res.writeHead(201, 'Made', { 'content-type': 'application/scim+json', 'retry-after': '7', 'x-total-count': '3' });
    res.end(JSON.stringify({ name: 'Zoë «Ω»', echo: body }));
  } else if (path === '/gzip') {
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
    res.end(gzipSync(JSON.stringify({ zipped: true })));
  } else if (path === '/bom') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"Zoë"}')]));
  } else if (path === '/empty') {
    res.writeHead(204);
    res.end();
  } else if (path === '/slow') {
    setTimeout(() => res.end('late'), 5_000).unref();
  } else if (path === '/hang-up') {
    req.socket.destroy();
  } else {
    res.writeHead(404);
    res.end('{"detail":"no such resource"}');
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => answer(req, res, body));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

describe('node:http transport of the command line', () => {
  it('sends method, headers and body, and answers with status, headers and body as fetch does', async () => {
    const response = await nodeFetch(`${base}/json`, {
      method: 'post',
      headers: { authorization: 'Bearer t0ken', 'content-type': 'application/scim+json' },
      body: JSON.stringify({ userName: 'zoë@example.com' }),
    });
    expect(seen.method).toBe('POST');
    expect(seen.headers?.authorization).toBe('Bearer t0ken');
    expect(seen.body).toBe('{"userName":"zoë@example.com"}');
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.ok).toBe(true);
    expect(response.headers.get('Retry-After')).toBe('7');
    expect(await response.json()).toEqual({ name: 'Zoë «Ω»', echo: '{"userName":"zoë@example.com"}' });
  });

  it('decodes a gzip answer, takes URL objects, and gives 204 and 404 as they are', async () => {
    expect(await (await nodeFetch(new URL(`${base}/gzip`))).json()).toEqual({ zipped: true });
    expect(seen.headers?.['accept-encoding']).toContain('gzip');
    const empty = await nodeFetch(`${base}/empty`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    const missing = await nodeFetch(`${base}/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('no such resource');
  });

  it('reads a body once, as fetch does, dropping a byte-order mark, as text, JSON or bytes', async () => {
    const bom = await nodeFetch(`${base}/bom`);
    expect(bom.bodyUsed).toBe(false);
    expect(await bom.json()).toEqual({ name: 'Zoë' });
    expect(bom.bodyUsed).toBe(true);
    await expect(bom.text()).rejects.toThrow(TypeError);
    const bytes = await (await nodeFetch(`${base}/json`)).arrayBuffer();
    expect(JSON.parse(Buffer.from(bytes).toString('utf8'))).toMatchObject({ name: 'Zoë «Ω»' });
    expect(await (await fetch(`${base}/bom`)).json()).toEqual({ name: 'Zoë' });
  });

  it('rejects with the signal’s reason when aborted, and as fetch failed when the server hangs up', async () => {
    const controller = new AbortController();
    const pending = nodeFetch(`${base}/slow`, { signal: controller.signal });
    controller.abort(new Error('run stopped'));
    await expect(pending).rejects.toThrow('run stopped');
    await expect(nodeFetch(`${base}/json`, { signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
    await expect(nodeFetch(`${base}/hang-up`)).rejects.toThrow('fetch failed');
    await expect(nodeFetch('http://127.0.0.1:1/')).rejects.toThrow('fetch failed');
  });
});
