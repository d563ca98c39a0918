// The SCIM 2.0 client the sync engine writes through: discovery, Users, Groups, filters, PATCH,
// and the error mapping of ./errors.ts. Everything outside comes in through `world` (DESIGN.md
// "pass the world in"); every response passes a zod schema where it enters (./schemas.ts).
//
// Lessons from real directories (reference §3.2) are built in:
// - Retries on 429 / 5xx / network errors with backoff and Retry-After (lib/http/retry.ts).
// - Lookups are double-checked here: a server that ignores or loosens a filter must never make the
//   engine adopt the wrong user, so only exact matches are returned.
// - Filter values are JSON strings (RFC 7644 §3.4.2.2), `"` and `\` escaped. Some servers (SCIMMY,
//   the sandbox, among them) do not understand the escapes; for such values a refused or empty
//   exact lookup falls back to `co` on the longest plain run, checked exactly here, and as a last
//   resort to paging through everything. Such values (a `"` or `\` in a user name) are rare; the
//   common lookup is one request.
// - Group membership changes go in batches of at most MEMBER_BATCH values (AWS and others refuse
//   more), and no PATCH response body is relied on (many return 204, or the group without members).
// - Paging follows totalResults, advancing by what each page actually held: a short page is not
//   the end (servers cap pages at filter.maxResults).
import type { Gate } from '../http/bounded';
import { pageInParallel, type ListPage, type ParallelPaging } from './parallel-pages';
import { fetchWithRetry, NetworkError, type RetryEvent, type RetryPolicy } from '../http/retry';
import type { World } from '../world';
import { ambiguousError, errorFromResponse, malformed, ScimError, unreachable, type RequestContext } from './errors';
import { toResource, type PatchOperation } from './flat';
import { primaryEmailOf } from './primary-email';
import { isBlank, parseJsonBytes, textOf } from '../http/json-bytes';
import { CORE_GROUP_SCHEMA, type FlatUser } from './flat-user';
import {
  listResponseSchema,
  resourceIdSchema,
  schemasResponseSchema,
  scimErrorBodySchema,
  scimGroupSchema,
  scimUserSchema,
  serviceProviderConfigSchema,
  type ScimErrorBody,
  type ScimGroup,
  type ScimUser,
} from './schemas';
import { readTargetSchema, type TargetSchema } from './target-schema';
import type { z } from 'zod';

export const SCIM_MEDIA_TYPE = 'application/scim+json';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** A PATCH request's body (RFC 7644 §3.5.2): the one the client sends, and the one a check shows. */
export const patchBody = (ops: readonly PatchOperation[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations: ops });
/** A PUT request's body: the whole user, with its id. */
export const replaceBody = (id: string, flat: FlatUser) => ({ ...toResource(flat), id });
/** Most member values in one group PATCH request. */
export const MEMBER_BATCH = 100;
/** Default page size for listing. */
export const DEFAULT_PAGE_SIZE = 100;

export type UserLookup = 'externalId' | 'userName' | 'emails.value';
export type GroupLookup = 'externalId' | 'displayName';

export type { ListPage } from './parallel-pages';

export interface ScimClientOptions {
  world: World;
  /** The Sync endpoint, no trailing slash (one is tolerated). */
  baseUrl: string;
  token: string;
  onRetry?: (e: RetryEvent) => void;
  policy?: RetryPolicy;
  signal?: AbortSignal;
  /** Pages of the list of users read at once, once the first page has said how many there are; default 1. */
  concurrency?: number;
  /** Shared with the run's other reads (JumpCloud's pages), so that together they keep to its peak. */
  gate?: Gate;
}

export interface ScimClient {
  /** HTTP requests made, retries included: GETs are reads, everything else writes. */
  readonly counts: { reads: number; writes: number };
  /** Reads /ServiceProviderConfig and /Schemas; either missing (404/405/501) is assumed permissive. */
  discover(): Promise<TargetSchema>;
  /** One user by SCIM id; null when it does not exist. */
  getUser(id: string): Promise<ScimUser | null>;
  /** The user whose attribute equals `value` exactly (userName and emails case-insensitively). */
  findUser(attribute: UserLookup, value: string): Promise<ScimUser | null>;
  /** `expected`: how many users there likely are (the last listing's count), so their pages go out with the first. */
  /** Every user, each id once; `keep` turns each into what the caller holds, as its page arrives, so the pages themselves are not held. */
  listUsers(opts?: { pageSize?: number; expected?: number; signal?: AbortSignal; onPage?: (page: ListPage<ScimUser>) => void }): Promise<ScimUser[]>;
  listUsers<T>(opts: { pageSize?: number; expected?: number; signal?: AbortSignal; onPage?: (page: ListPage<ScimUser>) => void; keep: (user: ScimUser) => T }): Promise<T[]>;
  /** How many users the directory holds (one request, count=1), for "Test connection". */
  countUsers(): Promise<number>;
  /** POST. A duplicate throws ScimError kind 'conflict'. */
  createUser(flat: FlatUser): Promise<ScimUser>;
  /** PATCH; no request for no operations. */
  patchUser(id: string, ops: PatchOperation[]): Promise<void>;
  /** PUT, for targets without PATCH. */
  replaceUser(id: string, flat: FlatUser): Promise<ScimUser>;
  /** DELETE; a user already gone is fine. */
  deleteUser(id: string): Promise<void>;
  findGroup(by: GroupLookup, value: string): Promise<ScimGroup | null>;
  createGroup(group: { displayName: string; externalId?: string }): Promise<ScimGroup>;
  /** PATCH replace displayName; a name another group has throws kind 'conflict'. */
  renameGroup(id: string, displayName: string): Promise<void>;
  /** Removes, then adds, in PATCH requests of at most MEMBER_BATCH member values each. */
  patchGroupMembers(id: string, add: readonly string[], remove: readonly string[]): Promise<void>;
  /** The member values (SCIM ids) of a group. */
  getGroupMembers(id: string): Promise<string[]>;
  /** DELETE; a group already gone is fine. */
  deleteGroup(id: string): Promise<void>;
}

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Characters JSON.stringify escapes in a string: the ones a filter value must carry escaped. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]|\p{Cs}/u;

/** The longest stretch of `value` with nothing that needs escaping; '' when there is none. */
function longestPlainRun(value: string): string {
  return value.split(new RegExp(NEEDS_ESCAPE.source, 'gu')).reduce((best, run) => (run.length > best.length ? run : best), '');
}

/** A filter comparison value: a JSON string, per RFC 7644 §3.4.2.2. */
export function filterValue(value: string): string {
  return JSON.stringify(value);
}

interface Collection<T> {
  path: '/Users' | '/Groups';
  schema: z.ZodType<T>;
  noun: string;
  /** Extra query parameters for lists (groups leave their members out: a group can hold 100,000). */
  query: Record<string, string>;
}

function queryString(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Where a zod parse failed, as a path and a code: never the value (it can be personal data). */
function issueAt(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const where = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.') : 'the body';
  return `${where}: ${issue.code}`;
}

export function createScimClient(opts: ScimClientOptions): ScimClient {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const known = [opts.token];
  const counts = { reads: 0, writes: 0 };
  const world: World = {
    ...opts.world,
    fetch: (input, init) => {
      if ((init?.method ?? 'GET').toUpperCase() === 'GET') counts.reads += 1;
      else counts.writes += 1;
      return opts.world.fetch(input, init);
    },
  };
  const context = (action: string, onBase: boolean): RequestContext => ({ action, onBase, baseUrl, known });
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));

  interface Answer {
    status: number;
    json: unknown;
  }

  /**
   * One request, retried as lib/http/retry.ts decides. Statuses in `ok` return the parsed JSON body
   * (undefined when empty, or when `ignoreBody`); statuses in `tolerate` return with no body; any
   * other throws the ScimError for it.
   */
  async function call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    ctx: RequestContext,
    options: { ok: number[]; tolerate?: number[]; body?: unknown; ignoreBody?: boolean },
  ): Promise<Answer> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${opts.token}`,
      Accept: `${SCIM_MEDIA_TYPE}, application/json;q=0.9`,
    };
    if (options.body !== undefined) headers['Content-Type'] = SCIM_MEDIA_TYPE;
    let response: Response;
    try {
      response = await fetchWithRetry(
        world,
        `${baseUrl}${path}`,
        { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) },
        { ...(opts.policy ? { policy: opts.policy } : {}), ...(opts.onRetry ? { onRetry: opts.onRetry } : {}), ...(opts.signal ? { signal: opts.signal } : {}) },
      );
    } catch (e) {
      if (e instanceof NetworkError) throw unreachable(ctx, e);
      throw e;
    }
    const { status } = response;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (e) {
      throw unreachable(ctx, e);
    }
    const text = () => textOf(bytes);
    if (options.ok.includes(status)) {
      if (options.ignoreBody || isBlank(bytes)) return { status, json: undefined };
      try {
        return { status, json: parseJsonBytes(bytes) };
      } catch {
        throw malformed(ctx, `HTTP ${status} with a body that is not JSON`, status);
      }
    }
    if (options.tolerate?.includes(status)) return { status, json: undefined };
    let body: ScimErrorBody | undefined;
    try {
      const parsed = scimErrorBodySchema.safeParse(parseJsonBytes(bytes));
      if (parsed.success) body = parsed.data;
    } catch {
      // Not JSON: errorFromResponse quotes the text, unless it is an HTML page.
    }
    throw errorFromResponse(ctx, status, body, text());
  }

  function parse<T>(schema: z.ZodType<T>, json: unknown, ctx: RequestContext, what: string): T {
    if (json === undefined) throw malformed(ctx, `no ${what} in the answer`);
    const result = schema.safeParse(json);
    if (!result.success) throw malformed(ctx, `not a SCIM ${what}: ${issueAt(result.error)}`);
    return result.data;
  }

  const users: Collection<ScimUser> = { path: '/Users', schema: scimUserSchema, noun: 'user', query: {} };
  const groups: Collection<ScimGroup> = { path: '/Groups', schema: scimGroupSchema, noun: 'group', query: { excludedAttributes: 'members' } };

  async function listPage<T>(
    c: Collection<T>,
    params: { filter?: string; startIndex?: number; count?: number },
    action: string,
  ): Promise<{ totalResults: number; Resources: T[] }> {
    const ctx = context(action, true);
    const query = queryString({ ...params, ...c.query });
    const { json } = await call('GET', `${c.path}${query}`, ctx, { ok: [200] });
    return parse(listResponseSchema(c.schema), json, ctx, `list of ${c.noun}s`) as { totalResults: number; Resources: T[] };
  }

  /** Every page of a (filtered) listing, in order; stops early when `visit` returns true. */
  async function page<T>(
    c: Collection<T>,
    filter: string | undefined,
    pageSize: number,
    action: string,
    visit: (p: ListPage<T>) => boolean | void,
  ): Promise<void> {
    let startIndex = 1;
    for (;;) {
      const list = await listPage(c, { ...(filter !== undefined ? { filter } : {}), startIndex, count: pageSize }, action);
      if (visit({ resources: list.Resources, startIndex, totalResults: list.totalResults })) return;
      const next = startIndex + list.Resources.length;
      if (next > list.totalResults) return;
      if (list.Resources.length === 0) {
        // The server says there is more but returned none: stopping silently would pass off a
        // partial list as the whole directory.
        throw malformed(context(action, true), `an empty page at ${startIndex} of ${list.totalResults} ${c.noun}s`);
      }
      startIndex = next;
    }
  }

  /** How an unfiltered listing is read several pages at a time (./parallel-pages.ts), through the run's gate. */
  function parallelPaging<T>(c: Collection<T>, pageSize: number, action: string, o: { expected?: number; signal?: AbortSignal }): ParallelPaging<T> {
    return {
      read: async (startIndex) => {
        const ask = () => listPage(c, { startIndex, count: pageSize }, action);
        const list = await (opts.gate ? opts.gate.run(ask) : ask());
        return { resources: list.Resources, startIndex, totalResults: list.totalResults };
      },
      pageSize,
      concurrency,
      expected: Math.max(0, Math.floor(o.expected ?? 0)),
      emptyPage: (at, total) => malformed(context(action, true), `an empty page at ${at} of ${total} ${c.noun}s`),
      signal: o.signal,
    };
  }

  async function find<T>(
    c: Collection<T>,
    attribute: string,
    value: string,
    matches: (r: T) => boolean,
    caseInsensitive: boolean,
  ): Promise<T | null> {
    const action = `look up the ${c.noun} whose ${attribute} is "${value}"`;
    const tricky = NEEDS_ESCAPE.test(value);
    try {
      const list = await listPage(c, { filter: `${attribute} eq ${filterValue(value)}` }, action);
      const hits = list.Resources.filter(matches);
      // Two answer to the same value: acting on either could be acting on the wrong one.
      if (hits.length > 1) throw ambiguousError(c.noun, attribute, value, (hits as { id: string }[]).map((h) => h.id));
      if (hits[0]) return hits[0];
      if (!tricky) return null;
    } catch (e) {
      // A server that cannot parse the escapes refuses the filter (400 invalidFilter).
      if (!(tricky && e instanceof ScimError && e.status === 400)) throw e;
    }
    const scan = async (filter: string | undefined): Promise<T | null> => {
      let found: T | null = null;
      await page(c, filter, DEFAULT_PAGE_SIZE, action, (p) => {
        found = p.resources.find(matches) ?? null;
        return found !== null;
      });
      return found;
    };
    const run = longestPlainRun(value);
    if (run !== '') {
      try {
        const hit = await scan(`${attribute} co ${filterValue(run)}`);
        // `co` may compare case-sensitively (SCIMMY does), so a miss on a case-insensitive
        // attribute is not the last word.
        if (hit !== null || !caseInsensitive) return hit;
      } catch (e) {
        if (!(e instanceof ScimError && e.status === 400)) throw e;
      }
    }
    return scan(undefined);
  }

  const userMatches: Record<UserLookup, (value: string) => (u: ScimUser) => boolean> = {
    externalId: (v) => (u) => u.externalId === v,
    userName: (v) => (u) => sameText(u.userName, v),
    // The primary email only: another user's secondary address is not this user.
    'emails.value': (v) => (u) => primaryEmailOf(u) === v.toLowerCase(),
  };
  const groupMatches: Record<GroupLookup, (value: string) => (g: ScimGroup) => boolean> = {
    externalId: (v) => (g) => g.externalId === v,
    displayName: (v) => (g) => sameText(g.displayName, v),
  };

  // Every id was parsed by resourceIdSchema on its way in; checked again where it becomes a path.
  const at = (kind: string, id: string) => {
    if (!resourceIdSchema.safeParse(id).success) {
      throw new ScimError({
        kind: 'malformed',
        message: `The Sync endpoint gave a resource the id "${id}", which would address the endpoint itself; nothing was sent.`,
        hint: 'This is a fault of the SCIM directory: report it to its vendor.',
      });
    }
    return `/${kind}/${encodeURIComponent(id)}`;
  };
  const userAt = (id: string) => at('Users', id);
  const groupAt = (id: string) => at('Groups', id);
  const named = (flat: FlatUser) => (typeof flat['userName'] === 'string' ? ` ${flat['userName']}` : '');

  async function getUser(id: string): Promise<ScimUser | null> {
    const ctx = context(`read the user ${id}`, false);
    const { status, json } = await call('GET', userAt(id), ctx, { ok: [200], tolerate: [404] });
    return status === 404 ? null : parse(scimUserSchema, json, ctx, 'user');
  }

  return {
    counts,

    async discover() {
      const configCtx = context('read what the directory supports (/ServiceProviderConfig)', true);
      const schemasCtx = context('read the attributes the directory declares (/Schemas)', true);
      // Both at once: neither depends on the other, and a run waits on discovery before it reads JumpCloud.
      // Through the run's gate: they go out with JumpCloud's first pages, within the same peak.
      const gated = <T>(read: () => Promise<T>) => (opts.gate ? opts.gate.run(read) : read());
      const [config, schemas] = await Promise.all([
        gated(() => call('GET', '/ServiceProviderConfig', configCtx, { ok: [200], tolerate: [404, 405, 501] })),
        gated(() => call('GET', '/Schemas', schemasCtx, { ok: [200], tolerate: [404, 405, 501] })),
      ]);
      return readTargetSchema(
        config.status === 200 ? parse(serviceProviderConfigSchema, config.json, configCtx, 'ServiceProviderConfig') : undefined,
        schemas.status === 200 ? parse(schemasResponseSchema, schemas.json, schemasCtx, 'list of schemas') : undefined,
      );
    },

    getUser,

    findUser(attribute, value) {
      return find(users, attribute, value, userMatches[attribute](value), attribute !== 'externalId');
    },

    async countUsers() {
      return (await listPage(users, { startIndex: 1, count: 1 }, 'count the users')).totalResults;
    },

    async listUsers(options: { pageSize?: number; expected?: number; signal?: AbortSignal; onPage?: (page: ListPage<ScimUser>) => void; keep?: (user: ScimUser) => unknown } = {}) {
      const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
      const keep = options.keep ?? ((u: ScimUser) => u);
      const byId = new Map<string, unknown>();
      const visit = (p: ListPage<ScimUser>) => {
        // A user created or deleted while paging shifts the pages: keep each id once.
        for (const u of p.resources) {
          if (byId.has(u.id)) continue;
          const kept = keep(u);
          // Keyed by what is kept's own id when it is the same text, so that the key is no second copy of it.
          const keptId = typeof kept === 'object' && kept !== null ? (kept as { id?: unknown }).id : undefined;
          byId.set(keptId === u.id ? (keptId as string) : u.id, kept);
        }
        options.onPage?.(p);
      };
      if (concurrency > 1) await pageInParallel(parallelPaging(users, pageSize, 'read the list of users', options), visit);
      else await page(users, undefined, pageSize, 'read the list of users', visit);
      // The overloads say what was kept: the resources themselves, or what `keep` made of them.
      return [...byId.values()] as never[];
    },

    async createUser(flat) {
      const ctx = context(`create the user${named(flat)}`, true);
      const { json } = await call('POST', '/Users', ctx, { ok: [200, 201], body: toResource(flat) });
      return parse(scimUserSchema, json, ctx, 'user');
    },

    async patchUser(id, ops) {
      if (ops.length === 0) return;
      const ctx = context(`update the user ${id}`, false);
      await call('PATCH', userAt(id), ctx, { ok: [200, 204], ignoreBody: true, body: patchBody(ops) });
    },

    async replaceUser(id, flat) {
      const ctx = context(`update the user${named(flat) || ` ${id}`}`, false);
      const { json } = await call('PUT', userAt(id), ctx, { ok: [200, 201, 204], body: replaceBody(id, flat) });
      if (json !== undefined) return parse(scimUserSchema, json, ctx, 'user');
      const after = await getUser(id);
      if (!after) throw errorFromResponse(ctx, 404, undefined, '');
      return after;
    },

    async deleteUser(id) {
      await call('DELETE', userAt(id), context(`delete the user ${id}`, false), { ok: [200, 204], tolerate: [404], ignoreBody: true });
    },

    findGroup(by, value) {
      return find(groups, by, value, groupMatches[by](value), by !== 'externalId');
    },

    async createGroup(group) {
      const ctx = context(`create the group ${group.displayName}`, true);
      const body = {
        schemas: [CORE_GROUP_SCHEMA],
        displayName: group.displayName,
        ...(group.externalId !== undefined ? { externalId: group.externalId } : {}),
      };
      const { json } = await call('POST', '/Groups', ctx, { ok: [200, 201], body });
      return parse(scimGroupSchema, json, ctx, 'group');
    },

    async renameGroup(id, displayName) {
      const ctx = context(`rename the group ${id} to ${displayName}`, false);
      const body = patchBody([{ op: 'replace', path: 'displayName', value: displayName }]);
      await call('PATCH', groupAt(id), ctx, { ok: [200, 204], ignoreBody: true, body });
    },

    async patchGroupMembers(id, add, remove) {
      const ctx = context(`change the members of the group ${id}`, false);
      const steps: ['add' | 'remove', string[]][] = [
        ...batches([...new Set(remove)], MEMBER_BATCH).map((b) => ['remove', b] as ['remove', string[]]),
        ...batches([...new Set(add)], MEMBER_BATCH).map((b) => ['add', b] as ['add', string[]]),
      ];
      for (const [op, values] of steps) {
        const body = patchBody([{ op, path: 'members', value: values.map((value) => ({ value })) }]);
        await call('PATCH', groupAt(id), ctx, { ok: [200, 204], ignoreBody: true, body });
      }
    },

    async getGroupMembers(id) {
      const ctx = context(`read the members of the group ${id}`, false);
      const { json } = await call('GET', groupAt(id), ctx, { ok: [200] });
      return (parse(scimGroupSchema, json, ctx, 'group').members ?? []).map((m) => m.value);
    },

    async deleteGroup(id) {
      await call('DELETE', groupAt(id), context(`delete the group ${id}`, false), { ok: [200, 204], tolerate: [404], ignoreBody: true });
    },
  };
}

export type { PatchOperation, ScimGroup, ScimUser, TargetSchema };
