// The sandbox SCIM directory over real HTTP on loopback: discovery, auth, CRUD, filters, paging,
// PATCH (users and groups, in the forms JumpCloud and Entra send), faults, counts, base paths, and
// index-backed lookups in a store of 100,000 users.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SANDBOX_SCIM_TOKEN, startScimServer, type RunningScimServer } from '../../sandbox/scim/server.js';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA, GROUP_SCHEMA } from '../../sandbox/scim/store.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by assertions, not types
type Json = Record<string, any>;

interface Reply {
  status: number;
  headers: Headers;
  body: Json | undefined;
}

function client(server: () => RunningScimServer, token = SANDBOX_SCIM_TOKEN) {
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await fetch(server().url + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : undefined };
  };
}

const filterQuery = (filter: string) => `filter=${encodeURIComponent(filter)}`;
const patch = (...Operations: Json[]) => ({ schemas: [PATCH_OP], Operations });

function newUser(userName: string, extra: Json = {}): Json {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
    userName,
    name: { givenName: 'Given', familyName: 'Family' },
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
    [ENTERPRISE_USER_SCHEMA]: { department: 'Engineering', employeeNumber: '42' },
    ...extra,
  };
}

describe('sandbox SCIM server', () => {
  let server: RunningScimServer;
  const scim = client(() => server);

  beforeAll(async () => {
    server = await startScimServer({ token: SANDBOX_SCIM_TOKEN });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    server.faults.reset();
  });

  describe('discovery', () => {
    it('serves /ServiceProviderConfig with PATCH, filter and bearer auth', async () => {
      const res = await scim('GET', '/ServiceProviderConfig');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(res.body?.patch?.supported).toBe(true);
      expect(res.body?.filter).toMatchObject({ supported: true, maxResults: 200 });
      expect(res.body?.etag?.supported).toBe(false);
      expect(res.body?.authenticationSchemes.map((s: Json) => s.type)).toContain('oauthbearertoken');
    });

    it('declares the enterprise extension in /Schemas and on the User resource type', async () => {
      const schemas = await scim('GET', '/Schemas');
      expect(schemas.status).toBe(200);
      const ids = schemas.body?.Resources.map((s: Json) => s.id);
      expect(ids).toEqual(expect.arrayContaining([USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA]));

      const enterprise = await scim('GET', `/Schemas/${ENTERPRISE_USER_SCHEMA}`);
      expect(enterprise.status).toBe(200);
      const attributes = enterprise.body?.attributes.map((a: Json) => a.name);
      expect(attributes).toEqual(
        expect.arrayContaining(['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager']),
      );

      const types = await scim('GET', '/ResourceTypes');
      expect(types.status).toBe(200);
      const user = types.body?.Resources.find((t: Json) => t.id === 'User');
      const group = types.body?.Resources.find((t: Json) => t.id === 'Group');
      expect(user).toMatchObject({ endpoint: '/Users', schema: USER_SCHEMA });
      expect(user.schemaExtensions).toEqual([{ schema: ENTERPRISE_USER_SCHEMA, required: false }]);
      expect(group).toMatchObject({ endpoint: '/Groups', schema: GROUP_SCHEMA });
    });
  });

  describe('authentication', () => {
    it('answers 401 with a SCIM error without a token, with a wrong token, and with another scheme', async () => {
      const attempts: Record<string, string>[] = [
        {},
        { authorization: 'Bearer not-the-token' },
        { authorization: `Bearer ${SANDBOX_SCIM_TOKEN}x` },
        { authorization: `Basic ${Buffer.from(`user:${SANDBOX_SCIM_TOKEN}`).toString('base64')}` },
      ];
      for (const headers of attempts) {
        const res = await client(() => server, '')('GET', '/Users', undefined, headers);
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ schemas: [ERROR], status: '401' });
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      const discovery = await client(() => server, 'wrong')('GET', '/ServiceProviderConfig');
      expect(discovery.status).toBe(401);
    });

    it('accepts the token with a lower-case scheme name', async () => {
      const res = await client(() => server, '')('GET', '/Users?count=1', undefined, {
        authorization: `bearer ${SANDBOX_SCIM_TOKEN}`,
      });
      expect(res.status).toBe(200);
    });
  });

  describe('users', () => {
    it('creates a user: 201, Location header equal to the absolute meta.location', async () => {
      const res = await scim('POST', '/Users', newUser('create.me@example.com', { externalId: 'jc-create' }));
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      const id = res.body?.id as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body?.meta).toMatchObject({ resourceType: 'User', location: `${server.url}/Users/${id}` });
      expect(res.body?.meta.created).toBe(res.body?.meta.lastModified);
      expect(res.headers.get('location')).toBe(`${server.url}/Users/${id}`);
      expect(res.body?.schemas).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
      expect(res.body?.[ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'Engineering', employeeNumber: '42' });

      const read = await scim('GET', `/Users/${id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id, userName: 'create.me@example.com', externalId: 'jc-create', active: true });
      expect(server.store.getUser(id)?.userName).toBe('create.me@example.com');
    });

    it('rejects a duplicate userName that differs only in case with 409 uniqueness', async () => {
      const first = await scim('POST', '/Users', newUser('dup.user@example.com'));
      expect(first.status).toBe(201);
      const before = server.store.userCount;
      const dup = await scim('POST', '/Users', newUser('Dup.USER@Example.com'));
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
      expect(server.store.userCount).toBe(before);
    });

    it('rejects a user without userName with 400', async () => {
      const res = await scim('POST', '/Users', { schemas: [USER_SCHEMA], name: { givenName: 'Nobody' } });
      expect(res.status).toBe(400);
      expect(res.body?.schemas).toEqual([ERROR]);
    });

    it('finds exactly one user by userName (any case) and by externalId', async () => {
      const a = await scim('POST', '/Users', newUser('filter.a@example.com', { externalId: 'jc-filter-a' }));
      const b = await scim('POST', '/Users', newUser('filter.b@example.com', { externalId: 'jc-filter-b' }));
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);

      const byName = await scim('GET', `/Users?${filterQuery('userName eq "FILTER.A@example.com"')}`);
      expect(byName.status).toBe(200);
      expect(byName.body).toMatchObject({ schemas: [LIST], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
      expect(byName.body?.Resources.map((u: Json) => u.id)).toEqual([a.body?.id]);

      const byExternal = await scim('GET', `/Users?${filterQuery('externalId eq "jc-filter-b"')}`);
      expect(byExternal.body?.totalResults).toBe(1);
      expect(byExternal.body?.Resources[0]).toMatchObject({ id: b.body?.id, userName: 'filter.b@example.com' });

      // externalId is case-exact
      const wrongCase = await scim('GET', `/Users?${filterQuery('externalId eq "JC-FILTER-B"')}`);
      expect(wrongCase.body).toMatchObject({ totalResults: 0, Resources: [] });

      const byId = await scim('GET', `/Users?${filterQuery(`id eq "${a.body?.id}"`)}`);
      expect(byId.body?.Resources.map((u: Json) => u.userName)).toEqual(['filter.a@example.com']);

      const either = await scim('GET', `/Users?${filterQuery('userName eq "filter.a@example.com" or externalId eq "jc-filter-b"')}`);
      expect(either.body?.Resources.map((u: Json) => u.id).sort()).toEqual([a.body?.id, b.body?.id].sort());

      const both = await scim('GET', `/Users?${filterQuery('externalId eq "jc-filter-a" and userName eq "filter.b@example.com"')}`);
      expect(both.body?.totalResults).toBe(0);

      const withActive = await scim('GET', `/Users?${filterQuery('externalId eq "jc-filter-a" and active eq true')}`);
      expect(withActive.body?.Resources.map((u: Json) => u.id)).toEqual([a.body?.id]);

      // A filter no index answers still works, through SCIMMY's matcher.
      const scan = await scim('GET', `/Users?${filterQuery('userName sw "filter." and emails.value ew "b@example.com"')}`);
      expect(scan.body?.Resources.map((u: Json) => u.id)).toEqual([b.body?.id]);

      const none = await scim('GET', `/Users?${filterQuery('userName eq "nobody@example.com"')}`);
      expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });

      const bad = await scim('GET', `/Users?${filterQuery('userName xx "a"')}`);
      expect(bad.status).toBe(400);
      expect(bad.body?.scimType).toBe('invalidFilter');
    });

    it('answers filters no index covers, including on users that lack the attribute', async () => {
      const bare = await scim('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'bare@example.com' });
      const rich = await scim(
        'POST',
        '/Users',
        newUser('scan.me@example.com', {
          name: { givenName: 'Unique-Given' },
          [ENTERPRISE_USER_SCHEMA]: { department: 'Unique-Dept', manager: { value: bare.body?.id } },
        }),
      );
      const ids = async (filter: string) =>
        ((await scim('GET', `/Users?count=1000&${filterQuery(filter)}`)).body?.Resources as Json[]).map((u) => u.id);
      expect(await ids('name.givenName eq "Unique-Given"')).toEqual([rich.body?.id]);
      expect(await ids('emails[type eq "work" and value eq "scan.me@example.com"]')).toEqual([rich.body?.id]);
      expect(await ids(`${ENTERPRISE_USER_SCHEMA}:department eq "Unique-Dept"`)).toEqual([rich.body?.id]);
      expect(await ids(`${ENTERPRISE_USER_SCHEMA}:manager.value eq "${bare.body?.id}"`)).toEqual([rich.body?.id]);
      expect(await ids(`${USER_SCHEMA}:userName eq "BARE@example.com"`)).toEqual([bare.body?.id]);
      const noGiven = await ids('name.givenName np');
      expect(noGiven).toContain(bare.body?.id);
      expect(noGiven).not.toContain(rich.body?.id);
    });

    it('PATCH replaces name.givenName, active and an enterprise attribute, and keeps the rest', async () => {
      const created = await scim('POST', '/Users', newUser('patch.me@example.com', { externalId: 'jc-patch' }));
      const id = created.body?.id as string;
      const res = await scim(
        'PATCH',
        `/Users/${id}`,
        patch(
          { op: 'Replace', path: 'name.givenName', value: 'Patched' },
          { op: 'replace', path: 'active', value: false },
          { op: 'replace', path: `${ENTERPRISE_USER_SCHEMA}:department`, value: 'Finance' },
          { op: 'Add', path: `${ENTERPRISE_USER_SCHEMA}:costCenter`, value: 'CC-7' },
        ),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, active: false, name: { givenName: 'Patched', familyName: 'Family' } });

      const read = await scim('GET', `/Users/${id}`);
      expect(read.body).toMatchObject({
        id,
        userName: 'patch.me@example.com',
        externalId: 'jc-patch',
        active: false,
        name: { givenName: 'Patched', familyName: 'Family' },
        [ENTERPRISE_USER_SCHEMA]: { department: 'Finance', costCenter: 'CC-7', employeeNumber: '42' },
      });
      expect(read.body?.meta.created).toBe(created.body?.meta.created);

      // No-path replace, as Entra sends it.
      const noPath = await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active: true, title: 'Boss' } }));
      expect(noPath.status).toBe(200);
      expect(noPath.body).toMatchObject({ active: true, title: 'Boss' });

      const removed = await scim('PATCH', `/Users/${id}`, patch({ op: 'remove', path: 'title' }));
      expect(removed.status).toBe(200);
      expect(removed.body?.title).toBeUndefined();
    });

    it('PATCH into another user\'s userName is a 409, and PATCH on a missing user a 404', async () => {
      const one = await scim('POST', '/Users', newUser('clash.one@example.com'));
      await scim('POST', '/Users', newUser('clash.two@example.com'));
      const clash = await scim('PATCH', `/Users/${one.body?.id}`, patch({ op: 'replace', path: 'userName', value: 'CLASH.TWO@example.com' }));
      expect(clash.status).toBe(409);
      expect(clash.body?.scimType).toBe('uniqueness');
      const missing = await scim('PATCH', '/Users/does-not-exist', patch({ op: 'replace', path: 'active', value: false }));
      expect(missing.status).toBe(404);
    });

    it('PUT replaces the whole user', async () => {
      const created = await scim('POST', '/Users', newUser('put.me@example.com', { title: 'Old title' }));
      const id = created.body?.id as string;
      const res = await scim('PUT', `/Users/${id}`, {
        schemas: [USER_SCHEMA],
        userName: 'put.me@example.com',
        name: { givenName: 'New' },
        active: false,
      });
      expect(res.status).toBe(200);
      const read = await scim('GET', `/Users/${id}`);
      expect(read.body).toMatchObject({ id, userName: 'put.me@example.com', name: { givenName: 'New' }, active: false });
      expect(read.body?.title).toBeUndefined();
      expect(read.body?.[ENTERPRISE_USER_SCHEMA]).toBeUndefined();
    });

    it('DELETE answers 204, then GET and DELETE answer 404', async () => {
      const created = await scim('POST', '/Users', newUser('delete.me@example.com'));
      const id = created.body?.id as string;
      const del = await scim('DELETE', `/Users/${id}`);
      expect(del.status).toBe(204);
      const read = await scim('GET', `/Users/${id}`);
      expect(read.status).toBe(404);
      expect(read.body).toMatchObject({ schemas: [ERROR], status: '404' });
      expect((await scim('DELETE', `/Users/${id}`)).status).toBe(404);
      const byName = await scim('GET', `/Users?${filterQuery('userName eq "delete.me@example.com"')}`);
      expect(byName.body?.totalResults).toBe(0);
      // The userName is free again.
      expect((await scim('POST', '/Users', newUser('delete.me@example.com'))).status).toBe(201);
    });
  });

  describe('groups', () => {
    let ids: string[] = [];

    beforeAll(async () => {
      ids = [];
      for (let i = 0; i < 5; i++) {
        const res = await scim('POST', '/Users', newUser(`member.${i}@example.com`, { displayName: `Member ${i}` }));
        ids.push(res.body?.id as string);
      }
    });

    const memberIds = (group: Json | undefined) => ((group?.members ?? []) as Json[]).map((m) => m.value).sort();

    it('creates a group, adds members, removes them in both forms, and reads without members', async () => {
      const [u0, u1, u2, u3, u4] = ids as [string, string, string, string, string];
      const created = await scim('POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'Engineering',
        externalId: 'jc-group-eng',
        members: [{ value: u0 }],
      });
      expect(created.status).toBe(201);
      const gid = created.body?.id as string;
      expect(created.headers.get('location')).toBe(`${server.url}/Groups/${gid}`);
      expect(created.body?.members).toEqual([{ value: u0, display: 'Member 0', type: 'User' }]);

      // Add, as JumpCloud and Entra send it.
      const add = await scim('PATCH', `/Groups/${gid}`, patch({ op: 'add', path: 'members', value: [{ value: u1 }, { value: u2 }, { value: u3 }] }));
      expect(add.status).toBe(204);
      expect(memberIds((await scim('GET', `/Groups/${gid}`)).body)).toEqual([u0, u1, u2, u3].sort());

      // Adding an existing member again changes nothing.
      await scim('PATCH', `/Groups/${gid}`, patch({ op: 'Add', path: 'members', value: [{ value: u1 }] }));
      expect(memberIds((await scim('GET', `/Groups/${gid}`)).body)).toEqual([u0, u1, u2, u3].sort());

      // The user sees its groups.
      const user1 = await scim('GET', `/Users/${u1}`);
      expect(user1.body?.groups).toEqual([{ value: gid, display: 'Engineering', type: 'direct' }]);
      const inGroup = await scim('GET', `/Users?${filterQuery(`groups[value eq "${gid}"]`)}`);
      expect(inGroup.body?.Resources.map((u: Json) => u.id).sort()).toEqual([u0, u1, u2, u3].sort());

      // Remove with a filter path.
      const removeByPath = await scim('PATCH', `/Groups/${gid}`, patch({ op: 'remove', path: `members[value eq "${u1}"]` }));
      expect(removeByPath.status).toBe(204);
      expect(memberIds((await scim('GET', `/Groups/${gid}`)).body)).toEqual([u0, u2, u3].sort());

      // Remove with a value array (JumpCloud, Entra).
      const removeByValue = await scim('PATCH', `/Groups/${gid}`, patch({ op: 'Remove', path: 'members', value: [{ value: u2 }, { value: u3 }] }));
      expect(removeByValue.status).toBe(204);
      expect(memberIds((await scim('GET', `/Groups/${gid}`)).body)).toEqual([u0]);
      expect((await scim('GET', `/Users/${u1}`)).body?.groups).toBeUndefined();

      // Mixed: rename plus add, and ask for the result back.
      const mixed = await scim(
        'PATCH',
        `/Groups/${gid}?excludedAttributes=members`,
        patch({ op: 'replace', path: 'displayName', value: 'Engineering Team' }, { op: 'add', path: 'members', value: [{ value: u4 }] }),
      );
      expect(mixed.status).toBe(200);
      expect(mixed.body).toMatchObject({ id: gid, displayName: 'Engineering Team', externalId: 'jc-group-eng' });
      expect(mixed.body?.members).toBeUndefined();

      // Reads without members.
      const excluded = await scim('GET', `/Groups/${gid}?excludedAttributes=members`);
      expect(excluded.status).toBe(200);
      expect(excluded.body).toMatchObject({ id: gid, displayName: 'Engineering Team' });
      expect(excluded.body?.members).toBeUndefined();
      const onlyName = await scim('GET', `/Groups/${gid}?attributes=displayName`);
      expect(onlyName.body).toMatchObject({ id: gid, displayName: 'Engineering Team' });
      expect(onlyName.body?.members).toBeUndefined();
      const list = await scim('GET', `/Groups?excludedAttributes=members&${filterQuery('displayName eq "engineering TEAM"')}`);
      expect(list.body?.totalResults).toBe(1);
      expect(list.body?.Resources[0].members).toBeUndefined();
      const full = await scim('GET', `/Groups/${gid}`);
      expect(memberIds(full.body)).toEqual([u0, u4].sort());

      // Entra's membership probe.
      const probe = (u: string) => scim('GET', `/Groups?excludedAttributes=members&${filterQuery(`id eq "${gid}" and members[value eq "${u}"]`)}`);
      expect((await probe(u4)).body?.totalResults).toBe(1);
      expect((await probe(u1)).body?.totalResults).toBe(0);

      const byExternal = await scim('GET', `/Groups?${filterQuery('externalId eq "jc-group-eng"')}`);
      expect(byExternal.body?.Resources.map((g: Json) => g.id)).toEqual([gid]);

      // Remove every member.
      expect((await scim('PATCH', `/Groups/${gid}`, patch({ op: 'remove', path: 'members' }))).status).toBe(204);
      expect((await scim('GET', `/Groups/${gid}`)).body?.members).toBeUndefined();
    });

    it('replaces members with PATCH replace and with PUT', async () => {
      const [u0, u1, u2] = ids as [string, string, string];
      const created = await scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Replace Me', members: [{ value: u0 }] });
      const gid = created.body?.id as string;
      await scim('PATCH', `/Groups/${gid}`, patch({ op: 'replace', path: 'members', value: [{ value: u1 }, { value: u2 }] }));
      expect(memberIds((await scim('GET', `/Groups/${gid}`)).body)).toEqual([u1, u2].sort());
      const put = await scim('PUT', `/Groups/${gid}`, { schemas: [GROUP_SCHEMA], displayName: 'Replaced', members: [{ value: u0 }] });
      expect(put.status).toBe(200);
      const read = await scim('GET', `/Groups/${gid}`);
      expect(read.body?.displayName).toBe('Replaced');
      expect(memberIds(read.body)).toEqual([u0]);
    });

    it('handles a member filter the fast path does not, through SCIMMY', async () => {
      const [u0, u1] = ids as [string, string];
      const created = await scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Typed', members: [{ value: u0 }, { value: u1 }] });
      const gid = created.body?.id as string;
      const res = await scim('PATCH', `/Groups/${gid}`, patch({ op: 'remove', path: 'members[type eq "User"]' }));
      expect([200, 204]).toContain(res.status);
      expect((await scim('GET', `/Groups/${gid}`)).body?.members).toBeUndefined();
    });

    it('rejects unknown members, duplicate names and missing groups, leaving the group as it was', async () => {
      const [u0] = ids as [string];
      const created = await scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Strict', members: [{ value: u0 }] });
      const gid = created.body?.id as string;
      const unknown = await scim(
        'PATCH',
        `/Groups/${gid}`,
        patch({ op: 'replace', path: 'displayName', value: 'Strict 2' }, { op: 'add', path: 'members', value: [{ value: 'no-such-user' }] }),
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ schemas: [ERROR], scimType: 'invalidValue' });
      const after = await scim('GET', `/Groups/${gid}`);
      expect(after.body?.displayName).toBe('Strict');
      expect(memberIds(after.body)).toEqual([u0]);

      const dup = await scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'STRICT' });
      expect(dup.status).toBe(409);
      expect(dup.body?.scimType).toBe('uniqueness');

      const missing = await scim('PATCH', '/Groups/no-such-group', patch({ op: 'add', path: 'members', value: [{ value: u0 }] }));
      expect(missing.status).toBe(404);

      const badOp = await scim('PATCH', `/Groups/${gid}`, patch({ op: 'merge', path: 'members', value: [] }));
      expect(badOp.status).toBe(400);
    });

    it('deleting a user takes it out of its groups; deleting a group answers 204 then 404', async () => {
      const extra = await scim('POST', '/Users', newUser('leaver@example.com'));
      const leaver = extra.body?.id as string;
      const created = await scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Leavers', members: [{ value: leaver }, { value: ids[0] }] });
      const gid = created.body?.id as string;
      expect((await scim('DELETE', `/Users/${leaver}`)).status).toBe(204);
      expect(memberIds((await scim('GET', `/Groups/${gid}`)).body)).toEqual([ids[0]]);
      expect((await scim('DELETE', `/Groups/${gid}`)).status).toBe(204);
      expect((await scim('GET', `/Groups/${gid}`)).status).toBe(404);
      expect((await scim('DELETE', `/Groups/${gid}`)).status).toBe(404);
      expect((await scim('GET', `/Users/${ids[0]}`)).body?.groups ?? []).not.toContainEqual(expect.objectContaining({ value: gid }));
    });
  });

  describe('faults', () => {
    it('answers 429 with Retry-After, then serves normally', async () => {
      server.faults.set({ fail429Next: 1, retryAfterSeconds: 7 });
      const limited = await scim('GET', '/Users?count=1');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.body).toMatchObject({ schemas: [ERROR], status: '429' });
      expect(typeof limited.body?.detail).toBe('string');
      expect((await scim('GET', '/Users?count=1')).status).toBe(200);
      expect(server.faults.injected.get(429)).toBe(1);
    });

    it('answers 429 without Retry-After when retryAfterSeconds is null', async () => {
      server.faults.set({ fail429Next: 1, retryAfterSeconds: null });
      const limited = await scim('POST', '/Users', newUser('never.created@example.com'));
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBeNull();
      expect(limited.body).toMatchObject({ schemas: [ERROR], status: '429' });
      expect(server.store.findUserByUserName('never.created@example.com')).toBeUndefined();
    });

    it('answers the configured 5xx with a SCIM error body', async () => {
      server.faults.set({ fail5xxNext: 2, status5xx: 502 });
      for (let i = 0; i < 2; i++) {
        const res = await scim('GET', '/ServiceProviderConfig');
        expect(res.status).toBe(502);
        expect(res.body).toMatchObject({ schemas: [ERROR], status: '502' });
      }
      expect((await scim('GET', '/ServiceProviderConfig')).status).toBe(200);
      server.faults.set({ fail5xxNext: 1, status5xx: 503 });
      expect((await scim('GET', '/Groups')).body).toMatchObject({ schemas: [ERROR], status: '503' });
    });

    it('applies latency before answering, and still answers correctly', async () => {
      const spy = vi.spyOn(globalThis, 'setTimeout');
      try {
        server.faults.set({ latencyMs: 35 });
        const res = await scim('GET', '/ServiceProviderConfig');
        expect(res.status).toBe(200);
        expect(res.body?.patch?.supported).toBe(true);
        expect(spy.mock.calls.some(([, ms]) => ms === 35)).toBe(true);
      } finally {
        spy.mockRestore();
      }
    });

    it('is controlled over HTTP through /__sandbox/faults, outside auth', async () => {
      const base = new URL(server.url).origin;
      const set = await fetch(`${base}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fail429Next: 2, retryAfterSeconds: 3 }),
      });
      expect(set.status).toBe(200);
      expect(await set.json()).toMatchObject({ fail429Next: 2, retryAfterSeconds: 3 });
      expect(server.faults.settings.fail429Next).toBe(2);

      // The control surface is not itself faulted.
      const get = await fetch(`${base}/__sandbox/faults`);
      expect(await get.json()).toMatchObject({ fail429Next: 2 });

      expect((await scim('GET', '/Users?count=1')).status).toBe(429);
      expect((await scim('GET', '/Users?count=1')).status).toBe(429);
      expect((await scim('GET', '/Users?count=1')).status).toBe(200);

      const reset = await fetch(`${base}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reset: true }),
      });
      expect(await reset.json()).toMatchObject({ fail429Next: 0, fail5xxNext: 0, latencyMs: 0 });
      expect(server.faults.injected.size).toBe(0);

      const bad = await fetch(`${base}/__sandbox/faults`, { method: 'POST', body: '{not json' });
      expect(bad.status).toBe(400);
    });
  });

  describe('counts', () => {
    it('counts GETs as reads and POST/PUT/PATCH/DELETE as writes; not faulted or unauthenticated requests', async () => {
      const before = { ...server.counts };
      const created = await scim('POST', '/Users', newUser('counted@example.com'));
      const id = created.body?.id as string;
      await scim('GET', `/Users/${id}`);
      await scim('GET', `/Users?${filterQuery('userName eq "counted@example.com"')}`);
      await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'active', value: false }));
      await scim('PUT', `/Users/${id}`, { schemas: [USER_SCHEMA], userName: 'counted@example.com' });
      await scim('DELETE', `/Users/${id}`);
      await client(() => server, 'wrong')('GET', '/Users');
      server.faults.set({ fail429Next: 1 });
      expect((await scim('GET', '/Users')).status).toBe(429);
      expect(server.counts).toEqual({ reads: before.reads + 2, writes: before.writes + 4 });

      const state = await fetch(`${new URL(server.url).origin}/__sandbox/state`);
      expect(state.status).toBe(200);
      expect(await state.json()).toEqual({
        users: server.store.userCount,
        groups: server.store.groupCount,
        reads: server.counts.reads,
        writes: server.counts.writes,
      });
    });
  });
});

describe('paging', () => {
  let server: RunningScimServer;
  const scim = client(() => server);
  const TOTAL = 25;
  let order: string[] = [];

  beforeAll(async () => {
    server = await startScimServer({ token: SANDBOX_SCIM_TOKEN });
    for (let i = 1; i <= TOTAL; i++) server.store.createUser({ userName: `page.${String(i).padStart(2, '0')}@example.com` });
    order = server.store.listUsers().map((u) => u.userName);
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 20 a page by default', async () => {
    const res = await scim('GET', '/Users');
    expect(res.body).toMatchObject({ totalResults: TOTAL, startIndex: 1, itemsPerPage: 20 });
    expect(res.body?.Resources.map((u: Json) => u.userName)).toEqual(order.slice(0, 20));
  });

  it('returns the remaining 5 from startIndex 21', async () => {
    const res = await scim('GET', '/Users?startIndex=21&count=10');
    expect(res.body).toMatchObject({ totalResults: TOTAL, startIndex: 21, itemsPerPage: 5 });
    expect(res.body?.Resources.map((u: Json) => u.userName)).toEqual(order.slice(20));
  });

  it('returns exactly the requested window for every startIndex and count', async () => {
    for (let start = 1; start <= TOTAL + 2; start++) {
      for (const count of [0, 1, 2, 3, 4, 5, 10, 19, 20, 21, 24, 25, 30]) {
        const res = await scim('GET', `/Users?startIndex=${start}&count=${count}`);
        const expected = order.slice(start - 1, start - 1 + count);
        expect(res.body?.totalResults, `startIndex=${start} count=${count}`).toBe(TOTAL);
        expect(res.body?.startIndex).toBe(start);
        expect(res.body?.Resources.map((u: Json) => u.userName), `startIndex=${start} count=${count}`).toEqual(expected);
      }
    }
  });

  it('pages through filtered results too', async () => {
    const filter = filterQuery('userName sw "page.1"'); // page.10 … page.19
    const first = await scim('GET', `/Users?${filter}&count=4`);
    expect(first.body?.totalResults).toBe(10);
    expect(first.body?.Resources.map((u: Json) => u.userName)).toEqual(order.slice(9, 13));
    const last = await scim('GET', `/Users?${filter}&startIndex=9&count=4`);
    expect(last.body?.Resources.map((u: Json) => u.userName)).toEqual(order.slice(17, 19));
  });

  it('sorts when asked', async () => {
    const res = await scim('GET', '/Users?sortBy=userName&sortOrder=descending&count=3&startIndex=2');
    const sorted = [...order].sort().reverse();
    expect(res.body?.totalResults).toBe(TOTAL);
    expect(res.body?.Resources.map((u: Json) => u.userName)).toEqual(sorted.slice(1, 4));
  });
});

describe('base path and public base URI', () => {
  it('mounts at any base path with absolute locations under an origin baseUri', async () => {
    const server = await startScimServer({ token: 'other-token', basePath: '/api/v1/scim', baseUri: 'https://directory.zoho.com' });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/scim$/);
      const scim = client(() => server, 'other-token');
      const created = await scim('POST', '/Users', newUser('mounted@example.com'));
      expect(created.status).toBe(201);
      const location = `https://directory.zoho.com/api/v1/scim/Users/${created.body?.id}`;
      expect(created.headers.get('location')).toBe(location);
      expect(created.body?.meta.location).toBe(location);
      expect((await scim('GET', `/Users/${created.body?.id}`)).body?.meta.location).toBe(location);
      expect(server.store.getUser(created.body?.id)?.meta.location).toBe(location);
      const types = await scim('GET', '/ResourceTypes/User');
      expect(types.body?.meta.location).toBe('https://directory.zoho.com/api/v1/scim/ResourceTypes/User');
      // Nothing at the default path, and the sandbox token is not this server's token.
      const origin = new URL(server.url).origin;
      expect((await fetch(`${origin}/scim/v2/Users`, { headers: { authorization: 'Bearer other-token' } })).status).toBe(404);
      expect((await client(() => server)('GET', '/Users')).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('uses a full baseUri as it is', async () => {
    const server = await startScimServer({ token: SANDBOX_SCIM_TOKEN, basePath: '/', baseUri: 'https://directory.zoho.eu/api/v1/scim/' });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const created = await client(() => server)('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Root mounted' });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`https://directory.zoho.eu/api/v1/scim/Groups/${created.body?.id}`);
    } finally {
      await server.close();
    }
  });
});

describe('two sandboxes in one process', () => {
  it('keep their own stores and their own locations', async () => {
    const a = await startScimServer({ token: SANDBOX_SCIM_TOKEN, baseUri: 'https://directory.zoho.com' });
    const b = await startScimServer({ token: SANDBOX_SCIM_TOKEN, basePath: '/other' });
    try {
      const inA = await client(() => a)('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Same name' });
      const inB = await client(() => b)('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Same name' });
      expect(inA.status).toBe(201);
      expect(inB.status).toBe(201);
      expect(a.store.groupCount).toBe(1);
      expect(b.store.groupCount).toBe(1);
      expect(inA.body?.meta.location).toBe(`https://directory.zoho.com/scim/v2/Groups/${inA.body?.id}`);
      expect(inB.body?.meta.location).toBe(`${b.url}/Groups/${inB.body?.id}`);
      // B's own group PATCH path, answered right after a request to A.
      await client(() => a)('GET', `/Groups/${inA.body?.id}`);
      const patched = await client(() => b)(
        'PATCH',
        `/Groups/${inB.body?.id}?excludedAttributes=members`,
        patch({ op: 'replace', path: 'displayName', value: 'Renamed' }),
      );
      expect(patched.status).toBe(200);
      expect(patched.body?.meta.location).toBe(`${b.url}/Groups/${inB.body?.id}`);
      expect(a.store.getGroup(inA.body?.id)?.displayName).toBe('Same name');
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('a directory of 100,000 users', () => {
  let server: RunningScimServer;
  const scim = client(() => server);
  const N = 100_000;

  beforeAll(async () => {
    server = await startScimServer({ token: SANDBOX_SCIM_TOKEN });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers userName and externalId filters with the one right user', async () => {
    const { store } = server;
    for (let i = 0; i < N; i++) {
      store.createUser({
        userName: `user${i}@bulk.example.com`,
        externalId: `jc-${i.toString(16).padStart(24, '0')}`,
        name: { givenName: `Given${i}`, familyName: `Family${i}` },
        active: i % 7 !== 0,
        [ENTERPRISE_USER_SCHEMA]: { employeeNumber: String(i), department: `Dept ${i % 50}` },
      });
    }
    expect(store.userCount).toBe(N);
    // Lookups by userName and externalId come from the indexes, never from a scan of every user.
    const scan = vi.spyOn(store, 'listUsers');

    for (const i of [0, 1, 54_321, 99_999]) {
      const byName = await scim('GET', `/Users?${filterQuery(`userName eq "USER${i}@bulk.example.com"`)}`);
      expect(byName.status).toBe(200);
      expect(byName.body?.totalResults).toBe(1);
      expect(byName.body?.Resources).toHaveLength(1);
      const user = byName.body?.Resources[0];
      expect(user).toMatchObject({
        userName: `user${i}@bulk.example.com`,
        externalId: `jc-${i.toString(16).padStart(24, '0')}`,
        [ENTERPRISE_USER_SCHEMA]: { employeeNumber: String(i) },
      });
      expect(user.id).toBe(store.findUserByUserName(`user${i}@bulk.example.com`)?.id);

      const byExternal = await scim('GET', `/Users?${filterQuery(`externalId eq "jc-${i.toString(16).padStart(24, '0')}"`)}`);
      expect(byExternal.body?.totalResults).toBe(1);
      expect(byExternal.body?.Resources.map((u: Json) => u.id)).toEqual([user.id]);
    }

    const missing = await scim('GET', `/Users?${filterQuery('userName eq "user100000@bulk.example.com"')}`);
    expect(missing.body?.totalResults).toBe(0);
    expect(scan).not.toHaveBeenCalled();
    scan.mockRestore();

    // Unfiltered pages report the whole directory and return only the page asked for.
    const page = await scim('GET', '/Users?startIndex=50001&count=3');
    expect(page.body?.totalResults).toBe(N);
    expect(page.body?.Resources.map((u: Json) => u.userName)).toEqual([
      'user50000@bulk.example.com',
      'user50001@bulk.example.com',
      'user50002@bulk.example.com',
    ]);

    // A group holding every user: members change one at a time, reads can leave them out.
    const group = store.createGroup({ displayName: 'Everyone' });
    const all = store.listUsers();
    store.addGroupMembers(
      group.id,
      all.map((u) => ({ value: u.id })),
    );
    expect(store.getGroup(group.id)?.members.size).toBe(N);
    const first = all[0]!.id;
    const removed = await scim('PATCH', `/Groups/${group.id}`, patch({ op: 'remove', path: `members[value eq "${first}"]` }));
    expect(removed.status).toBe(204);
    expect(store.hasMember(group.id, first)).toBe(false);
    const added = await scim('PATCH', `/Groups/${group.id}`, patch({ op: 'add', path: 'members', value: [{ value: first }] }));
    expect(added.status).toBe(204);
    expect(store.getGroup(group.id)?.members.size).toBe(N);
    const lean = await scim('GET', `/Groups/${group.id}?excludedAttributes=members`);
    expect(lean.body).toMatchObject({ id: group.id, displayName: 'Everyone' });
    expect(lean.body?.members).toBeUndefined();
    const probe = await scim('GET', `/Groups?excludedAttributes=members&${filterQuery(`id eq "${group.id}" and members[value eq "${all[N - 1]!.id}"]`)}`);
    expect(probe.body?.totalResults).toBe(1);
  });
});
