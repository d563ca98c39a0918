// Behaviour of the fake JumpCloud API over real HTTP: paging, limits, filters, search, the group
// graph, tenancy headers, faults, mid-run mutations, exact strings, and the generator itself.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateDirectory, HARD_USERS, type SystemUser } from '../../sandbox/jumpcloud/directory.js';
import { SANDBOX_API_KEY, SANDBOX_ORG_ID, startJumpCloudServer, type JumpCloudServer } from '../../sandbox/jumpcloud/server.js';

const MTP_KEY = 'jca_MultiTenantSandboxKey00000000000001';
const OTHER_ORG = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const THIRD_ORG = 'bbbbbbbbbbbbbbbbbbbbbbbb';

interface Page<T> {
  totalCount: number;
  results: T[];
}
interface PathObject {
  id: string;
  type: string;
  paths: { to: { id: string; type: string } }[][];
}

let server: JumpCloudServer;
const directory = generateDirectory({ users: 537, seed: 11 });
const other = generateDirectory({ users: 12, groups: 0, seed: 3, orgId: OTHER_ORG, orgName: 'Other Org' });

beforeAll(async () => {
  server = await startJumpCloudServer({
    directory,
    apiKeys: [{ key: SANDBOX_API_KEY }, { key: MTP_KEY, orgIds: [SANDBOX_ORG_ID, OTHER_ORG, THIRD_ORG] }],
    otherDirectories: [other],
  });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => server.faults.reset());

async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'x-api-key': SANDBOX_API_KEY,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const raw = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, raw, body: JSON.parse(raw.toString('utf8')) as unknown };
}
const get = async <T>(path: string, headers?: Record<string, string>) => {
  const r = await call(path, { headers });
  return { ...r, body: r.body as T };
};
const search = async <T = Page<SystemUser>>(body: unknown, query = '') => {
  const r = await call(`/api/search/systemusers${query}`, { method: 'POST', body });
  return { ...r, body: r.body as T };
};
const special = (label: string) => directory.special.users.get(label)!;
const group = (label: string) => directory.special.groups.get(label)!;

/** Pages through a v1 list with sort=_id until totalCount, as a careful client would. */
async function allUsers(query = ''): Promise<SystemUser[]> {
  const out: SystemUser[] = [];
  for (let skip = 0; ; skip += 100) {
    const { status, body } = await get<Page<SystemUser>>(`/api/systemusers?limit=100&skip=${skip}&sort=_id${query}`);
    expect(status).toBe(200);
    out.push(...body.results);
    if (skip + 100 >= body.totalCount) return out;
  }
}

/** Pages through a v2 listing until x-total-count. */
async function allV2<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let skip = 0; ; skip += 100) {
    const { status, headers, body } = await get<T[]>(`${path}${sep}limit=100&skip=${skip}`);
    expect(status).toBe(200);
    out.push(...body);
    if (skip + 100 >= Number(headers.get('x-total-count'))) return out;
  }
}

describe('v1 GET /api/systemusers', () => {
  it('pages with sort=_id cover every user exactly once, in id order, with the right totalCount', async () => {
    const first = await get<Page<SystemUser>>('/api/systemusers?limit=100&sort=_id');
    expect(first.body.totalCount).toBe(537);
    const users = await allUsers();
    const ids = users.map((u) => u._id);
    expect(ids).toHaveLength(537);
    expect(new Set(ids).size).toBe(537);
    expect(ids).toEqual(directory.users.map((u) => u._id));
    expect([...ids].sort()).toEqual(ids);
  });

  it('defaults to 10 results; -_id sorts descending; sorts on other fields', async () => {
    expect((await get<Page<SystemUser>>('/api/systemusers')).body.results).toHaveLength(10);
    const desc = await get<Page<SystemUser>>('/api/systemusers?limit=3&sort=-_id');
    expect(desc.body.results.map((u) => u._id)).toEqual(directory.users.slice(-3).reverse().map((u) => u._id));
    const byName = await get<Page<SystemUser>>('/api/systemusers?limit=100&sort=username&fields=username');
    const names = byName.body.results.map((u) => u.username);
    expect(names).toEqual([...directory.users.map((u) => u.username)].sort().slice(0, 100));
    const byEmailDesc = await get<Page<SystemUser>>('/api/systemusers?limit=5&sort=-email');
    expect(byEmailDesc.body.results.map((u) => u.email)).toEqual([...directory.users.map((u) => u.email)].sort().reverse().slice(0, 5));
  });

  it('limit above 100 is a 400 with JumpCloud\'s message; 100 is fine; bad numbers are 400', async () => {
    const over = await get('/api/systemusers?limit=101');
    expect(over.status).toBe(400);
    expect(over.raw.toString()).toBe('{"message":"Bad Request: request parameter \\"limit\\" exceeds maximum value of 100"}');
    expect((await get('/api/systemusers?limit=100')).status).toBe(200);
    expect((await get('/api/systemusers?skip=-1')).status).toBe(400);
    expect((await get('/api/systemusers?limit=ten')).status).toBe(400);
  });

  it('fields returns only the named fields plus _id', async () => {
    const { body } = await get<Page<Record<string, unknown>>>('/api/systemusers?limit=5&fields=email%20state');
    expect(body.results).toHaveLength(5);
    for (const u of body.results) expect(Object.keys(u).sort()).toEqual(['_id', 'email', 'state']);
    const one = await get<Record<string, unknown>>(`/api/systemusers/${special('cjk')}?fields=displayname`);
    expect(one.body).toEqual({ _id: special('cjk'), displayname: '山田 太郎' });
  });

  it('filter field:eq:value / ne, repeated filters are ANDed, and they work with dotted paths', async () => {
    const suspended = await get<Page<SystemUser>>('/api/systemusers?limit=100&filter=state:eq:SUSPENDED');
    const expected = directory.users.filter((u) => u.state === 'SUSPENDED');
    expect(suspended.body.totalCount).toBe(expected.length);
    expect(suspended.body.results.map((u) => u._id)).toEqual(expected.map((u) => u._id));
    expect(suspended.body.results.every((u) => u.suspended && u.activated)).toBe(true);

    const both = await get<Page<SystemUser>>('/api/systemusers?limit=100&filter=department:eq:Sales&filter=state:ne:ACTIVATED');
    const expectedBoth = directory.users.filter((u) => u.department === 'Sales' && u.state !== 'ACTIVATED');
    expect(both.body.totalCount).toBe(expectedBoth.length);

    const byEmail = await get<Page<SystemUser>>(`/api/systemusers?filter=${encodeURIComponent('email:eq:Mixed.Case@Example.COM')}`);
    expect(byEmail.body.results.map((u) => u._id)).toEqual([special('mixedCaseEmail')]);
    // Exact and case-sensitive, as JumpCloud documents for filter values.
    expect((await get<Page<SystemUser>>('/api/systemusers?filter=email:eq:mixed.case@example.com')).body.totalCount).toBe(0);

    const attr = await get<Page<SystemUser>>('/api/systemusers?filter=attributes.value:eq:annex');
    expect(attr.body.results.map((u) => u._id)).toEqual([special('attributeCase')]);

    const bad = await get<{ message: string }>('/api/systemusers?filter=state:like:X');
    expect(bad.status).toBe(400);
  });

  it('GET /api/systemusers/{id} returns the user, or 404 with a JSON message', async () => {
    const user = directory.users[17]!;
    const ok = await get<SystemUser>(`/api/systemusers/${user._id}`);
    expect(ok.body).toEqual(JSON.parse(JSON.stringify(user)));
    const missing = await get<{ message: string }>('/api/systemusers/000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/not found/i);
  });
});

describe('v1 POST /api/search/systemusers', () => {
  it('filter as an array (AND), as {or}, nested {and}, with searchFilter, fields and body limit/skip', async () => {
    const eng = directory.users.filter((u) => u.department === 'Engineering' && u.state === 'ACTIVATED');
    const a = await search({ filter: [{ department: 'Engineering' }, { state: 'ACTIVATED' }], limit: 1000 });
    expect(a.body.totalCount).toBe(eng.length);
    expect(a.body.results.map((u) => u._id)).toEqual(eng.map((u) => u._id));

    const either = directory.users.filter((u) => u.department === 'Sales' || u.department === 'Finance');
    const b = await search({ filter: { or: [{ department: 'Sales' }, { department: 'Finance' }] }, fields: 'department', limit: 5, skip: 2 });
    expect(b.body.totalCount).toBe(either.length);
    expect(b.body.results.map((u) => u._id)).toEqual(either.slice(2, 7).map((u) => u._id));
    expect(Object.keys(b.body.results[0]!).sort()).toEqual(['_id', 'department']);

    const c = await search({ filter: { and: [{ or: [{ state: 'STAGED' }, { state: 'SUSPENDED' }] }, { 'attributes.name': 'Building' }] }, limit: 1000 });
    const expectedC = directory.users.filter((u) => u.state !== 'ACTIVATED' && u.attributes.some((x) => x.name === 'Building'));
    expect(c.body.results.map((u) => u._id)).toEqual(expectedC.map((u) => u._id));

    const d = await search({ searchFilter: { searchTerm: ['YAMADA', 'bobby'], fields: ['username'] } });
    expect(d.body.results.map((u) => u._id).sort()).toEqual([special('cjk'), special('sql')].sort());

    const e = await search({ searchFilter: { searchTerm: '太郎' } });
    expect(e.body.results.map((u) => u._id)).toEqual([special('cjk')]);
  });

  it('accepts limit up to 1000 (query or body) and rejects more', async () => {
    expect((await search({}, '?limit=1000')).body.results).toHaveLength(537);
    const over = await search<{ message: string }>({ limit: 1001 });
    expect(over.status).toBe(400);
    expect(over.body).toEqual({ message: 'Bad Request: request parameter "limit" exceeds maximum value of 1000' });
    const badJson = await fetch(`${server.url}/api/search/systemusers`, {
      method: 'POST',
      headers: { 'x-api-key': SANDBOX_API_KEY, 'content-type': 'application/json' },
      body: '{"filter":',
    });
    expect(badJson.status).toBe(400);
  });
});

describe('v2 user groups and the membership graph', () => {
  it('lists groups as a bare array with x-total-count, pages, sorts and filters', async () => {
    const { body, headers } = await get<{ id: string; name: string }[]>('/api/v2/usergroups?limit=5&skip=2&sort=id');
    expect(Array.isArray(body)).toBe(true);
    expect(headers.get('x-total-count')).toBe(String(directory.groups.length));
    expect(body.map((g) => g.id)).toEqual(directory.groups.map((g) => g.id).sort().slice(2, 7));
    const sorted = await get<{ name: string }[]>('/api/v2/usergroups?limit=100&sort=-name&fields=name');
    expect(sorted.body.map((g) => g.name)).toEqual(directory.groups.map((g) => g.name).sort().reverse());
    expect(Object.keys(sorted.body[0]!).sort()).toEqual(['id', 'name']);
    const byName = await get<{ id: string }[]>(`/api/v2/usergroups?filter=${encodeURIComponent('name:eq:Platform Team')}`);
    expect(byName.body.map((g) => g.id)).toEqual([group('platform')]);
    expect(byName.headers.get('x-total-count')).toBe('1');
    const plus = await get<{ id: string }[]>('/api/v2/usergroups?filter=name:eq:SRE+on-call');
    expect(plus.body.map((g) => g.id)).toEqual([group('sre')]);
    expect((await get('/api/v2/usergroups?limit=101')).status).toBe(400);
    expect((await get(`/api/v2/usergroups/${group('hostile')}`)).body).toMatchObject({ name: '<img src=x onerror=alert(1)> "Group"; DROP TABLE groups;--', type: 'user_group' });
    expect((await get('/api/v2/usergroups/000000000000000000000000')).status).toBe(404);
  });

  it('/members lists direct edges only: users and nested groups (type user_group)', async () => {
    const edges = await allV2<{ to: { id: string; type: string } }>(`/api/v2/usergroups/${group('dept:Engineering')}/members?sort=id`);
    const nested = edges.filter((e) => e.to.type === 'user_group').map((e) => e.to.id);
    expect(nested).toEqual([group('platform')]);
    const users = edges.filter((e) => e.to.type === 'user').map((e) => e.to.id);
    expect(users.length).toBeGreaterThan(50);
    expect(edges.length).toBe(users.length + 1);
    const all = await get<{ to: { type: string } }[]>(`/api/v2/usergroups/${group('allStaff')}/members?limit=100`);
    expect(all.body.every((e) => e.to.type === 'user_group')).toBe(true);
  });

  it('pages an unsorted graph listing in an order that changes between requests, as JumpCloud warns: rows repeat and go missing', async () => {
    const unsorted = await allV2<PathObject>(`/api/v2/usergroups/${group('allStaff')}/membership`);
    expect(unsorted).toHaveLength(directory.users.length);
    expect(new Set(unsorted.map((m) => m.id)).size).toBeLessThan(directory.users.length);
    // The same unsorted request twice: the same groups, not in the same order (14! orders to pick from).
    const order = async () => (await get<{ id: string }[]>('/api/v2/usergroups?limit=100')).body.map((g) => g.id);
    const [first, second] = [await order(), await order()];
    expect([...first].sort()).toEqual([...second].sort());
    expect(first).not.toEqual(second);
  });

  it('/membership resolves nested groups: each user once, with the route as paths', async () => {
    const members = await allV2<PathObject>(`/api/v2/usergroups/${group('allStaff')}/membership?sort=id`);
    // Every user is in exactly one department group, and All Staff nests all of them.
    expect(members).toHaveLength(directory.users.length);
    expect(new Set(members.map((m) => m.id)).size).toBe(directory.users.length);
    expect(members.every((m) => m.type === 'user')).toBe(true);

    const eng = await allV2<PathObject>(`/api/v2/usergroups/${group('dept:Engineering')}/membership?sort=id`);
    const sreOnly = directory.directMembers(group('sre')).filter((e) => e.type === 'user').map((e) => e.id);
    expect(sreOnly.length).toBeGreaterThan(0);
    const sreMember = eng.find((m) => m.id === sreOnly[0])!;
    // Directly in Engineering, and through Platform Team → SRE on-call.
    const routes = sreMember.paths.map((p) => p.map((e) => e.to.id));
    expect(routes).toContainEqual([sreMember.id]);
    expect(routes).toContainEqual([group('platform'), group('sre'), sreMember.id]);
  });

  it('a membership cycle terminates and lists each user once', async () => {
    const a = await allV2<PathObject>(`/api/v2/usergroups/${group('cycleA')}/membership?sort=id`);
    const b = await allV2<PathObject>(`/api/v2/usergroups/${group('cycleB')}/membership?sort=id`);
    const direct = (l: string) => directory.directMembers(group(l)).filter((e) => e.type === 'user').map((e) => e.id);
    const union = [...new Set([...direct('cycleA'), ...direct('cycleB')])].sort();
    expect(a.map((m) => m.id)).toEqual(union);
    expect(b.map((m) => m.id)).toEqual(union);
    expect((await get(`/api/v2/usergroups/${group('empty')}/membership`)).body).toEqual([]);
  });

  it('/membership filters on object_id and type', async () => {
    const target = directory.directMembers(group('platform'))[0]!.id;
    const one = await get<PathObject[]>(`/api/v2/usergroups/${group('dept:Engineering')}/membership?filter=object_id:eq:${target}`);
    expect(one.body.map((m) => m.id)).toEqual([target]);
    const groupsOnly = await get<PathObject[]>(`/api/v2/usergroups/${group('dept:Engineering')}/membership?filter=type:eq:user_group`);
    expect(groupsOnly.body).toEqual([]);
  });

  it('/users/{id}/memberof lists direct and inherited groups with paths', async () => {
    const sreUser = directory.directMembers(group('sre')).find((e) => e.type === 'user')!.id;
    const { body, headers } = await get<PathObject[]>(`/api/v2/users/${sreUser}/memberof?limit=100&filter=type:eq:user_group`);
    const ids = body.map((g) => g.id);
    for (const l of ['sre', 'platform', 'dept:Engineering', 'allStaff']) expect(ids).toContain(group(l));
    expect(headers.get('x-total-count')).toBe(String(body.length));
    expect(body.every((g) => g.type === 'user_group')).toBe(true);
    const routesTo = (l: string) => body.find((g) => g.id === group(l))!.paths.map((p) => p.map((e) => e.to.id));
    expect(routesTo('allStaff')).toContainEqual([group('dept:Engineering'), group('allStaff')]);
    expect(routesTo('sre')).toEqual([[group('sre')]]);
    // In Platform directly and because SRE on-call is nested in it.
    expect(routesTo('platform')).toEqual([[group('platform')], [group('sre'), group('platform')]]);
    expect((await get('/api/v2/users/000000000000000000000000/memberof')).status).toBe(404);
  });
});

describe('authentication and tenancy', () => {
  const unauthorized = '{"error":"Unauthorized","message":"Unauthorized: api key user not found"}';

  it('a missing or unknown key is a 401 with JumpCloud\'s body', async () => {
    const none = await fetch(`${server.url}/api/systemusers`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await none.text()).toBe(unauthorized);
    const wrong = await call('/api/systemusers', { headers: { 'x-api-key': SANDBOX_API_KEY.slice(0, -1) + 'X' } });
    expect(wrong.status).toBe(401);
    expect(wrong.raw.toString()).toBe(unauthorized);
  });

  it('the sandbox key has the current format', () => {
    expect(SANDBOX_API_KEY).toMatch(/^jca_[A-Za-z0-9]{36}$/);
    expect(SANDBOX_ORG_ID).toMatch(/^[0-9a-f]{24}$/);
  });

  it('a multi-tenant key must select an org with x-org-id, except on /api/organizations', async () => {
    const mtp = (h: Record<string, string> = {}) => ({ 'x-api-key': MTP_KEY, ...h });
    const missing = await get<{ message: string }>('/api/systemusers', mtp());
    expect(missing.status).toBe(401);
    expect(missing.body.message).toMatch(/no organization selected/);
    expect((await get('/api/v2/usergroups', mtp())).status).toBe(401);
    expect((await get('/api/systemusers', mtp({ 'x-org-id': 'not-an-id' }))).status).toBe(400);
    expect((await get('/api/systemusers', mtp({ 'x-org-id': 'cccccccccccccccccccccccc' }))).status).toBe(404);

    const main = await get<Page<SystemUser>>('/api/systemusers', mtp({ 'x-org-id': SANDBOX_ORG_ID }));
    expect(main.body.totalCount).toBe(directory.users.length);
    const second = await get<Page<SystemUser>>('/api/systemusers', mtp({ 'x-org-id': OTHER_ORG }));
    expect(second.body.totalCount).toBe(12);
    expect(second.body.results.every((u) => u.organization === OTHER_ORG)).toBe(true);
    const third = await get<Page<SystemUser>>('/api/systemusers', mtp({ 'x-org-id': THIRD_ORG }));
    expect(third.body.totalCount).toBe(0);

    const orgs = await get<Page<{ _id: string; displayName: string }>>('/api/organizations', mtp());
    expect(orgs.status).toBe(200);
    expect(orgs.body.totalCount).toBe(3);
    expect(orgs.body.results.map((o) => o._id)).toEqual([SANDBOX_ORG_ID, OTHER_ORG, THIRD_ORG]);
    expect(orgs.body.results[1]!.displayName).toBe('Other Org');
    expect((await get('/api/organizations', mtp({ 'x-org-id': SANDBOX_ORG_ID }))).status).toBe(403);
  });

  it('a single-tenant key may send its own org id, nothing else', async () => {
    const orgs = await get<Page<{ _id: string }>>('/api/organizations');
    expect(orgs.body).toEqual({ totalCount: 1, results: [{ _id: SANDBOX_ORG_ID, displayName: directory.orgName }] });
    expect((await get('/api/systemusers', { 'x-org-id': SANDBOX_ORG_ID })).status).toBe(200);
    expect((await get('/api/systemusers', { 'x-org-id': OTHER_ORG })).status).toBe(404);
  });

  it('unknown routes are 404 JSON', async () => {
    const r = await get<{ message: string }>('/api/v2/nothing-here');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await get('/elsewhere')).status).toBe(404);
  });
});

describe('faults', () => {
  it('the next N requests answer 429 with Retry-After, then requests succeed', async () => {
    server.faults.set({ fail429Next: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const r = await get<{ message: string }>('/api/systemusers');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('7');
    }
    expect((await get('/api/systemusers')).status).toBe(200);
    expect(server.faults.injected.get(429)).toBe(2);
  });

  it('429 without Retry-After, and 5xx', async () => {
    server.faults.set({ fail429Next: 1, retryAfterSeconds: null, fail5xxNext: 1, status5xx: 502 });
    const a = await get('/api/v2/usergroups');
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBeNull();
    const b = await get<{ message: string }>('/api/v2/usergroups');
    expect(b.status).toBe(502);
    expect(b.body.message).toBe('Bad Gateway');
    expect((await get('/api/v2/usergroups')).status).toBe(200);
  });

  it('faults can be set and reset over HTTP, and do not touch /__sandbox itself', async () => {
    const set = await call('/__sandbox/faults', { method: 'POST', body: { fail5xxNext: 1 } });
    expect(set.body).toMatchObject({ fail5xxNext: 1 });
    expect((await get('/api/systemusers')).status).toBe(503);
    await call('/__sandbox/faults', { method: 'POST', body: { fail429Next: 5 } });
    await call('/__sandbox/faults', { method: 'POST', body: { reset: true } });
    expect((await get('/api/systemusers')).status).toBe(200);
  });

  it('latency holds the request before it is served', async () => {
    // Proof without a clock: while the request waits out its latency, the user is removed, and the
    // answer reflects the removal, so the lookup happened after the wait.
    const victim = directory.addUser({ username: 'latency.victim' });
    server.faults.set({ latencyMs: 400 });
    const before = server.handler.requests;
    const pending = get(`/api/systemusers/${victim._id}`);
    while (server.handler.requests === before) await new Promise((r) => setTimeout(r, 5));
    directory.removeUser(victim._id);
    expect((await pending).status).toBe(404);
  });
});

describe('changes in the middle of a run', () => {
  it('a mutation between pages is visible on the next page', async () => {
    const local = generateDirectory({ users: 250, seed: 5 });
    const s = await startJumpCloudServer({ directory: local, apiKeys: [{ key: SANDBOX_API_KEY }] });
    try {
      const page = async (skip: number) => {
        const res = await fetch(`${s.url}/api/systemusers?limit=100&skip=${skip}&sort=_id`, { headers: { 'x-api-key': SANDBOX_API_KEY } });
        return (await res.json()) as Page<SystemUser>;
      };
      const lastOnPage3 = local.users[249]!;
      const first = await page(0);
      expect(first.totalCount).toBe(250);
      // Between page 1 and page 2: one user added (sorts last), one on page 3 renamed, one on page 1 removed.
      const added = local.addUser({ username: 'joined.mid.run', firstname: 'Mid', lastname: 'Run' });
      local.updateUser(lastOnPage3._id, { displayname: 'Renamed Mid-Run' });
      local.removeUser(first.results[0]!._id);
      const second = await page(100);
      const third = await page(200);
      expect(second.totalCount).toBe(250);
      // The removal shifted everything by one: the first user of the old page 2 is now on page 1.
      expect(second.results[0]!._id).toBe(local.users[100]!._id);
      expect(third.results.at(-1)).toMatchObject({ _id: added._id, username: 'joined.mid.run', state: 'ACTIVATED', activated: true });
      expect(third.results.find((u) => u._id === lastOnPage3._id)!.displayname).toBe('Renamed Mid-Run');
    } finally {
      await s.close();
    }
  });

  it('afterRequests runs a change after the n-th request, and state changes keep the flags consistent', async () => {
    const labelled = new Set(directory.special.users.values());
    const target = directory.users.find((u) => u.state === 'ACTIVATED' && u.department === 'Sales' && !labelled.has(u._id))!;
    const gid = group('dept:Finance');
    server.handler.afterRequests(2, () => {
      directory.setState(target._id, 'SUSPENDED');
      directory.addMember(gid, target._id);
    });
    const states = [];
    for (let i = 0; i < 3; i++) states.push((await get<SystemUser>(`/api/systemusers/${target._id}`)).body.state);
    expect(states).toEqual(['ACTIVATED', 'ACTIVATED', 'SUSPENDED']);
    expect(directory.getUser(target._id)).toMatchObject({ suspended: true, activated: true });
    const m = await allV2<PathObject>(`/api/v2/usergroups/${gid}/membership?sort=id`);
    expect(m.map((x) => x.id)).toContain(target._id);
    directory.setState(target._id, 'STAGED');
    expect((await get<SystemUser>(`/api/systemusers/${target._id}`)).body).toMatchObject({ state: 'STAGED', activated: false, suspended: false });
    directory.removeMember(gid, target._id);
    directory.setState(target._id, 'ACTIVATED');
    const after = await allV2<PathObject>(`/api/v2/usergroups/${gid}/membership?sort=id`);
    expect(after.map((x) => x.id)).not.toContain(target._id);
  });
});

describe('awkward data', () => {
  it('hostile and unicode strings round-trip byte-exactly through JSON', async () => {
    expect(directory.special.users.size).toBe(HARD_USERS.length);
    for (const [label, id] of directory.special.users) {
      const user = directory.getUser(id)!;
      const r = await call(`/api/systemusers/${id}`);
      expect(r.status, label).toBe(200);
      expect(r.raw.equals(Buffer.from(JSON.stringify(user), 'utf8')), label).toBe(true);
    }
    const combining = (await get<SystemUser>(`/api/systemusers/${special('combining')}`)).body;
    expect(combining.firstname).toBe('Zoe\u0308');
    expect(combining.firstname).not.toBe(combining.firstname.normalize('NFC'));
    const xss = (await get<SystemUser>(`/api/systemusers/${special('xss')}`)).body;
    expect(xss.firstname).toBe('<img src=x onerror=alert(1)>');
    const ws = (await get<SystemUser>(`/api/systemusers/${special('whitespace')}`)).body;
    expect(ws.firstname).toBe('  Padded  ');
    expect(ws.description).toContain('\u2028');
    const long = (await get<SystemUser>(`/api/systemusers/${special('long')}`)).body;
    expect([...long.description]).toHaveLength(1024);
    expect(long.employeeIdentifier).toHaveLength(256);
  });

  it('has suspended, staged and locked users, managers and case-sensitive custom attributes', () => {
    const states = new Set(directory.users.map((u) => u.state));
    expect(states).toEqual(new Set(['ACTIVATED', 'STAGED', 'SUSPENDED']));
    for (const u of directory.users) {
      expect(u.activated).toBe(u.state !== 'STAGED');
      expect(u.suspended).toBe(u.state === 'SUSPENDED');
    }
    expect(directory.getUser(special('locked'))!.account_locked).toBe(true);
    const managed = directory.users.filter((u) => u.manager);
    expect(managed.length).toBeGreaterThan(directory.users.length / 2);
    expect(managed.every((u) => directory.getUser(u.manager!) && u.manager !== u._id)).toBe(true);
    const names = directory.getUser(special('attributeCase'))!.attributes.map((a) => a.name);
    expect(names).toContain('Building');
    expect(names).toContain('building');
  });
});

describe('generator', () => {
  it('is deterministic for a seed and differs for another', () => {
    const a = generateDirectory({ users: 300, seed: 99 });
    const b = generateDirectory({ users: 300, seed: 99 });
    const c = generateDirectory({ users: 300, seed: 100 });
    expect(JSON.stringify(a.users)).toBe(JSON.stringify(b.users));
    expect(JSON.stringify(a.groups)).toBe(JSON.stringify(b.groups));
    expect(a.groups.map((g) => a.directMembers(g.id))).toEqual(b.groups.map((g) => b.directMembers(g.id)));
    expect(JSON.stringify(a.users)).not.toBe(JSON.stringify(c.users));
  });

  it('generates 100,000 users with unique _id, email and employeeIdentifier', () => {
    const big = generateDirectory({ users: 100_000, seed: 1 });
    expect(big.users).toHaveLength(100_000);
    expect(big.usersById.size).toBe(100_000);
    expect(new Set(big.users.map((u) => u._id)).size).toBe(100_000);
    expect(new Set(big.users.map((u) => u.email.toLowerCase())).size).toBe(100_000);
    expect(new Set(big.users.map((u) => u.employeeIdentifier)).size).toBe(100_000);
    expect(big.users.every((u, i) => i === 0 || big.users[i - 1]!._id < u._id)).toBe(true);
    expect(big.users.every((u) => /^[0-9a-f]{24}$/.test(u._id))).toBe(true);
  });
});
