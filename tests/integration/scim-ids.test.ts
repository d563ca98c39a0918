// A SCIM directory that answers with the id "." or "..": the id would make /Users/.. the endpoint
// itself, so it is refused where it comes in, and a path is never built from it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimClient } from '@/lib/scim/client';
import { ScimError } from '@/lib/scim/errors';
import { realWorld } from '@/lib/world';

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/scim+json' });
    const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: '..', userName: 'ada@example.com', active: true };
    res.end(JSON.stringify(req.url?.includes('filter') ? { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, Resources: [user] } : user));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
});
afterAll(() => new Promise((done) => server.close(done)));

describe('SCIM ids from the directory', () => {
  it('refuses a user whose id is "..", and never builds a path from "." or ".."', async () => {
    const scim = createScimClient({ world: realWorld(), baseUrl: base, token: 'scim-ids-test-token-0123456789' });
    await expect(scim.findUser('userName', 'ada@example.com')).rejects.toBeInstanceOf(ScimError);
    const before = requests.length;
    for (const id of ['.', '..']) {
      await expect(scim.patchUser(id, [{ op: 'replace', path: 'active', value: false }])).rejects.toThrow(/would address the endpoint itself; nothing was sent/);
      await expect(scim.deleteUser(id)).rejects.toThrow(ScimError);
      await expect(scim.patchGroupMembers(id, ['u1'], [])).rejects.toThrow(ScimError);
    }
    expect(requests.length).toBe(before);
  });
});
