// A server that answers with a redirect gets the request no further: over the fetch the extension
// uses and over the command line's own HTTP, a 307 from the Sync endpoint or JumpCloud's API stops
// the request with a clear error, and the address it points to receives nothing — no body, no token.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch } from '@/cli/node-fetch';
import { createJumpCloudClient } from '@/lib/jumpcloud/client';
import { createScimClient } from '@/lib/scim/client';
import { realWorld, type World } from '@/lib/world';

const TOKEN = 'redirect-test-token-0123456789';
const KEY = `jca_${'r'.repeat(36)}`;
let redirecting: Server;
let elsewhere: Server;
let from: string;
let received = 0;

const listen = (s: Server) => new Promise<string>((done) => s.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));

beforeAll(async () => {
  elsewhere = createServer((req, res) => {
    received++;
    req.resume();
    res.writeHead(201, { 'content-type': 'application/scim+json' });
    res.end('{"id":"x","userName":"x"}');
  });
  const to = await listen(elsewhere);
  redirecting = createServer((req, res) => {
    req.resume();
    res.writeHead(307, { location: `${to}${req.url}` });
    res.end();
  });
  from = await listen(redirecting);
});
afterAll(async () => {
  await new Promise((r) => redirecting.close(r));
  await new Promise((r) => elsewhere.close(r));
});

const worlds: [string, World][] = [
  ['fetch, as the extension uses it', realWorld()],
  ['the command line’s HTTP', { ...realWorld(), fetch: nodeFetch as typeof fetch }],
];

describe.each(worlds)('over %s', (_name, world) => {
  it('refuses a redirect from the Sync endpoint, sending nothing on, and says so', async () => {
    const scim = createScimClient({ world, baseUrl: `${from}/scim/v2`, token: TOKEN });
    const write = scim.createUser({ userName: 'ada@example.com', active: true } as never);
    await expect(write).rejects.toThrow(/redirect \(HTTP 307\), which the assistant never follows/);
    await expect(write).rejects.not.toThrow(new RegExp(TOKEN));
    await expect(scim.countUsers()).rejects.toThrow(/redirect/);
    expect(received).toBe(0);
  });

  it('refuses a redirect from JumpCloud’s API', async () => {
    const jc = createJumpCloudClient({ world, apiKey: KEY, baseUrl: `${from}/api` });
    await expect(jc.readGroups()).rejects.toThrow(/redirect \(HTTP 307\)/);
    expect(received).toBe(0);
  });
});
