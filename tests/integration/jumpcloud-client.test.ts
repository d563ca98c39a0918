// The JumpCloud client over real HTTP on loopback, against the sandbox's fake JumpCloud (and, for
// answers the fake never gives, a tiny local server). Time is a parameter: the World's sleep
// records what was asked and returns at once, so retries cost nothing and nothing asserts timing.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJumpCloudClient, type JumpCloudClientOptions } from '../../lib/jumpcloud/client';
import { JumpCloudError } from '../../lib/jumpcloud/errors';
import { jumpcloudUserSchema, USER_FIELDS } from '../../lib/jumpcloud/schemas';
import type { RetryEvent } from '../../lib/http/retry';
import type { World } from '../../lib/world';
import { generateDirectory, type JumpCloudDirectory, type SystemUser } from '../../sandbox/jumpcloud/directory';
import { SANDBOX_API_KEY, SANDBOX_ORG_ID, startJumpCloudServer, type JumpCloudServer, type ApiKey } from '../../sandbox/jumpcloud/server';

const MTP_KEY = 'jca_MultiTenantSandboxKey00000000000001';
const OTHER_ORG = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const THIRD_ORG = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const REVOKED_KEY = 'jca_RevokedKeyRevokedKeyRevokedKey012345';

/** A World on the real network whose clock and sleep are parameters, recording what happens. */
function testWorld() {
  const urls: string[] = [];
  const sleeps: number[] = [];
  const warnings: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const world: World = {
    fetch: async (input, init) => {
      urls.push(String(input));
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    },
    now: () => Date.UTC(2025, 0, 1),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    log: { info() {}, warn: (m) => warnings.push(m), error() {} },
  };
  return {
    world,
    urls,
    sleeps,
    warnings,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

type Recorder = ReturnType<typeof testWorld>;

function client(server: { url: string }, rec: Recorder, extra: Partial<JumpCloudClientOptions> = {}) {
  return createJumpCloudClient({ world: rec.world, apiKey: SANDBOX_API_KEY, baseUrl: `${server.url}/api`, ...extra });
}

const params = (url: string) => new URL(url).searchParams;
const ids = (list: readonly { _id: string }[]) => list.map((u) => u._id);

/** What the client should make of the sandbox's copy of a user: the same schema, the same bytes. */
function expectedUser(u: SystemUser) {
  const projected: Record<string, unknown> = {};
  for (const f of USER_FIELDS) if (Object.hasOwn(u, f)) projected[f] = (u as unknown as Record<string, unknown>)[f];
  return jumpcloudUserSchema.parse(JSON.parse(JSON.stringify(projected)));
}

async function caught(promise: Promise<unknown>): Promise<JumpCloudError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof JumpCloudError) return e;
    throw e;
  }
  throw new Error('expected a JumpCloudError');
}

/** Every id once, and every id of `throughout` among them. */
function expectCovers(read: readonly { _id: string }[], throughout: readonly string[]) {
  const got = ids(read);
  expect(new Set(got).size).toBe(got.length);
  const counts = new Map<string, number>();
  for (const id of got) counts.set(id, (counts.get(id) ?? 0) + 1);
  const missing = throughout.filter((id) => counts.get(id) !== 1);
  expect(missing).toEqual([]);
}

describe('readUsers reads every user exactly once', () => {
  for (const size of [0, 1, 100, 101, 1234]) {
    it(`${size} users`, async () => {
      const directory = generateDirectory({ users: size, seed: 7 + size });
      const server = await startJumpCloudServer({ directory, apiKeys: [{ key: SANDBOX_API_KEY }] });
      try {
        const rec = testWorld();
        const jc = client(server, rec);
        const progress: [number, number][] = [];
        const result = await jc.readUsers({ onPage: (read, total) => progress.push([read, total]) });

        expect(result.totalCount).toBe(size);
        expect(result.complete).toBe(true);
        expect(ids(result.users)).toEqual(ids(directory.users));
        expect(result.users).toEqual(directory.users.map(expectedUser));

        // Every request pages with limit ≤ 100, sorted by _id, asking only for the fields the engine uses.
        expect(rec.urls.length).toBeGreaterThan(0);
        for (const url of rec.urls) {
          const p = params(url);
          expect(new URL(url).pathname).toBe('/api/systemusers');
          expect(Number(p.get('limit'))).toBeLessThanOrEqual(100);
          expect(p.get('sort')).toBe('_id');
          expect(p.get('fields')).toBe(USER_FIELDS.join(' '));
        }
        expect(url_encoded_spaces(rec.urls[0]!)).toBe(true);
        // About one request per 99 users (pages overlap by one), and no more.
        expect(rec.urls.length).toBe(Math.max(1, Math.ceil((size - 1) / 99)));
        expect(jc.requests).toBe(rec.urls.length);
        expect(server.handler.requests).toBe(rec.urls.length);
        expect(progress.at(-1)).toEqual([size, size]);
        expect(rec.warnings).toEqual([]);
      } finally {
        await server.close();
      }
    });
  }
});

/** Spaces in fields= go as %20, which every server decodes; "+" is only a space in forms. */
function url_encoded_spaces(url: string): boolean {
  return url.includes('fields=_id%20username%20') && !url.includes('+');
}

describe('against one sandbox of 1,234 users', () => {
  let server: JumpCloudServer;
  let directory: JumpCloudDirectory;
  const other = generateDirectory({ users: 12, groups: 0, seed: 3, orgId: OTHER_ORG, orgName: 'Other Org' });
  const keys: ApiKey[] = [{ key: SANDBOX_API_KEY }, { key: MTP_KEY, orgIds: [SANDBOX_ORG_ID, OTHER_ORG] }];

  beforeAll(async () => {
    directory = generateDirectory({ users: 1234, groups: 230, seed: 42 });
    server = await startJumpCloudServer({ directory, apiKeys: keys, otherDirectories: [other] });
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => server.faults.reset());

  it('keeps up to `concurrency` page requests in flight, and exactly one with concurrency 1', async () => {
    const rec8 = testWorld();
    const r8 = await client(server, rec8).readUsers();
    expect(r8.users).toHaveLength(1234);
    expect(rec8.maxInFlight).toBeGreaterThan(1);
    expect(rec8.maxInFlight).toBeLessThanOrEqual(8);

    const rec3 = testWorld();
    await client(server, rec3, { concurrency: 3 }).readUsers();
    expect(rec3.maxInFlight).toBe(3);

    const rec1 = testWorld();
    const r1 = await client(server, rec1, { concurrency: 1 }).readUsers();
    expect(rec1.maxInFlight).toBe(1);
    expect(ids(r1.users)).toEqual(ids(r8.users));
  });

  it('rides out a storm of 30 429s with Retry-After: 0, reading every user once', async () => {
    server.faults.set({ fail429Next: 30, retryAfterSeconds: 0 });
    const rec = testWorld();
    const events: RetryEvent[] = [];
    const jc = client(server, rec, { onRetry: (e) => events.push(e) });
    const result = await jc.readUsers();
    expect(ids(result.users)).toEqual(ids(directory.users));
    expect(result.complete).toBe(true);
    expect(server.faults.injected.get(429)).toBe(30);
    expect(rec.sleeps).toEqual(Array(30).fill(0));
    expect(events.filter((e) => e.kind === 'throttled')).toHaveLength(30);
    expect(jc.requests).toBe(13 + 30);
  });

  it('rides out 30 429s without Retry-After by backing off, reading every user once', async () => {
    server.faults.set({ fail429Next: 30, retryAfterSeconds: null });
    const rec = testWorld();
    const result = await client(server, rec).readUsers();
    expect(ids(result.users)).toEqual(ids(directory.users));
    expect(rec.sleeps).toHaveLength(30);
    for (const ms of rec.sleeps) {
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThanOrEqual(30_000);
    }
    // Backoff grows while one request stays throttled.
    expect(rec.sleeps[1]!).toBeGreaterThan(rec.sleeps[0]!);
  });

  it('retries a burst of 5xx, then gives up with kind "unavailable" after the bound', async () => {
    server.faults.set({ fail5xxNext: 4, status5xx: 503 });
    const rec = testWorld();
    const result = await client(server, rec).readUsers();
    expect(ids(result.users)).toEqual(ids(directory.users));
    expect(rec.sleeps).toHaveLength(4);

    // getUser is one request: 1 try + 4 retries, then it gives up.
    server.faults.reset();
    server.faults.set({ fail5xxNext: 5, status5xx: 502 });
    const rec2 = testWorld();
    const jc = client(server, rec2);
    const e = await caught(jc.getUser(directory.users[3]!._id));
    expect(e.kind).toBe('unavailable');
    expect(e.status).toBe(502);
    expect(e.message).toMatch(/JumpCloud kept failing \(HTTP 502\)/);
    expect(jc.requests).toBe(5);
    expect(rec2.sleeps).toHaveLength(4);

    server.faults.reset();
    server.faults.set({ fail5xxNext: 10_000, status5xx: 500 });
    const e2 = await caught(client(server, testWorld()).readUsers());
    expect(e2.kind).toBe('unavailable');
    expect(e2.hint).toMatch(/status\.jumpcloud\.com/);
  });

  it('a revoked key is "revoked-key", in words an admin can act on, never showing the key', async () => {
    const jc = client(server, testWorld(), { apiKey: REVOKED_KEY });
    for (const attempt of [jc.readUsers(), jc.readGroups(), jc.getUser(directory.users[0]!._id)]) {
      const e = await caught(attempt);
      expect(e.kind).toBe('revoked-key');
      expect(e.status).toBe(401);
      expect(e.message).toBe(
        'JumpCloud refused the API key: it was revoked, has expired, or a newer key was generated (generating a key revokes the old one).',
      );
      expect(e.hint).toMatch(/My API Key → Generate New API Key/);
      for (const text of [e.message, e.hint, String(e), e.stack ?? '', JSON.stringify(e)]) expect(text).not.toContain(REVOKED_KEY);
    }
  });

  it('a multi-tenant key needs orgId: without it "org", with it that org; /organizations goes without x-org-id', async () => {
    const without = await caught(client(server, testWorld(), { apiKey: MTP_KEY }).readUsers());
    expect(without.kind).toBe('org');
    expect(without.status).toBe(401);
    expect(without.message).toMatch(/multi-tenant/);
    expect(without.hint).toMatch(/Organization ID/);

    const rec = testWorld();
    const jc = client(server, rec, { apiKey: MTP_KEY, orgId: OTHER_ORG });
    const result = await jc.readUsers();
    expect(ids(result.users)).toEqual(ids(other.users));
    // The sandbox answers 403 to x-org-id on /organizations, so success shows the header was left off.
    const orgs = await jc.readOrganizations();
    expect(orgs).toEqual([
      { id: SANDBOX_ORG_ID, name: 'Sandbox Organization' },
      { id: OTHER_ORG, name: 'Other Org' },
    ]);

    const wrong = await caught(client(server, testWorld(), { apiKey: MTP_KEY, orgId: THIRD_ORG }).readGroups());
    expect(wrong.kind).toBe('org');
    expect(wrong.message).toContain(THIRD_ORG);

    // A single-tenant key sees its own organization, with or without orgId.
    expect(await client(server, testWorld()).readOrganizations()).toEqual([{ id: SANDBOX_ORG_ID, name: 'Sandbox Organization' }]);
    const own = await client(server, testWorld(), { orgId: SANDBOX_ORG_ID }).readUsers();
    expect(own.users).toHaveLength(1234);
  });

  it('reads groups by pages to x-total-count, with their exact names', async () => {
    const rec = testWorld();
    const groups = await client(server, rec).readGroups();
    expect(groups.map((g) => g.id)).toEqual(directory.groups.map((g) => g.id));
    expect(groups.map((g) => [g.name, g.description])).toEqual(directory.groups.map((g) => [g.name, g.description]));
    expect(groups.length).toBe(230);
    expect(rec.urls).toHaveLength(3);
    for (const url of rec.urls) {
      expect(Number(params(url).get('limit'))).toBeLessThanOrEqual(100);
      expect(params(url).get('sort')).toBe('id');
    }
    const byLabel = (l: string) => groups.find((g) => g.id === directory.special.groups.get(l))!;
    expect(byLabel('hostile').name).toBe('<img src=x onerror=alert(1)> "Group"; DROP TABLE groups;--');
    expect(byLabel('spaced').name).toBe('  Spaced Name  ');
    expect(byLabel('cjk').name).toBe('日本チーム 🇯🇵');
  });

  it('resolves group membership through nested groups and cycles, paging large groups', async () => {
    const rec = testWorld();
    const jc = client(server, rec);
    const label = (l: string) => directory.special.groups.get(l)!;
    const expected = (l: string) => directory.membership(label(l)).map((r) => r.id);

    const allStaff = (await jc.readGroupMembers(label('allStaff'))).ids;
    // All Staff holds only department groups, no users directly: everyone is in it through them.
    expect(directory.directMembers(label('allStaff')).every((m) => m.type === 'user_group')).toBe(true);
    expect([...allStaff].sort()).toEqual([...expected('allStaff')].sort());
    expect(allStaff).toHaveLength(1234);
    expect(new Set(allStaff).size).toBe(allStaff.length);
    for (const url of rec.urls) expect(Number(params(url).get('limit'))).toBeLessThanOrEqual(100);

    const engineering = (await jc.readGroupMembers(label('dept:Engineering'))).ids;
    expect([...engineering].sort()).toEqual([...expected('dept:Engineering')].sort());
    // SRE sits two levels below Engineering; its members are Engineering's too.
    const sre = (await jc.readGroupMembers(label('sre'))).ids;
    expect(sre.length).toBeGreaterThan(0);
    expect(sre.every((id) => engineering.includes(id))).toBe(true);

    const cycleA = (await jc.readGroupMembers(label('cycleA'))).ids;
    const cycleB = (await jc.readGroupMembers(label('cycleB'))).ids;
    expect([...cycleA].sort()).toEqual([...cycleB].sort());
    expect([...cycleA].sort()).toEqual([...expected('cycleA')].sort());

    expect((await jc.readGroupMembers(label('empty'))).ids).toEqual([]);

    const gone = await caught(jc.readGroupMembers('000000000000000000000000'));
    expect(gone.kind).toBe('rejected');
    expect(gone.status).toBe(404);
    expect(gone.message).toMatch(/user group membership/);
  });

  it('hostile and unicode strings come through byte-exact', async () => {
    const { users } = await client(server, testWorld()).readUsers();
    const byId = new Map(users.map((u) => [u._id, u]));
    for (const [label, id] of directory.special.users) {
      expect(byId.get(id), label).toEqual(expectedUser(directory.getUser(id)!));
    }
    const get = (label: string) => byId.get(directory.special.users.get(label)!)!;
    expect(get('xss').firstname).toBe('<img src=x onerror=alert(1)>');
    expect(get('sql').jobTitle).toBe('Say "hello" \\ back\\slash');
    expect(get('combining').firstname).toBe('Zoe\u0308'); // not normalised to NFC
    expect(get('emoji').displayname).toBe('Zoë 🦄 👩🏽‍💻 🇫🇷');
    expect(get('whitespace').description).toBe('line one\nline two\r\n\ttabbed\u2028separator\u2029paragraph\u200bzero-width');
    expect(get('whitespace').firstname).toBe('  Padded  ');
    expect(get('rtl').location).toBe('תל אביב');
    expect(get('long').description).toHaveLength(1024);
    expect(get('attributeCase').attributes).toEqual([
      { name: 'Building', value: 'HQ' },
      { name: 'building', value: 'annex' },
      { name: 'costCode', value: '  0042 ' },
      { name: 'startDate', value: '2020-02-29' },
    ]);
  });

  it('getUser returns one user, or null when JumpCloud has no such user', async () => {
    const jc = client(server, testWorld());
    const id = directory.special.users.get('cjk')!;
    expect(await jc.getUser(id)).toEqual(expectedUser(directory.getUser(id)!));
    expect(await jc.getUser('000000000000000000000000')).toBeNull();
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped by the admin');
    const promise = client(server, testWorld()).readUsers({
      signal: controller.signal,
      onPage: () => controller.abort(reason),
    });
    await expect(promise).rejects.toBe(reason);
  });
});

describe('changes in the middle of a read', () => {
  let server: JumpCloudServer;
  let directory: JumpCloudDirectory;
  let lowIds = 0;

  /** An id that sorts before every generated one, so adding it shifts every offset right. */
  const lowId = () => `00000000000000000000${(lowIds++).toString(16).padStart(4, '0')}`;

  async function start() {
    directory = generateDirectory({ users: 1234, seed: 5 });
    server = await startJumpCloudServer({ directory, apiKeys: [{ key: SANDBOX_API_KEY }] });
    return directory.users.map((u) => u._id);
  }
  afterEach(async () => {
    await server?.close();
  });

  for (const concurrency of [1, 8]) {
    it(`a user added and a user removed (concurrency ${concurrency}): everyone who existed throughout, once`, async () => {
      const before = await start();
      const removed = directory.users[150]!._id;
      let added = '';
      server.handler.afterRequests(3, () => {
        directory.removeUser(removed);
        added = directory.addUser({ username: 'joined.midway' })._id;
      });
      const rec = testWorld();
      const result = await client(server, rec, { concurrency }).readUsers();
      expect(added).not.toBe('');
      const throughout = before.filter((id) => id !== removed);
      expectCovers(result.users, throughout);
      expect(result.complete).toBe(true);
      expect(result.totalCount).toBe(1234);
      expect(rec.warnings).toEqual([]);
    });
  }

  for (const concurrency of [1, 8]) {
    it(`heavy churn on both sides of every offset (concurrency ${concurrency})`, async () => {
      const before = await start();
      const removed = new Set<string>();
      const pick = (i: number) => directory.users.find((u, j) => j >= i && !removed.has(u._id))!._id;
      for (let n = 1; n <= 12; n++) {
        server.handler.afterRequests(n, () => {
          // Removals below later pages shift them left (the case that loses users); adds shift right.
          for (const at of [10 * n, 300 + 7 * n, 900]) {
            const id = pick(at);
            removed.add(id);
            directory.removeUser(id);
          }
          if (n % 2) directory.addUser({ _id: lowId(), username: `early.bird${n}`, employeeIdentifier: `EB${n}` });
          if (n % 3 === 0) directory.addUser({ username: `late.comer${n}`, employeeIdentifier: `LC${n}` });
        });
      }
      const result = await client(server, testWorld(), { concurrency }).readUsers();
      expectCovers(result.users, before.filter((id) => !removed.has(id)));
      expect(result.complete).toBe(true);
      expect(removed.size).toBe(36);
    });
  }

  it('a directory that grows by several pages during the read is read to its end', async () => {
    const before = await start();
    server.handler.afterRequests(2, () => {
      for (let i = 0; i < 450; i++) directory.addUser({ username: `wave.${i}` });
    });
    const result = await client(server, testWorld()).readUsers();
    expectCovers(result.users, directory.users.map((u) => u._id));
    expect(result.totalCount).toBe(1234 + 450);
    expect(result.complete).toBe(true);
    expect(before.every((id) => result.users.some((u) => u._id === id))).toBe(true);
  });

  it('a directory that shrinks by several pages during the read still yields everyone who stayed', async () => {
    const before = await start();
    const removed: string[] = [];
    server.handler.afterRequests(2, () => {
      for (const u of directory.users.slice(120, 520)) removed.push(u._id);
      for (const id of removed) directory.removeUser(id);
    });
    const result = await client(server, testWorld()).readUsers();
    expectCovers(result.users, before.filter((id) => !removed.includes(id)));
    expect(result.totalCount).toBe(1234 - 400);
    expect(result.complete).toBe(true);
  });
});

describe('answers the fake JumpCloud never gives', () => {
  let url = '';
  let answer: (req: IncomingMessage, res: ServerResponse) => void = () => {};
  const local = createServer((req, res) => answer(req, res));
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };
  const user = (id: string, extra: Record<string, unknown> = {}) => ({ _id: id, username: `u${id.slice(-4)}`, email: 'secret.person@example.com', ...extra });

  beforeAll(async () => {
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => local.close(() => resolve()));
  });

  const jc = () => client({ url }, testWorld());

  it('403 is "forbidden", naming the route the role cannot read', async () => {
    answer = (req, res) => {
      if (req.url!.startsWith('/api/v2/usergroups')) return json(res, 403, { message: 'Forbidden' });
      return json(res, 200, { totalCount: 0, results: [] });
    };
    expect((await jc().readUsers()).users).toEqual([]);
    const e = await caught(jc().readGroups());
    expect(e.kind).toBe('forbidden');
    expect(e.status).toBe(403);
    expect(e.message).toMatch(/refused access to user groups/);
    expect(e.hint).toMatch(/Administrator with Billing/);

    answer = (_req, res) => json(res, 403, { code: 403, message: 'Forbidden', status: 'PERMISSION_DENIED' });
    const users = await caught(jc().readUsers());
    expect(users.kind).toBe('forbidden');
    expect(users.message).toMatch(/cannot read users/);
  });

  it('400 on a bad parameter is "rejected", quoting JumpCloud (redacted)', async () => {
    answer = (req, res) =>
      // A server that echoes the request headers back, key and all.
      json(res, 400, { message: `Bad Request: request parameter "limit" exceeds maximum value of 100 (x-api-key: ${String(req.headers['x-api-key'])})` });
    const e = await caught(jc().readUsers());
    expect(e.kind).toBe('rejected');
    expect(e.status).toBe(400);
    expect(e.message).toContain('JumpCloud said: "Bad Request: request parameter "limit" exceeds maximum value of 100 (x-api-key: [redacted]');
    expect(e.message).not.toContain(SANDBOX_API_KEY);
  });

  it('a body that is not JSON, the wrong shape, or a user without _id is "malformed", naming where, not the value', async () => {
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in to the Wi-Fi</html>');
    const notJson = await caught(jc().readUsers());
    expect(notJson.kind).toBe('malformed');
    expect(notJson.message).toBe(
      'JumpCloud answered with something that is not the expected list of users (the answer is not JSON); nothing was written.',
    );

    answer = (_req, res) => json(res, 200, [{ _id: 'x' }]);
    const wrongShape = await caught(jc().readUsers());
    expect(wrongShape.kind).toBe('malformed');
    expect(wrongShape.message).toMatch(/not the expected list of users \(the page at offset 0: /);

    const good = (n: number) => `5f0000000000000000000${n.toString(16).padStart(3, '0')}`;
    answer = (req, res) => {
      const skip = Number(new URL(req.url!, url).searchParams.get('skip'));
      const page = Array.from({ length: Math.max(0, Math.min(100, 250 - skip)) }, (_, i) => user(good(skip + i)));
      if (skip === 198) page[5] = { username: 'no.id', email: 'secret.person@example.com' } as ReturnType<typeof user>;
      json(res, 200, { totalCount: 250, results: page });
    };
    const noId = await caught(jc().readUsers());
    expect(noId.kind).toBe('malformed');
    expect(noId.message).toMatch(/user 6 of the page at offset 198, field "_id"/);
    expect(noId.message).not.toContain('secret.person');

    answer = (_req, res) => json(res, 200, { totalCount: 1, results: [user(good(1), { state: 'secret-state-value' })] });
    const badState = await caught(jc().readUsers());
    expect(badState.message).toMatch(/field "state"/);
    expect(badState.message).not.toContain('secret-state-value');

    answer = (_req, res) => json(res, 200, { not: 'a list' }, { 'x-total-count': '1' });
    const groups = await caught(jc().readGroups());
    expect(groups.kind).toBe('malformed');
    expect(groups.message).toMatch(/expected list of user groups/);
  });

  it('a short page in the middle does not end the read', async () => {
    // JumpCloud has served short pages mid-list (support#369); the total decides, not the page size.
    const id = (n: number) => `6a0000000000000000000${n.toString(16).padStart(3, '0')}`;
    const all = Array.from({ length: 300 }, (_, i) => user(id(i)));
    answer = (req, res) => {
      const p = new URL(req.url!, url).searchParams;
      const skip = Number(p.get('skip'));
      let page = all.slice(skip, skip + Number(p.get('limit')));
      if (skip === 99) page = page.slice(0, 40);
      json(res, 200, { totalCount: all.length, results: page });
    };
    const result = await jc().readUsers();
    expect(ids(result.users)).toEqual(all.map((u) => u._id));
    expect(result.complete).toBe(true);
  });

  it('a server that ignores sort=_id still yields every user once, but the read says it is unproven', async () => {
    const id = (n: number) => `6b0000000000000000000${n.toString(16).padStart(3, '0')}`;
    const all = Array.from({ length: 250 }, (_, i) => user(id(i)));
    answer = (req, res) => {
      const p = new URL(req.url!, url).searchParams;
      const skip = Number(p.get('skip'));
      json(res, 200, { totalCount: all.length, results: all.slice(skip, skip + Number(p.get('limit'))).reverse() });
    };
    const rec = testWorld();
    const result = await client({ url }, rec).readUsers();
    expect(ids(result.users)).toEqual(all.map((u) => u._id));
    expect(result.complete).toBe(false);
    expect(rec.warnings).toHaveLength(1);
    expect(rec.warnings[0]).toMatch(/confirm any absence/);
  });

  it('a group membership served out of id order, or without a count, is returned as unproven', async () => {
    const uid = (n: number) => `7c0000000000000000000${n.toString(16).padStart(3, '0')}`;
    const members = Array.from({ length: 150 }, (_, i) => ({ id: uid(i), type: 'user', paths: [] }));
    let counted = true;
    answer = (req, res) => {
      const skip = Number(new URL(req.url!, url).searchParams.get('skip'));
      // Newest first, whatever the sort asked for.
      json(res, 200, [...members].reverse().slice(skip, skip + 100), counted ? { 'x-total-count': String(members.length) } : {});
    };
    const unsorted = await jc().readGroupMembers('5f0000000000000000000001');
    expect(unsorted.complete).toBe(false);
    expect(new Set(unsorted.ids).size).toBe(members.length);
    counted = false;
    answer = (req, res) => {
      const skip = Number(new URL(req.url!, url).searchParams.get('skip'));
      json(res, 200, members.slice(skip, skip + 100));
    };
    expect(await jc().readGroupMembers('5f0000000000000000000001')).toEqual({ ids: members.map((m) => m.id), complete: false });
  });

  it('a v2 listing without x-total-count is read until a page comes back empty', async () => {
    const gid = (n: number) => `7b0000000000000000000${n.toString(16).padStart(3, '0')}`;
    const groups = Array.from({ length: 230 }, (_, i) => ({ id: gid(i), name: `G${i}`, description: '' }));
    answer = (req, res) => {
      const p = new URL(req.url!, url).searchParams;
      const skip = Number(p.get('skip'));
      json(res, 200, groups.slice(skip, skip + 100));
    };
    const read = await jc().readGroups();
    expect(read.map((g) => g.id)).toEqual(groups.map((g) => g.id));
  });

  it('an unreachable host is "unavailable" after the retries', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const rec = testWorld();
    const e = await caught(client({ url: `http://127.0.0.1:${port}` }, rec).readUsers());
    expect(e.kind).toBe('unavailable');
    expect(e.message).toMatch(/could not be reached/);
    expect(e.message).not.toContain(SANDBOX_API_KEY);
    expect(rec.sleeps).toHaveLength(4);
  });
});
