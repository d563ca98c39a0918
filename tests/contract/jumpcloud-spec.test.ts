// Contract: every body the fake JumpCloud API returns must match the response schema JumpCloud's own
// Swagger specs declare for that operation, and must not carry properties the schema does not
// declare, so the sandbox cannot drift into shapes the real API never sends.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDirectory } from '../../sandbox/jumpcloud/directory.js';
import { SANDBOX_API_KEY, SANDBOX_ORG_ID, startJumpCloudServer, type JumpCloudServer } from '../../sandbox/jumpcloud/server.js';

type Json = Record<string, unknown>;
interface Swagger {
  definitions: Record<string, Json>;
  paths: Record<string, Record<string, { responses: Record<string, { schema?: Json }> }>>;
}

const loadSpec = (file: string): Swagger =>
  JSON.parse(readFileSync(new URL(`./specs/${file}`, import.meta.url), 'utf8')) as Swagger;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Annotations and Swagger-only keywords; everything else is JSON Schema (draft 4 subset). */
const DROP = new Set(['description', 'title', 'example', 'readOnly', 'discriminator', 'xml', 'externalDocs', 'default']);

/**
 * Turns Swagger 2.0 definitions into a JSON Schema document ajv can compile:
 * - drops x-* extensions, turning `x-nullable: true` into an explicit null alternative;
 * - flattens allOf of object schemas into one schema, so closing it does not reject the siblings' properties;
 * - closes every schema that lists `properties` and says nothing about additionalProperties;
 *   free-form objects (no properties, or additionalProperties: true) stay open.
 * Property maps are walked by value, so a property named "description" is not mistaken for the keyword.
 */
function jsonSchemaDocument(spec: Swagger, id: string, roots: Record<string, Json>): Json {
  const ref = (s: Json) => (typeof s.$ref === 'string' ? spec.definitions[s.$ref.replace('#/definitions/', '')] : undefined);

  function flattenAllOf(node: Json): Json {
    const merged: Json = { type: 'object', properties: {} as Json, required: [] as string[] };
    let open = false;
    const visit = (s: Json) => {
      const target = ref(s) ?? s;
      if (Array.isArray(target.allOf)) (target.allOf as Json[]).forEach(visit);
      if (isObj(target.properties)) Object.assign(merged.properties as Json, target.properties);
      if (Array.isArray(target.required)) (merged.required as string[]).push(...(target.required as string[]));
      if (target.additionalProperties === true || (!isObj(target.properties) && !target.allOf)) open = true;
    };
    visit(node);
    const { allOf: _allOf, ...rest } = node;
    return { ...rest, ...merged, ...(open ? { additionalProperties: true } : {}) };
  }

  function convert(input: unknown): unknown {
    if (!isObj(input)) return input;
    const node = Array.isArray(input.allOf) ? flattenAllOf(input) : input;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('x-') || DROP.has(k)) continue;
      if (k === '$ref' && typeof v === 'string') out.$ref = v;
      else if (k === 'properties' && isObj(v)) out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, convert(s)]));
      else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && isObj(v)) out[k] = convert(v);
      else if ((k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) out[k] = v.map(convert);
      else out[k] = v;
    }
    if (node['x-nullable'] === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    }
    if (isObj(out.properties) && out.additionalProperties === undefined) out.additionalProperties = false;
    if (Array.isArray(out.required) && out.required.length === 0) delete out.required;
    return out;
  }

  // Only definitions reachable from the schemas under test, so the rest of the large spec is never compiled.
  const needed = new Set<string>();
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(collect);
    if (!isObj(v)) return;
    if (typeof v.$ref === 'string') {
      const name = v.$ref.replace('#/definitions/', '');
      if (!needed.has(name)) {
        needed.add(name);
        collect(spec.definitions[name]);
      }
    }
    Object.values(v).forEach(collect);
  };
  Object.values(roots).forEach(collect);
  const definitions: Json = {};
  for (const name of needed) definitions[name] = convert(spec.definitions[name]);
  for (const [name, schema] of Object.entries(roots)) definitions[name] = convert(schema);
  return { $id: id, definitions };
}

const responseSchema = (spec: Swagger, path: string, method = 'get'): Json => {
  const schema = spec.paths[path]?.[method]?.responses['200']?.schema;
  if (!schema) throw new Error(`spec has no 200 schema for ${method.toUpperCase()} ${path}`);
  return schema;
};

const v1 = loadSpec('jumpcloud-v1.swagger.json');
const v2 = loadSpec('jumpcloud-v2.swagger.json');

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
ajv.addFormat('date', /^\d{4}-\d\d-\d\d$/);
ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addSchema(
  jsonSchemaDocument(v1, 'jumpcloud-v1', {
    User_List: responseSchema(v1, '/systemusers'),
    User_Get: responseSchema(v1, '/systemusers/{id}'),
    User_Search: responseSchema(v1, '/search/systemusers', 'post'),
    Organization_List: responseSchema(v1, '/organizations'),
    ErrorResponse: { $ref: '#/definitions/Error' },
  }),
);
ajv.addSchema(
  jsonSchemaDocument(v2, 'jumpcloud-v2', {
    UserGroup_List: responseSchema(v2, '/usergroups'),
    UserGroup_Get: responseSchema(v2, '/usergroups/{id}'),
    UserGroupMembers_Get: responseSchema(v2, '/usergroups/{group_id}/members'),
    UserGroupMembership_Get: responseSchema(v2, '/usergroups/{group_id}/membership'),
    UserMember_Get: responseSchema(v2, '/users/{user_id}/memberof'),
    ErrorResponse: { $ref: '#/definitions/Error' },
  }),
);
const schema = (doc: 'jumpcloud-v1' | 'jumpcloud-v2', name: string): ValidateFunction =>
  ajv.getSchema(`${doc}#/definitions/${name}`) ?? (() => { throw new Error(`no schema ${name}`); })();

/** Fails with ajv's error list, which names the offending property. */
function expectValid(validate: ValidateFunction, body: unknown): void {
  validate(body);
  expect(validate.errors ?? []).toEqual([]);
}

const MTP_KEY = 'jca_MultiTenantSandboxKey00000000000001';
const OTHER_ORG = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const directory = generateDirectory({ users: 250, groups: 20, seed: 42 });
let server: JumpCloudServer;

beforeAll(async () => {
  server = await startJumpCloudServer({
    directory,
    apiKeys: [{ key: SANDBOX_API_KEY }, { key: MTP_KEY, orgIds: [SANDBOX_ORG_ID, OTHER_ORG] }],
  });
});
afterAll(async () => {
  await server?.close();
});

async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${server.url}/api${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'x-api-key': SANDBOX_API_KEY,
      accept: 'application/json',
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
}

describe('the schema check itself', () => {
  it('rejects a property the spec does not declare, and a wrong type', () => {
    const validate = schema('jumpcloud-v1', 'User_Get');
    expect(validate({ _id: 'x', id: 'x' })).toBe(false);
    expect(validate({ _id: 'x', state: 'ENABLED' })).toBe(false);
    expect(validate({ _id: 'x', account_locked_date: null, description: 'a property named like a keyword' })).toBe(true);
    const group = schema('jumpcloud-v2', 'UserGroup_Get');
    // attributes is an allOf with a free-form member: unknown attributes pass, declared ones are typed.
    expect(group({ id: 'x', attributes: { anything: 1 } })).toBe(true);
    expect(group({ id: 'x', attributes: { sudo: { enabled: 'yes', withoutPassword: false } } })).toBe(false);
    expect(group({ id: 'x', members: [] })).toBe(false);
  });
});

describe('v1 system users', () => {
  it('GET /systemusers: every page of every user matches systemuserslist', async () => {
    const validate = schema('jumpcloud-v1', 'User_List');
    let seen = 0;
    for (let skip = 0; skip < directory.users.length; skip += 100) {
      const { status, body } = await call(`/systemusers?limit=100&skip=${skip}&sort=_id`);
      expect(status).toBe(200);
      expectValid(validate, body);
      seen += (body as { results: unknown[] }).results.length;
    }
    expect(seen).toBe(directory.users.length);
  });

  it('GET /systemusers with fields returns only those fields and _id', async () => {
    const { status, body } = await call('/systemusers?limit=20&fields=username%20email%20attributes');
    expect(status).toBe(200);
    expectValid(schema('jumpcloud-v1', 'User_List'), body);
    for (const user of (body as { results: Json[] }).results) {
      expect(Object.keys(user).sort()).toEqual(['_id', 'attributes', 'email', 'username']);
    }
  });

  it('GET /systemusers/{id} matches systemuserreturn for every awkward user', async () => {
    const validate = schema('jumpcloud-v1', 'User_Get');
    expect(directory.special.users.size).toBeGreaterThan(10);
    for (const id of directory.special.users.values()) {
      const { status, body } = await call(`/systemusers/${id}`);
      expect(status).toBe(200);
      expectValid(validate, body);
    }
  });

  it('POST /search/systemusers matches systemUsersSearchlist', async () => {
    const validate = schema('jumpcloud-v1', 'User_Search');
    const full = await call('/search/systemusers', { method: 'POST', body: { limit: 1000, skip: 0 } });
    expect(full.status).toBe(200);
    expectValid(validate, full.body);
    expect((full.body as { results: unknown[] }).results).toHaveLength(directory.users.length);
    const narrowed = await call('/search/systemusers?limit=50', {
      method: 'POST',
      body: {
        filter: { or: [{ department: 'Engineering' }, { department: 'Sales' }] },
        searchFilter: { searchTerm: '@example.com', fields: ['email'] },
        fields: 'email username department',
      },
    });
    expect(narrowed.status).toBe(200);
    expectValid(validate, narrowed.body);
    expect((narrowed.body as { totalCount: number }).totalCount).toBeGreaterThan(0);
  });

  it('GET /organizations matches organizationslist, for a single-tenant and a multi-tenant key', async () => {
    const validate = schema('jumpcloud-v1', 'Organization_List');
    const single = await call('/organizations');
    expect(single.status).toBe(200);
    expectValid(validate, single.body);
    const multi = await call('/organizations', { headers: { 'x-api-key': MTP_KEY } });
    expect(multi.status).toBe(200);
    expectValid(validate, multi.body);
    expect((multi.body as { totalCount: number }).totalCount).toBe(2);
  });
});

describe('v2 user groups and graph', () => {
  it('GET /v2/usergroups and /v2/usergroups/{id} match UserGroup', async () => {
    const list = await call('/v2/usergroups?limit=100');
    expect(list.status).toBe(200);
    expectValid(schema('jumpcloud-v2', 'UserGroup_List'), list.body);
    expect(list.body).toHaveLength(directory.groups.length);
    const one = schema('jumpcloud-v2', 'UserGroup_Get');
    for (const group of directory.groups) {
      const { status, body } = await call(`/v2/usergroups/${group.id}`);
      expect(status).toBe(200);
      expectValid(one, body);
    }
  });

  it('GET /v2/usergroups/{id}/members and /membership match GraphConnection and GraphObjectWithPaths', async () => {
    const members = schema('jumpcloud-v2', 'UserGroupMembers_Get');
    const membership = schema('jumpcloud-v2', 'UserGroupMembership_Get');
    for (const group of directory.groups) {
      const a = await call(`/v2/usergroups/${group.id}/members?limit=100`);
      expect(a.status).toBe(200);
      expectValid(members, a.body);
      const b = await call(`/v2/usergroups/${group.id}/membership?limit=100`);
      expect(b.status).toBe(200);
      expectValid(membership, b.body);
    }
  });

  it('GET /v2/users/{id}/memberof matches GraphObjectWithPaths', async () => {
    const validate = schema('jumpcloud-v2', 'UserMember_Get');
    for (const user of directory.users.slice(0, 40)) {
      const { status, body } = await call(`/v2/users/${user._id}/memberof?limit=100&filter=type:eq:user_group`);
      expect(status).toBe(200);
      expectValid(validate, body);
      expect((body as unknown[]).length).toBeGreaterThan(0);
    }
  });
});

describe('errors', () => {
  const limitBody = { message: 'Bad Request: request parameter "limit" exceeds maximum value of 100' };

  it('limit above 100 is a 400 with the body JumpCloud sends', async () => {
    for (const path of ['/systemusers?limit=101', '/v2/usergroups?limit=101', '/v2/usergroups/' + directory.groups[0]!.id + '/membership?limit=500']) {
      const { status, body } = await call(path);
      expect(status).toBe(400);
      expect(body).toEqual(limitBody);
      expectValid(schema('jumpcloud-v1', 'ErrorResponse'), body);
    }
  });

  it('an unknown or missing key is a 401 with the body JumpCloud sends', async () => {
    const expected = { error: 'Unauthorized', message: 'Unauthorized: api key user not found' };
    expect(await call('/systemusers', { headers: { 'x-api-key': 'jca_' + 'x'.repeat(36) } })).toMatchObject({ status: 401, body: expected });
    const res = await fetch(`${server.url}/api/v2/usergroups`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(expected);
  });
});
