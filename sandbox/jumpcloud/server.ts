// A fake JumpCloud REST API over a JumpCloudDirectory: the v1 user routes, the v2 user-group and
// graph routes a sync reads, JumpCloud's key and x-org-id rules, and the shared fault injection.
// Shapes follow JumpCloud's Swagger specs (tests/contract checks every body against them); error
// bodies follow what JumpCloud was observed to send (see ../shared/reference/jumpcloud.md §1.6).
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { Faults, handleFaultControl, readJson } from '../faults.js';
import { listenOnLoopback } from '../loopback.js';
import {
  generateDirectory,
  isObjectId,
  SANDBOX_ORG_ID,
  type GraphReach,
  type JumpCloudDirectory,
  type SystemUser,
} from './directory.js';

export { SANDBOX_ORG_ID };

/** Current key format: "jca_" + 36 letters/digits (40 characters). Fixed so demos and tests can share it. */
export const SANDBOX_API_KEY = 'jca_SandboxK3yForJumpCloudZohoAssistant1';

/** A key with orgIds belongs to a multi-tenant (MTP) admin, who must pick an org with x-org-id. */
export interface ApiKey {
  key: string;
  orgIds?: string[];
}

export interface JumpCloudHandlerOptions {
  directory: JumpCloudDirectory;
  apiKeys: ApiKey[];
  faults?: Faults;
  /** Directories of other orgs an MTP key can select; an org without one is served empty. */
  otherDirectories?: JumpCloudDirectory[];
}

export interface JumpCloudHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** /api requests received, faulted and rejected ones included. */
  readonly requests: number;
  readonly faults: Faults;
  /** Runs `fn` once, right after the n-th /api request from now has been answered. */
  afterRequests(n: number, fn: () => void): void;
}

export interface JumpCloudServer {
  /** http://127.0.0.1:PORT; the API base is url + '/api'. */
  url: string;
  close(): Promise<void>;
  handler: JumpCloudHandler;
  directory: JumpCloudDirectory;
  faults: Faults;
}

/** List endpoints cap limit at 100 (spec: "Limited to 100"; 400 above it, observed). */
const LIST_MAX = 100;
/**
 * The search spec declares no maximum. JumpCloud's own PowerShell module pages search with
 * limit=1000, so search accepts up to 1000 (an inference, see the reference §1.3).
 */
const SEARCH_MAX = 1000;
/** Fields a searchFilter without `fields` looks in; JumpCloud documents no default. */
const DEFAULT_SEARCH_FIELDS = ['username', 'email', 'firstname', 'lastname', 'displayname'];

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

const badRequest = (message: string) => new HttpError(400, { message: `Bad Request: ${message}` });
const notFound = (what: string) => new HttpError(404, { message: `Not Found: ${what}` });
const UNAUTHORIZED = { error: 'Unauthorized', message: 'Unauthorized: api key user not found' };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  // JumpCloud's own code samples send an empty x-org-id; treat empty as absent.
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

// ---- query parameters ----

function intParam(raw: unknown, name: string, fallback: number, max?: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n)) throw badRequest(`request parameter "${name}" must be an integer`);
  if (n < 0) throw badRequest(`request parameter "${name}" is less than minimum value of 0`);
  if (max !== undefined && n > max) throw badRequest(`request parameter "${name}" exceeds maximum value of ${max}`);
  return n;
}

function page<T>(list: readonly T[], limitRaw: unknown, skipRaw: unknown, max: number): T[] {
  const limit = intParam(limitRaw, 'limit', 10, max);
  const skip = intParam(skipRaw, 'skip', 0);
  return list.slice(skip, skip + limit);
}

/** Values at a dotted path; arrays along the way fan out, as MongoDB's dotted paths do. */
function valuesAt(obj: unknown, path: string): unknown[] {
  let current: unknown[] = [obj];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const c of current) {
      for (const item of Array.isArray(c) ? c : [c]) {
        if (item !== null && typeof item === 'object' && Object.hasOwn(item, key)) {
          next.push((item as Record<string, unknown>)[key]);
        }
      }
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

type Predicate = (obj: unknown) => boolean;

/**
 * `field:op:value` filters; the value is everything after the second colon (it may contain colons).
 * v1 knows eq and ne; v2 adds ordering, `in` (values separated by |) and `search` (substring).
 */
function parseFilters(raw: string[], ops: readonly string[], alias: Record<string, string> = {}): Predicate[] {
  return raw.map((f) => {
    const a = f.indexOf(':');
    const b = a < 0 ? -1 : f.indexOf(':', a + 1);
    if (a <= 0 || b < 0) throw badRequest(`invalid filter "${f}", expected <field>:<operator>:<value>`);
    const field = alias[f.slice(0, a)] ?? f.slice(0, a);
    const op = f.slice(a + 1, b).replace(/^\$/, '');
    const value = f.slice(b + 1);
    if (!ops.includes(op)) throw badRequest(`unsupported filter operator "${op}"`);
    const str = (v: unknown) => (v === null || v === undefined ? 'null' : String(v));
    const test: (v: unknown) => boolean =
      op === 'eq' || op === 'ne' ? (v) => str(v) === value
      : op === 'in' ? ((set: Set<string>) => (v: unknown) => set.has(str(v)))(new Set(value.split('|')))
      : op === 'search' ? (v) => str(v).toLowerCase().includes(value.toLowerCase())
      : op === 'gt' ? (v) => compareValues(v, coerce(value, v)) > 0
      : op === 'ge' ? (v) => compareValues(v, coerce(value, v)) >= 0
      : op === 'lt' ? (v) => compareValues(v, coerce(value, v)) < 0
      : (v) => compareValues(v, coerce(value, v)) <= 0;
    return op === 'ne'
      ? (obj: unknown) => !valuesAt(obj, field).some(test)
      : (obj: unknown) => valuesAt(obj, field).some(test);
  });
}

function coerce(value: string, like: unknown): unknown {
  if (typeof like === 'number') return Number(value);
  if (typeof like === 'boolean') return value === 'true';
  return value;
}

const typeRank = (v: unknown) => (v === undefined || v === null ? 0 : typeof v === 'number' ? 1 : typeof v === 'string' ? 2 : typeof v === 'boolean' ? 4 : 3);

/** MongoDB-like ordering: missing/null first, then numbers, strings, objects, booleans. */
function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (ra === 3) return compareValues(JSON.stringify(a), JSON.stringify(b));
  const x = a as number | string | boolean;
  const y = b as number | string | boolean;
  return x < y ? -1 : x > y ? 1 : 0;
}

function parseSort(raw: string | null | undefined, separator: RegExp): { field: string; dir: number }[] {
  return (raw ?? '')
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.startsWith('-') ? { field: s.slice(1), dir: -1 } : { field: s, dir: 1 }));
}

function sorter<T>(keys: { field: string; dir: number }[], idField: string): (a: T, b: T) => number {
  const all = keys.some((k) => k.field === idField) ? keys : [...keys, { field: idField, dir: 1 }];
  return (a, b) => {
    for (const { field, dir } of all) {
      const c = compareValues(valuesAt(a, field)[0], valuesAt(b, field)[0]);
      if (c) return c * dir;
    }
    return 0;
  };
}

/** Only the requested fields plus the id; unknown names are ignored. */
function project<T extends object>(obj: T, fields: string[], idField: string): Partial<T> {
  if (!fields.length) return obj;
  const out: Record<string, unknown> = { [idField]: (obj as Record<string, unknown>)[idField] };
  for (const f of fields) if (Object.hasOwn(obj, f)) out[f] = (obj as Record<string, unknown>)[f];
  return out as Partial<T>;
}

const splitFields = (raw: string | null | undefined, sep: RegExp) => (raw ?? '').split(sep).map((s) => s.trim()).filter(Boolean);

// ---- search body ----

function compileSearchFilter(f: unknown): Predicate {
  if (f === undefined || f === null) return () => true;
  if (Array.isArray(f)) {
    const parts = f.map(compileSearchFilter);
    return (u) => parts.every((p) => p(u));
  }
  if (typeof f !== 'object') throw badRequest('"filter" must be an object or an array');
  const parts = Object.entries(f as Record<string, unknown>).map(([key, value]): Predicate => {
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw badRequest(`"${key}" must be an array`);
      const subs = value.map(compileSearchFilter);
      return key === 'and' ? (u) => subs.every((p) => p(u)) : (u) => subs.some((p) => p(u));
    }
    if (value !== null && typeof value === 'object') throw badRequest(`unsupported filter expression for "${key}"`);
    return (u) => valuesAt(u, key).some((v) => v === value);
  });
  return (u) => parts.every((p) => p(u));
}

function compileSearchTerm(sf: unknown): Predicate {
  if (sf === undefined || sf === null) return () => true;
  if (typeof sf !== 'object' || Array.isArray(sf)) throw badRequest('"searchFilter" must be an object');
  const { searchTerm, fields } = sf as { searchTerm?: unknown; fields?: unknown };
  const terms = (Array.isArray(searchTerm) ? searchTerm : [searchTerm])
    .filter((t): t is string => typeof t === 'string' && t !== '')
    .map((t) => t.toLowerCase());
  if (!terms.length) return () => true;
  if (fields !== undefined && !(Array.isArray(fields) && fields.every((x) => typeof x === 'string'))) {
    throw badRequest('"searchFilter.fields" must be an array of strings');
  }
  const where = (fields as string[] | undefined)?.length ? (fields as string[]) : DEFAULT_SEARCH_FIELDS;
  return (u) =>
    where.some((field) => valuesAt(u, field).some((v) => typeof v === 'string' && terms.some((t) => v.toLowerCase().includes(t))));
}

// ---- graph output ----

const edge = (id: string, type: 'user' | 'user_group') => ({ to: { id, type } });

function membershipObject(reach: GraphReach) {
  return {
    id: reach.id,
    type: 'user' as const,
    paths: reach.chains.map((chain) => [...chain.map((g) => edge(g, 'user_group')), edge(reach.id, 'user')]),
  };
}

function memberOfObject(reach: GraphReach) {
  return {
    id: reach.id,
    type: 'user_group' as const,
    paths: reach.chains.map((chain) => chain.map((g) => edge(g, 'user_group'))),
  };
}

/** Filters (object_id, type) and sorts (id/object_id, type) a graph listing, as the spec allows. */
function graphListing(items: GraphReach[], type: string, url: URL): GraphReach[] {
  const filters = parseFilters(url.searchParams.getAll('filter'), ['eq', 'ne', 'in'], { object_id: 'id' });
  const keys = parseSort(url.searchParams.getAll('sort').join(','), /,/).map((k) => ({ ...k, field: k.field === 'object_id' ? 'id' : k.field }));
  // Every item has the same type, so only the id decides order; unfiltered, unsorted listings page the cached array.
  if (!filters.length && !keys.some((k) => k.field === 'id' && k.dir === -1)) return items;
  const out = items.filter((r) => filters.every((p) => p({ id: r.id, type })));
  return keys.find((k) => k.field === 'id')?.dir === -1 ? out.reverse() : out;
}

// ---- handler ----

interface Context {
  directory: JumpCloudDirectory;
  key: ApiKey;
}

export function createJumpCloudHandler(opts: JumpCloudHandlerOptions): JumpCloudHandler {
  const faults = opts.faults ?? new Faults();
  const directories = new Map<string, JumpCloudDirectory>([[opts.directory.orgId, opts.directory]]);
  for (const d of opts.otherDirectories ?? []) directories.set(d.orgId, d);
  const directoryFor = (orgId: string) => {
    let d = directories.get(orgId);
    if (!d) {
      d = generateDirectory({ users: 0, groups: 0, orgId, orgName: `Managed Organization ${orgId.slice(-6)}` });
      directories.set(orgId, d);
    }
    return d;
  };
  let requests = 0;
  let completed = 0;
  const pending: { at: number; fn: () => void }[] = [];

  // Filtered/sorted user lists, kept per directory version so paging through them is a slice.
  const cache = new Map<string, SystemUser[]>();
  const cached = (directory: JumpCloudDirectory, key: string, build: () => SystemUser[]) => {
    const k = `${directory.orgId}|${directory.version}|${key}`;
    let hit = cache.get(k);
    if (hit) {
      cache.delete(k);
    } else {
      hit = build();
      if (cache.size >= 16) cache.delete(cache.keys().next().value!);
    }
    cache.set(k, hit);
    return hit;
  };

  function authenticate(req: IncomingMessage, path: string): Context {
    const key = opts.apiKeys.find((k) => k.key === header(req, 'x-api-key'));
    if (!key) throw new HttpError(401, UNAUTHORIZED);
    const orgId = header(req, 'x-org-id');
    const isOrgList = path === '/api/organizations';
    if (orgId !== undefined && !isObjectId(orgId)) throw badRequest('invalid x-org-id header: malformed organization id');
    if (key.orgIds) {
      if (isOrgList) {
        if (orgId !== undefined) throw new HttpError(403, { message: 'Forbidden: x-org-id header is not allowed on this route' });
        return { directory: opts.directory, key };
      }
      if (orgId === undefined) throw new HttpError(401, { message: 'Unauthorized: no organization selected' });
      if (!key.orgIds.includes(orgId)) throw notFound('organization not found');
      return { directory: directoryFor(orgId), key };
    }
    if (orgId !== undefined && orgId !== opts.directory.orgId) throw notFound('organization not found');
    return { directory: opts.directory, key };
  }

  function listUsers(ctx: Context, url: URL): SystemUser[] {
    const filters = url.searchParams.getAll('filter');
    const sort = url.searchParams.get('sort') ?? '';
    return selectUsers(ctx.directory, filters, sort, () => true, '');
  }

  function selectUsers(directory: JumpCloudDirectory, filters: string[], sortRaw: string, extra: Predicate, extraKey: string): SystemUser[] {
    const predicates = parseFilters(filters, ['eq', 'ne']);
    const keys = parseSort(sortRaw, /\s+/);
    const byId = !keys.length || (keys.length === 1 && keys[0]!.field === '_id');
    if (!predicates.length && !extraKey && byId) {
      return keys[0]?.dir === -1 ? cached(directory, 'reverse', () => [...directory.users].reverse()) : directory.users;
    }
    return cached(directory, JSON.stringify([filters, sortRaw, extraKey]), () => {
      let list = directory.users.filter((u) => predicates.every((p) => p(u)) && extra(u));
      if (!byId) list = list.sort(sorter<SystemUser>(keys, '_id'));
      else if (keys[0]?.dir === -1) list.reverse();
      return list;
    });
  }

  async function route(ctx: Context, req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
    const { directory } = ctx;
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const only = (allowed: string) => {
      if (method !== allowed) throw new HttpError(405, { message: `Method Not Allowed: ${method} ${path}` });
    };
    let m: RegExpExecArray | null;

    if (path === '/api/systemusers') {
      only('GET');
      const list = listUsers(ctx, url);
      const fields = splitFields(q.get('fields'), /\s+/);
      const results = page(list, q.get('limit'), q.get('skip'), LIST_MAX).map((u) => project(u, fields, '_id'));
      return send(res, 200, { totalCount: list.length, results });
    }
    if ((m = /^\/api\/systemusers\/([^/]+)$/.exec(path))) {
      only('GET');
      const user = directory.getUser(decodeURIComponent(m[1]!));
      const predicates = parseFilters(q.getAll('filter'), ['eq', 'ne']);
      if (!user || !predicates.every((p) => p(user))) throw notFound('system user not found');
      return send(res, 200, project(user, splitFields(q.get('fields'), /\s+/), '_id'));
    }
    if (path === '/api/search/systemusers') {
      only('POST');
      let body: unknown;
      try {
        body = await readJson(req);
      } catch {
        throw badRequest('request body is not valid JSON');
      }
      if (body === undefined || body === null) body = {};
      if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('request body must be a JSON object');
      const b = body as { filter?: unknown; searchFilter?: unknown; fields?: unknown; limit?: unknown; skip?: unknown };
      const filter = compileSearchFilter(b.filter);
      const term = compileSearchTerm(b.searchFilter);
      const list = selectUsers(directory, q.getAll('filter'), '', (u) => filter(u) && term(u), JSON.stringify([b.filter ?? null, b.searchFilter ?? null]));
      const fields = splitFields(typeof b.fields === 'string' ? b.fields : q.get('fields'), /\s+/);
      const results = page(list, b.limit ?? q.get('limit'), b.skip ?? q.get('skip'), SEARCH_MAX).map((u) => project(u, fields, '_id'));
      return send(res, 200, { totalCount: list.length, results });
    }
    if (path === '/api/organizations') {
      only('GET');
      const orgIds = ctx.key.orgIds ?? [opts.directory.orgId];
      const orgs = orgIds.map((id) => ({ _id: id, displayName: directoryFor(id).orgName }));
      return send(res, 200, { totalCount: orgs.length, results: page(orgs, q.get('limit'), q.get('skip'), LIST_MAX) });
    }
    if (path === '/api/v2/usergroups') {
      only('GET');
      const filters = parseFilters(q.getAll('filter'), ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in', 'search']);
      let list = filters.length ? directory.groups.filter((g) => filters.every((p) => p(g))) : directory.groups;
      const keys = parseSort(q.getAll('sort').join(','), /,/);
      if (keys.length) list = [...list].sort(sorter(keys, 'id'));
      const fields = splitFields(q.getAll('fields').join(','), /,/);
      const items = page(list, q.get('limit'), q.get('skip'), LIST_MAX).map((g) => project(g, fields, 'id'));
      return send(res, 200, items, { 'x-total-count': String(list.length) });
    }
    if ((m = /^\/api\/v2\/usergroups\/([^/]+)(?:\/(members|membership))?$/.exec(path))) {
      only('GET');
      const id = decodeURIComponent(m[1]!);
      const group = directory.getGroup(id);
      if (!group) throw notFound('user group not found');
      if (!m[2]) return send(res, 200, group);
      if (m[2] === 'members') {
        const edges = directory.directMembers(id);
        const items = page(edges, q.get('limit'), q.get('skip'), LIST_MAX).map((e) => edge(e.id, e.type));
        return send(res, 200, items, { 'x-total-count': String(edges.length) });
      }
      // Users only: the resolved membership is the people in the group, however they got there.
      const list = graphListing(directory.membership(id), 'user', url);
      const items = page(list, q.get('limit'), q.get('skip'), LIST_MAX).map(membershipObject);
      return send(res, 200, items, { 'x-total-count': String(list.length) });
    }
    if ((m = /^\/api\/v2\/users\/([^/]+)\/memberof$/.exec(path))) {
      only('GET');
      const id = decodeURIComponent(m[1]!);
      if (!directory.getUser(id)) throw notFound('user not found');
      const list = graphListing(directory.memberOf(id), 'user_group', url);
      const items = page(list, q.get('limit'), q.get('skip'), LIST_MAX).map(memberOfObject);
      return send(res, 200, items, { 'x-total-count': String(list.length) });
    }
    throw notFound(`no route for ${method} ${path}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path.startsWith('/__sandbox/')) {
      try {
        if (await handleFaultControl(faults, req, res, path)) return;
      } catch {
        return send(res, 400, { message: 'Bad Request: fault settings must be JSON' });
      }
      return send(res, 404, { message: 'Not Found' });
    }
    if (path !== '/api' && !path.startsWith('/api/')) return send(res, 404, { message: 'Not Found' });
    requests += 1;
    try {
      if (await faults.apply(res, (status) => ({ message: STATUS_CODES[status] ?? 'Error' }))) return;
      const ctx = authenticate(req, path);
      await route(ctx, req, res, url, path);
    } catch (err) {
      if (err instanceof HttpError) send(res, err.status, err.body);
      else {
        console.error('[jumpcloud sandbox]', err);
        if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
        else res.destroy();
      }
    } finally {
      completed += 1;
      for (let i = 0; i < pending.length; ) {
        if (pending[i]!.at <= completed) pending.splice(i, 1)[0]!.fn();
        else i++;
      }
    }
  }

  return {
    handle,
    get requests() {
      return requests;
    },
    faults,
    afterRequests(n: number, fn: () => void) {
      pending.push({ at: requests + n, fn });
    },
  };
}

export async function startJumpCloudServer(opts: JumpCloudHandlerOptions & { port?: number }): Promise<JumpCloudServer> {
  const handler = createJumpCloudHandler(opts);
  const loopback = await listenOnLoopback((req, res) => serveSafely(handler, req, res), opts.port);
  return { url: loopback.origin, close: loopback.close, handler, directory: opts.directory, faults: handler.faults };
}

/** Serves one request; a fault in the fake itself answers 500 rather than leaving the client hanging. */
export function serveSafely(handler: JumpCloudHandler, req: IncomingMessage, res: ServerResponse): void {
  handler.handle(req, res).catch((err: unknown) => {
    console.error('[jumpcloud sandbox]', err);
    if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
    else res.destroy();
  });
}
