// The SCIM client over real HTTP on loopback: against the sandbox directory (SCIMMY, the stand-in
// for a Zoho Directory store's Sync endpoint), and against tiny local servers for what the sandbox
// does not do (no discovery, capped pages, malformed bodies, echoed headers). The World's fetch
// only records what is sent; every answer is a real server's.
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RetryEvent } from '@/lib/http/retry';
import { createScimClient, MEMBER_BATCH, type ScimClient } from '@/lib/scim/client';
import { ScimError } from '@/lib/scim/errors';
import { diff, fromResource } from '@/lib/scim/flat';
import { ENTERPRISE_USER_SCHEMA, enterprise, typed, type FlatUser } from '@/lib/scim/flat-user';
import { silentLogger, type World } from '@/lib/world';
import { SANDBOX_SCIM_TOKEN, startScimServer, type RunningScimServer } from '@/sandbox/scim/server';

interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** A World whose fetch is the real one, recorded; sleep records the wait and returns at once. */
function recordingWorld() {
  const requests: Recorded[] = [];
  const sleeps: number[] = [];
  const world: World = {
    fetch: async (input, init) => {
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      requests.push({ method: init?.method ?? 'GET', url: String(input), headers, ...(body !== undefined ? { body } : {}) });
      return fetch(input, init);
    },
    now: () => 1_767_225_600_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    log: silentLogger,
  };
  return { world, requests, sleeps };
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A small local HTTP server for answers the sandbox does not give. */
async function tinyServer(handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scim/v2`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/scim+json' }).end(JSON.stringify(body));

async function rejection(promise: Promise<unknown>): Promise<ScimError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return e as ScimError;
  }
  throw new Error('expected a ScimError, but the call succeeded');
}

/** Nothing an error shows may carry the token. */
function expectNoToken(e: ScimError, token = SANDBOX_SCIM_TOKEN) {
  for (const text of [e.message, e.hint, e.detail ?? '', e.scimType ?? '', String(e.stack)]) expect(text).not.toContain(token);
}

const hostile = [
  'quote"inside',
  'back\\slash',
  'both\\"mixed"\\',
  '<script>alert(1)</script>',
  'Zoë Ångström 张伟 محمد',
  'emoji 🙂👩🏽‍💻',
  ') or userName pr or (',
  "O'Brien; DROP TABLE users; --",
  '"\\"', // nothing plain in it: found by paging through everything
];

let server: RunningScimServer;
let rec: ReturnType<typeof recordingWorld>;
let client: ScimClient;
let retries: RetryEvent[];

beforeAll(async () => {
  server = await startScimServer({ token: SANDBOX_SCIM_TOKEN });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.store.clear();
  server.faults.reset();
  rec = recordingWorld();
  retries = [];
  client = createScimClient({ world: rec.world, baseUrl: `${server.url}/`, token: SANDBOX_SCIM_TOKEN, onRetry: (e) => retries.push(e) });
});

describe('discovery', () => {
  it('reads the sandbox: PATCH, filter limits, the enterprise extension', async () => {
    const target = await client.discover();
    expect(target).toMatchObject({ patch: true, filter: true, filterMaxResults: 200, etag: false, declared: { config: true, schemas: true } });
    expect(target.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 1048576 });
    expect(target.extensions).toEqual([ENTERPRISE_USER_SCHEMA]);
    for (const path of ['userName', 'externalId', 'name.givenName', typed('emails', 'work', 'value'), typed('phoneNumbers', 'mobile', 'value'), typed('addresses', 'work', 'locality'), enterprise('department'), enterprise('manager.value')]) {
      expect(target.supports(path), path).toBe(true);
    }
    for (const path of ['groups', 'id', enterprise('nope'), 'urn:zoho:custom:User:Cost_Centre', 'name.nope']) expect(target.supports(path), path).toBe(false);
    expect(target.customAttribute('department')).toBe(enterprise('department'));
    expect(target.customAttribute('Department')).toBeUndefined();
    expect(rec.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['GET /scim/v2/ServiceProviderConfig', 'GET /scim/v2/Schemas']);
    const headers = rec.requests[0]!.headers;
    expect(headers['authorization']).toBe(`Bearer ${SANDBOX_SCIM_TOKEN}`);
    expect(headers['accept']).toMatch(/^application\/scim\+json/);
  });

  it('falls back to permissive when /Schemas or /ServiceProviderConfig are not offered (404, 501)', async () => {
    const tiny = await tinyServer((req, res) => {
      if (req.url?.endsWith('/ServiceProviderConfig')) return json(res, 200, { patch: { supported: false }, filter: { supported: true, maxResults: 50 } });
      if (req.url?.endsWith('/Schemas')) return json(res, 404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
      json(res, 500, {});
    });
    try {
      const target = await createScimClient({ world: rec.world, baseUrl: tiny.url, token: 'tiny-token-123456' }).discover();
      expect(target).toMatchObject({ patch: false, filterMaxResults: 50, declared: { config: true, schemas: false } });
      expect(target.supports('urn:zoho:custom:2.0:User:Anything')).toBe(true);
    } finally {
      await tiny.close();
    }
    const none = await tinyServer((_req, res) => res.writeHead(501).end('Not Implemented'));
    try {
      const target = await createScimClient({ world: rec.world, baseUrl: none.url, token: 'tiny-token-123456' }).discover();
      expect(target).toMatchObject({ patch: true, declared: { config: false, schemas: false } });
      expect(target.supports('nickName')).toBe(true);
    } finally {
      await none.close();
    }
  });

  it('calls an HTML page where SCIM was expected malformed, and a wrong path a wrong endpoint', async () => {
    const portal = await tinyServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title>'));
    try {
      const e = await rejection(createScimClient({ world: rec.world, baseUrl: portal.url, token: 'tiny-token-123456' }).discover());
      expect(e.kind).toBe('malformed');
      expect(e.message).toMatch(/not SCIM/);
    } finally {
      await portal.close();
    }
    const wrong = createScimClient({ world: rec.world, baseUrl: server.url.replace('/scim/v2', '/scim/v3'), token: SANDBOX_SCIM_TOKEN });
    expect((await wrong.discover()).declared).toEqual({ config: false, schemas: false });
    const e = await rejection(wrong.listUsers());
    expect(e).toMatchObject({ kind: 'not-found', status: 404 });
    expect(e.message).toContain('/scim/v3');
    expect(e.message).toMatch(/URL is wrong/);
    expect(e.detail).toBeUndefined(); // Express's HTML 404 page is not quoted
  });

  it('refuses a ListResponse of the wrong shape, naming the field, not the value', async () => {
    const odd = await tinyServer((req, res) => {
      if (req.url?.startsWith('/scim/v2/Users')) return json(res, 200, { totalResults: 1, Resources: [{ id: 'u1', userName: 42, secret: 'personal' }] });
      json(res, 404, {});
    });
    try {
      const e = await rejection(createScimClient({ world: rec.world, baseUrl: odd.url, token: 'tiny-token-123456' }).listUsers());
      expect(e.kind).toBe('malformed');
      expect(e.message).toContain('Resources.[0].userName');
      expect(e.message).not.toContain('42');
      const notJson = await tinyServer((_req, res) => res.writeHead(201).end('{"id": "half'));
      try {
        const e2 = await rejection(createScimClient({ world: rec.world, baseUrl: notJson.url, token: 'tiny-token-123456' }).createUser({ userName: 'a@example.com' }));
        expect(e2).toMatchObject({ kind: 'malformed', status: 201 });
      } finally {
        await notJson.close();
      }
    } finally {
      await odd.close();
    }
  });
});

describe('users', () => {
  it('creates users and finds them by externalId, userName and email, hostile strings included', async () => {
    const created = new Map<string, string>();
    for (const [i, value] of hostile.entries()) {
      const user = await client.createUser({
        userName: `${value}#${i}@example.com`,
        externalId: `${value}#${i}`,
        displayName: value,
        [typed('emails', 'work', 'value')]: `${value}#${i}@mail.example.com`,
      });
      expect(user.userName).toBe(`${value}#${i}@example.com`);
      expect(user.emails?.[0]).toMatchObject({ value: `${value}#${i}@mail.example.com`, type: 'work', primary: true });
      created.set(value, user.id);
    }
    // Decoys one character away, so a loose match would show.
    for (const [i, value] of hostile.entries()) {
      await client.createUser({ userName: `${value}#${i}@example.co`, externalId: `${value}#${i} `, [typed('emails', 'work', 'value')]: `x${value}#${i}@mail.example.com` });
    }
    for (const [i, value] of hostile.entries()) {
      const id = created.get(value);
      expect((await client.findUser('externalId', `${value}#${i}`))?.id, `externalId ${value}`).toBe(id);
      expect((await client.findUser('userName', `${value}#${i}@EXAMPLE.com`))?.id, `userName ${value}`).toBe(id);
      expect((await client.findUser('emails.value', `${value}#${i}@mail.example.com`))?.id, `email ${value}`).toBe(id);
      expect(await client.findUser('externalId', `${value}#${i}x`), `near miss ${value}`).toBeNull();
    }
    // A value with nothing to escape is one request; one the server cannot parse escaped takes more.
    const sent = rec.requests.length;
    await client.findUser('userName', 'Zoë Ångström 张伟 محمد#4@example.com');
    expect(rec.requests.length - sent).toBe(1);

    // The filter value is data: it cannot widen the query.
    expect(await client.findUser('userName', 'nobody" or userName pr or userName eq "')).toBeNull();
    expect(await client.findUser('externalId', 'nobody\\')).toBeNull();

    const quoted = rec.requests.find((r) => r.url.includes('filter=') && decodeURIComponent(new URL(r.url).search).includes('externalId eq "quote\\"inside#0"'));
    expect(quoted, 'the first lookup sends the RFC 7644 escaped JSON string').toBeDefined();
    expect(new URL(quoted!.url).search).not.toContain('+'); // spaces travel as %20
  });

  it('answers a duplicate with kind conflict', async () => {
    await client.createUser({ userName: 'dup@example.com' });
    const e = await rejection(client.createUser({ userName: 'DUP@example.com' }));
    expect(e).toMatchObject({ kind: 'conflict', status: 409, scimType: 'uniqueness' });
    expect(e.message).toContain('DUP@example.com');
    expect(e.detail).toBeTruthy();
  });

  it('patches a user into another and reads back exactly what the diff said', async () => {
    const before: FlatUser = {
      userName: 'ann@example.com',
      externalId: '5f1e0b2a9c8d7e6f5a4b3c2d',
      active: true,
      displayName: 'Ann Example',
      title: 'Engineer',
      'name.givenName': 'Ann',
      'name.familyName': 'Example',
      [typed('emails', 'work', 'value')]: 'ann@example.com',
      [typed('phoneNumbers', 'work', 'value')]: '+44 20 7946 0000',
      [typed('phoneNumbers', 'mobile', 'value')]: '+44 7700 900000',
      [typed('addresses', 'work', 'locality')]: 'London',
      [typed('addresses', 'work', 'country')]: 'GB',
      [enterprise('employeeNumber')]: 'E-42',
      [enterprise('department')]: 'R&D',
    };
    const boss = await client.createUser({ userName: 'boss@example.com' });
    const created = await client.createUser(before);
    expect(fromResource(created)).toEqual(before);

    const after: FlatUser = { ...before, title: 'Lead "Engineer" <b>', 'name.givenName': 'Anne', active: false, preferredLanguage: 'en-GB' };
    delete after[typed('phoneNumbers', 'mobile', 'value')];
    delete after[typed('addresses', 'work', 'country')];
    delete after[enterprise('department')];
    after[typed('addresses', 'work', 'region')] = 'Greater London';
    after[typed('phoneNumbers', 'fax', 'value')] = '+44 20 7946 0099';
    after[typed('emails', 'work', 'value')] = 'anne@example.com';
    after[enterprise('manager.value')] = boss.id;

    // Adoption: diff against what the directory holds.
    await client.patchUser(created.id, diff(fromResource(created), after));
    const read = await client.getUser(created.id);
    expect(fromResource(read!)).toEqual(after);
    expect(read!.emails).toEqual([{ value: 'anne@example.com', type: 'work', primary: true }]);

    // Then a change of manager, and its removal.
    const next = { ...after, [enterprise('manager.value')]: (await client.createUser({ userName: 'boss2@example.com' })).id };
    await client.patchUser(created.id, diff(after, next));
    expect(fromResource((await client.getUser(created.id))!)).toEqual(next);
    const { [enterprise('manager.value')]: _m, ...unmanaged } = next;
    await client.patchUser(created.id, diff(next, unmanaged));
    expect(fromResource((await client.getUser(created.id))!)).toEqual(unmanaged);

    const writes = server.counts.writes;
    await client.patchUser(created.id, []);
    expect(server.counts.writes).toBe(writes); // nothing to change, nothing sent
    const patch = rec.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.headers['content-type']).toBe('application/scim+json');
    expect(patch.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] });
  });

  it('replaces a user with PUT, for targets without PATCH', async () => {
    const created = await client.createUser({ userName: 'put@example.com', title: 'Old', [enterprise('department')]: 'Sales' });
    const replacement: FlatUser = { userName: 'put@example.com', displayName: 'Put Person', [typed('emails', 'work', 'value')]: 'put@example.com' };
    const replaced = await client.replaceUser(created.id, replacement);
    expect(fromResource(replaced)).toEqual(replacement);
    expect(fromResource((await client.getUser(created.id))!)).toEqual(replacement);
  });

  it('deletes, and deleting what is gone is done; updating it is not-found', async () => {
    const created = await client.createUser({ userName: 'gone@example.com' });
    await client.deleteUser(created.id);
    await client.deleteUser(created.id);
    expect(await client.getUser(created.id)).toBeNull();
    const e = await rejection(client.patchUser(created.id, [{ op: 'replace', path: 'active', value: false }]));
    expect(e).toMatchObject({ kind: 'not-found', status: 404 });
    expect(e.message).toMatch(/no longer exists/);
  });

  it('leaves no listener on the run’s signal once a listing is done, read whole or failed', async () => {
    for (let i = 0; i < 30; i++) server.store.createUser({ userName: `signal${i}@example.com` });
    const run = new AbortController();
    // Pages read in parallel, as the engine reads them.
    const parallel = (token: string) => createScimClient({ world: rec.world, baseUrl: server.url, token, concurrency: 4 });
    for (let i = 0; i < 3; i++) await parallel(SANDBOX_SCIM_TOKEN).listUsers({ pageSize: 10, signal: run.signal });
    await rejection(parallel('wrong-token-123456').listUsers({ signal: run.signal }));
    expect(getEventListeners(run.signal, 'abort')).toEqual([]);
  });

  it('lists 250 users in pages of 100', async () => {
    for (let i = 0; i < 250; i++) server.store.createUser({ userName: `page${String(i).padStart(3, '0')}@example.com` });
    const pages: { startIndex: number; n: number; total: number }[] = [];
    const all = await client.listUsers({ pageSize: 100, onPage: (p) => pages.push({ startIndex: p.startIndex, n: p.resources.length, total: p.totalResults }) });
    expect(all).toHaveLength(250);
    expect(new Set(all.map((u) => u.id)).size).toBe(250);
    expect(all.map((u) => u.userName)).toEqual(server.store.listUsers().map((u) => u.userName));
    expect(pages).toEqual([
      { startIndex: 1, n: 100, total: 250 },
      { startIndex: 101, n: 100, total: 250 },
      { startIndex: 201, n: 50, total: 250 },
    ]);
    expect(rec.requests.map((r) => new URL(r.url).search)).toEqual(['?startIndex=1&count=100', '?startIndex=101&count=100', '?startIndex=201&count=100']);
  });

  it('does not stop at a short page: a server capping pages below the count asked for', async () => {
    const TOTAL = 95;
    const CAP = 30;
    const capped = await tinyServer((req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams;
      const start = Number(q.get('startIndex') ?? 1);
      const count = Math.min(CAP, Number(q.get('count') ?? CAP));
      const ids = Array.from({ length: TOTAL }, (_, i) => i + 1).slice(start - 1, start - 1 + count);
      json(res, 200, { totalResults: TOTAL, startIndex: start, itemsPerPage: ids.length, Resources: ids.map((i) => ({ id: `u${i}`, userName: `u${i}@example.com` })) });
    });
    try {
      const users = await createScimClient({ world: rec.world, baseUrl: capped.url, token: 'tiny-token-123456' }).listUsers({ pageSize: 100 });
      expect(users.map((u) => u.id)).toEqual(Array.from({ length: TOTAL }, (_, i) => `u${i + 1}`));
    } finally {
      await capped.close();
    }
  });

  it('refuses to pass off a page that ends early as the whole directory', async () => {
    const lying = await tinyServer((req, res) => {
      const start = Number(new URL(req.url!, 'http://x').searchParams.get('startIndex') ?? 1);
      json(res, 200, { totalResults: 500, Resources: start === 1 ? [{ id: 'u1', userName: 'u1@example.com' }] : [] });
    });
    try {
      const e = await rejection(createScimClient({ world: rec.world, baseUrl: lying.url, token: 'tiny-token-123456' }).listUsers());
      expect(e.kind).toBe('malformed');
      expect(e.message).toMatch(/empty page at 2 of 500/);
    } finally {
      await lying.close();
    }
  });

  describe('several pages at once', () => {
    const parallel = (url: string) => createScimClient({ world: rec.world, baseUrl: url, token: SANDBOX_SCIM_TOKEN, concurrency: 4 });

    it('reads the same users in the same order as one page after another, asking for each page once', async () => {
      for (let i = 0; i < 450; i++) server.store.createUser({ userName: `wide${String(i).padStart(3, '0')}@example.com` });
      let inFlight = 0;
      let most = 0;
      const counting: World = {
        ...rec.world,
        fetch: async (input, init) => {
          most = Math.max(most, ++inFlight);
          try {
            return await rec.world.fetch(input, init);
          } finally {
            inFlight--;
          }
        },
      };
      const totals: number[] = [];
      const all = await createScimClient({ world: counting, baseUrl: server.url, token: SANDBOX_SCIM_TOKEN, concurrency: 4 }).listUsers({ pageSize: 100, onPage: (p) => totals.push(p.startIndex) });
      expect(most).toBe(4);
      expect(all.map((u) => u.userName)).toEqual(server.store.listUsers().map((u) => u.userName));
      expect(totals).toEqual([1, 101, 201, 301, 401]);
      expect(rec.requests.map((r) => new URL(r.url).searchParams.get('startIndex')).sort()).toEqual(['1', '101', '201', '301', '401']);
    });

    it('reads one by one what a short page left out, and what the list grew by while it was read', async () => {
      // 95 users in pages capped at 30; the page at 31 comes back with 10 only, and from the
      // third request on the list has 35 users more.
      let served = 0;
      const uneven = await tinyServer((req, res) => {
        const q = new URL(req.url!, 'http://x').searchParams;
        const start = Number(q.get('startIndex') ?? 1);
        const total = ++served >= 3 ? 130 : 95;
        const count = start === 31 ? 10 : Math.min(30, Number(q.get('count') ?? 30));
        const ids = Array.from({ length: total }, (_, i) => i + 1).slice(start - 1, start - 1 + count);
        json(res, 200, { totalResults: total, Resources: ids.map((i) => ({ id: `u${i}`, userName: `u${i}@example.com` })) });
      });
      try {
        const users = await parallel(uneven.url).listUsers({ pageSize: 100 });
        expect(users.map((u) => u.id)).toEqual(Array.from({ length: 130 }, (_, i) => `u${i + 1}`));
      } finally {
        await uneven.close();
      }
    });

    it('visits each page as soon as those before it are, and asks for none far ahead of a page that is late', async () => {
      // 400 users in pages of 10; the second page is held back until the client stops asking.
      const asked: number[] = [];
      let releaseSecond!: () => void;
      const second = new Promise<void>((r) => (releaseSecond = r));
      const slow = await tinyServer(async (req, res) => {
        const start = Number(new URL(req.url!, 'http://x').searchParams.get('startIndex') ?? 1);
        asked.push(start);
        if (start === 11) await second;
        const ids = Array.from({ length: 400 }, (_, i) => i + 1).slice(start - 1, start + 9);
        json(res, 200, { totalResults: 400, Resources: ids.map((i) => ({ id: `u${i}`, userName: `u${i}@example.com` })) });
      });
      try {
        const visited: number[] = [];
        const listing = createScimClient({ world: rec.world, baseUrl: slow.url, token: SANDBOX_SCIM_TOKEN, concurrency: 2 }).listUsers({
          pageSize: 10,
          onPage: (p) => visited.push(p.startIndex),
        });
        // Wait until the count of requests stays put.
        for (let seen = -1; seen !== asked.length; ) {
          seen = asked.length;
          await new Promise((r) => setTimeout(r, 150));
        }
        // The first page, the late one, and a window of 2 pages per request in flight (2) beyond it.
        expect(asked.length).toBeLessThanOrEqual(2 + 2 * 2);
        expect(visited).toEqual([1]);
        releaseSecond();
        const users = await listing;
        expect(users.map((u) => u.id)).toEqual(Array.from({ length: 400 }, (_, i) => `u${i + 1}`));
        expect(visited).toEqual(Array.from({ length: 40 }, (_, i) => 1 + 10 * i));
        expect([...asked].sort((a, b) => a - b)).toEqual(visited);
      } finally {
        await slow.close();
      }
    });

    it('refuses a page that ends early there too', async () => {
      const lying = await tinyServer((req, res) => {
        const start = Number(new URL(req.url!, 'http://x').searchParams.get('startIndex') ?? 1);
        json(res, 200, { totalResults: 300, Resources: start === 1 ? Array.from({ length: 100 }, (_, i) => ({ id: `u${i}`, userName: `u${i}@example.com` })) : [] });
      });
      try {
        const e = await rejection(parallel(lying.url).listUsers());
        expect(e.kind).toBe('malformed');
        expect(e.message).toMatch(/empty page at 101 of 300/);
      } finally {
        await lying.close();
      }
    });
  });
});

describe('groups', () => {
  it('creates a group, finds it, and changes 250 members in batches of at most 100', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => server.store.createUser({ userName: `member${i}@example.com` }).id);
    const group = await client.createGroup({ displayName: 'Engineering <All> "Staff"', externalId: '5f1e0b2a9c8d7e6f5a4b3c99' });
    expect(group).toMatchObject({ displayName: 'Engineering <All> "Staff"', externalId: '5f1e0b2a9c8d7e6f5a4b3c99' });
    expect((await client.findGroup('externalId', '5f1e0b2a9c8d7e6f5a4b3c99'))?.id).toBe(group.id);
    expect((await client.findGroup('displayName', 'engineering <all> "staff"'))?.id).toBe(group.id);
    expect(await client.findGroup('displayName', 'Engineering')).toBeNull();
    expect(rec.requests.filter((r) => r.url.includes('/Groups?')).every((r) => r.url.includes('excludedAttributes=members'))).toBe(true);

    rec.requests.length = 0;
    await client.patchGroupMembers(group.id, [...ids, ...ids.slice(0, 10)], []);
    const adds = rec.requests.filter((r) => r.method === 'PATCH');
    const sizes = adds.map((r) => (r.body as { Operations: { value: unknown[] }[] }).Operations.reduce((n, o) => n + o.value.length, 0));
    expect(sizes).toEqual([100, 100, 50]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MEMBER_BATCH);
    expect(adds[0]!.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: ids.slice(0, 100).map((value) => ({ value })) }],
    });
    expect(server.store.getGroup(group.id)?.members.size).toBe(250);
    expect(new Set(await client.getGroupMembers(group.id))).toEqual(new Set(ids));

    rec.requests.length = 0;
    await client.patchGroupMembers(group.id, [], ids.slice(0, 120));
    const removes = rec.requests.filter((r) => r.method === 'PATCH');
    expect(removes.map((r) => (r.body as { Operations: { op: string; value: unknown[] }[] }).Operations.map((o) => [o.op, o.value.length]))).toEqual([
      [['remove', 100]],
      [['remove', 20]],
    ]);
    expect(new Set(await client.getGroupMembers(group.id))).toEqual(new Set(ids.slice(120)));

    rec.requests.length = 0;
    await client.patchGroupMembers(group.id, [], []);
    expect(rec.requests).toHaveLength(0);
  });

  it('renames a group, keeping its members', async () => {
    const user = await client.createUser({ userName: 'renamed.member@example.com' });
    const group = await client.createGroup({ displayName: 'Old name', externalId: 'g-1' });
    await client.patchGroupMembers(group.id, [user.id], []);
    await client.renameGroup(group.id, 'New "name" \\ <b>');
    expect((await client.findGroup('externalId', 'g-1'))?.displayName).toBe('New "name" \\ <b>');
    expect(await client.getGroupMembers(group.id)).toEqual([user.id]);
    await client.createGroup({ displayName: 'Taken' });
    expect(await rejection(client.renameGroup(group.id, 'Taken'))).toMatchObject({ kind: 'conflict', status: 409 });
  });

  it('answers a duplicate group with conflict, and deletes groups idempotently', async () => {
    const group = await client.createGroup({ displayName: 'Sales' });
    expect(await rejection(client.createGroup({ displayName: 'sales' }))).toMatchObject({ kind: 'conflict', status: 409 });
    await client.deleteGroup(group.id);
    await client.deleteGroup(group.id);
    expect(await client.findGroup('displayName', 'Sales')).toBeNull();
    expect(await rejection(client.getGroupMembers(group.id))).toMatchObject({ kind: 'not-found' });
  });
});

describe('failures', () => {
  it('calls a refused token unauthorized, in plain words, without the token', async () => {
    const wrongToken = 'zds_wrong_0123456789abcdef0123456789abcdef.c2VjcmV0LXdyb25nLXRva2Vu';
    const wrong = createScimClient({ world: rec.world, baseUrl: server.url, token: wrongToken });
    for (const attempt of [() => wrong.discover(), () => wrong.listUsers(), () => wrong.createUser({ userName: 'x@example.com' }), () => wrong.findUser('userName', 'x')]) {
      const e = await rejection(attempt());
      expect(e).toMatchObject({ kind: 'unauthorized', status: 401 });
      expect(e.message).toBe('The Sync endpoint refused the SCIM token: it is wrong, or was regenerated in Zoho Directory.');
      expect(e.hint).toBe("In Zoho Directory open Admin Panel → Directory Stores → JumpCloud, copy the SCIM token again and paste it in the assistant's settings.");
      expectNoToken(e, wrongToken);
      expectNoToken(e);
    }
    expect(server.store.userCount).toBe(0);
  });

  it('redacts the token when a server quotes it back', async () => {
    const token = 'zds_echo_fedcba9876543210fedcba9876543210.ZWNob2VkLWJhY2s';
    const echo = await tinyServer((req, res) =>
      json(res, 400, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail: `bad request with header ${req.headers.authorization} (token ${token})` }),
    );
    try {
      const e = await rejection(createScimClient({ world: rec.world, baseUrl: echo.url, token }).createUser({ userName: 'x@example.com' }));
      expect(e).toMatchObject({ kind: 'invalid', status: 400, scimType: 'invalidValue' });
      expect(e.detail).toContain('bad request with header');
      expect(e.message).toContain('The directory said');
      expectNoToken(e, token);
    } finally {
      await echo.close();
    }
  });

  it('waits out a storm of 429s as Retry-After says, and counts every request', async () => {
    server.store.createUser({ userName: 'storm@example.com' });
    server.faults.set({ fail429Next: 5, retryAfterSeconds: 2 });
    const users = await client.listUsers();
    expect(users.map((u) => u.userName)).toEqual(['storm@example.com']);
    expect(rec.sleeps).toEqual([2000, 2000, 2000, 2000, 2000]);
    expect(retries.map((r) => r.kind)).toEqual(Array(5).fill('throttled'));
    expect(client.counts).toEqual({ reads: 6, writes: 0 });
    expect(server.counts.reads).toBeGreaterThan(0);
  });

  it('retries 5xx with backoff, then gives up as unavailable', async () => {
    server.faults.set({ fail5xxNext: 2, status5xx: 502 });
    const created = await client.createUser({ userName: 'flaky@example.com' });
    expect(created.userName).toBe('flaky@example.com');
    expect(retries.map((r) => (r.kind === 'server-error' ? r.status : r.kind))).toEqual([502, 502]);
    expect(rec.sleeps).toHaveLength(2);
    expect(client.counts).toEqual({ reads: 0, writes: 3 });

    server.faults.set({ fail5xxNext: 50, status5xx: 503 });
    const e = await rejection(client.findUser('userName', 'flaky@example.com'));
    expect(e).toMatchObject({ kind: 'unavailable', status: 503 });
    expectNoToken(e);
    server.faults.reset();

    server.faults.set({ fail429Next: 50, retryAfterSeconds: null });
    const t = await rejection(client.getUser(created.id));
    expect(t).toMatchObject({ kind: 'unavailable', status: 429 });
    expect(t.message).toMatch(/slow down/);
  });

  it('calls an unreachable endpoint unavailable', async () => {
    const closed = await tinyServer(() => {});
    const url = closed.url;
    await closed.close();
    const e = await rejection(createScimClient({ world: rec.world, baseUrl: url, token: SANDBOX_SCIM_TOKEN }).listUsers());
    expect(e.kind).toBe('unavailable');
    expect(e.message).toMatch(/could not be reached/);
    expectNoToken(e);
    expect(rec.sleeps.length).toBeGreaterThan(0);
  });
});

describe('counts', () => {
  it('counts what the server served, one for one, when nothing fails', async () => {
    const before = { ...server.counts };
    const user = await client.createUser({ userName: 'count@example.com', externalId: 'c-1' });
    await client.findUser('externalId', 'c-1');
    await client.getUser(user.id);
    await client.patchUser(user.id, [{ op: 'replace', path: 'active', value: false }]);
    await client.replaceUser(user.id, { userName: 'count@example.com' });
    const group = await client.createGroup({ displayName: 'Counted' });
    await client.patchGroupMembers(group.id, [user.id], []);
    await client.getGroupMembers(group.id);
    await client.deleteGroup(group.id);
    await client.deleteUser(user.id);
    await client.listUsers();
    expect(client.counts).toEqual({ reads: server.counts.reads - before.reads, writes: server.counts.writes - before.writes });
    expect(client.counts).toEqual({ reads: 4, writes: 7 });
  });
});
