// Looking a user up by email acts only on the user whose email is exactly the one asked for: an
// answer naming someone else (a filter read another way, a near match) is no match, and two users
// with the address are refused as ambiguous.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJumpCloudClient } from '@/lib/jumpcloud/client';
import { JumpCloudError } from '@/lib/jumpcloud/errors';
import { realWorld } from '@/lib/world';
import { startSandbox, type Sandbox } from '@/sandbox/index';

let sandbox: Sandbox;
let server: Server;
let base: string;
let answer: unknown[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ users: 3 });
  server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ totalCount: answer.length, results: answer }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  await sandbox.close();
});

describe('finding a JumpCloud user by email', () => {
  it('takes only the user with exactly that address, whatever else the answer holds', async () => {
    const real = createJumpCloudClient({ world: realWorld(), apiKey: sandbox.jumpcloud.apiKey, baseUrl: sandbox.jumpcloud.apiBase });
    const { users } = await real.readUsers();
    const [ada, bob] = users as { email: string }[];
    const jc = createJumpCloudClient({ world: realWorld(), apiKey: sandbox.jumpcloud.apiKey, baseUrl: base });
    answer = [ada];
    expect(await jc.findUserByEmail(bob!.email)).toBeNull();
    expect(await jc.findUserByEmail(`  ${ada!.email.toUpperCase()} `)).toMatchObject({ email: ada!.email });
    answer = [bob, ada];
    expect(await jc.findUserByEmail(ada!.email)).toMatchObject({ email: ada!.email });
    answer = [ada, { ...ada, _id: 'f'.repeat(24) }];
    await expect(jc.findUserByEmail(ada!.email)).rejects.toBeInstanceOf(JumpCloudError);
    await expect(jc.findUserByEmail(ada!.email)).rejects.toThrow(/2 users have that email address/);
    // And the real sandbox finds the real one.
    expect(await real.findUserByEmail(bob!.email)).toMatchObject({ email: bob!.email });
  });
});
