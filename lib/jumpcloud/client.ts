// JumpCloud's REST API as the sync engine reads it: users (v1), user groups and their resolved
// membership (v2), and the organizations a multi-tenant key can manage. Every answer passes a zod
// schema here, every failure becomes a JumpCloudError a person can act on, and every request goes
// through fetchWithRetry, so 429s and passing 5xx are waited out rather than failing a sync.
//
// What readUsers guarantees (see coverage.ts for the argument):
//   - every user returned was in JumpCloud at some moment during the read, as JumpCloud served it
//     then (the latest copy when it was read twice), parsed by jumpcloudUserSchema; each _id once;
//   - when `complete` is true, every user that existed throughout the read is in `users`, however
//     many users were added or removed meanwhile. Users added or removed during the read may or may
//     not be there. `totalCount` is the count JumpCloud reported last, so it may differ from
//     users.length by exactly those users;
//   - when `complete` is false (the list kept changing faster than the extra pages could pin it
//     down, or JumpCloud ignored sort=_id), the read is still returned, but a user may be missing
//     from it without having been deleted. The engine must not take absence from a read as
//     deletion: it confirms each missing user with getUser() (404 → null) before deactivating.
//   - any failure throws: a partial list is never returned as if it were whole.
import type { Gate } from '../http/bounded';
import { defaultRetryPolicy, fetchWithRetry, NetworkError, type RetryEvent, type RetryPolicy } from '../http/retry';
import { jumpcloudApiBase, type JumpCloudRegion } from '../hosts';
import type { World } from '../world';
import { PAGE_LIMIT, readProven, type ProvenPage } from './proven-read';
import { parseJsonBytes, textOf } from '../http/json-bytes';
import { scanUserPage } from './page-scan';
import { errorFromResponse, JumpCloudError, malformed, ROUTES, unreachable, type Route } from './errors';
import {
  graphObjectSchema,
  parseJumpCloudUser,
  organizationListSchema,
  USER_FIELDS,
  userGroupSchema,
  userListSchema,
  type JumpCloudGroup,
  type JumpCloudUser,
} from './schemas';
import type { z } from 'zod';

export interface JumpCloudClientOptions {
  world: World;
  apiKey: string;
  region?: JumpCloudRegion;
  /** Overrides region: e.g. http://127.0.0.1:PORT/api. v2 routes live under {baseUrl}/v2. */
  baseUrl?: string;
  /** The organization a multi-tenant admin's key reads; sent as x-org-id (not to /organizations). */
  orgId?: string;
  /** Page requests in flight at once; default 8. */
  concurrency?: number;
  onRetry?: (e: RetryEvent) => void;
  /** Shared with the run's other reads (the directory's list of users), so that together they keep to its peak. */
  gate?: Gate;
  /** Default: JUMPCLOUD_RETRY_POLICY. */
  retryPolicy?: RetryPolicy;
}

export interface ReadUsersOptions<T = JumpCloudUser> {
  signal?: AbortSignal;
  /**
   * Turns each user into what the caller keeps (a user read twice keeps the later one). The
   * fingerprint of the user's record as sent (lib/jumpcloud/page-scan.ts) comes with it when the
   * page could be scanned.
   */
  keep?: (user: JumpCloudUser, fingerprint?: string) => T;
  /**
   * What to keep of a user whose record has this fingerprint without reading the record, or
   * undefined to read it: the caller knows the fingerprint from a record it read before.
   */
  carry?: (id: string, fingerprint: string) => T | undefined;
  /** After each page: distinct users read so far, and the totalCount JumpCloud reported last. */
  onPage?: (read: number, total: number) => void;
  /** How many users there likely are (the last read's count): their pages go out with the first (proven-read.ts). */
  expected?: number;
  /**
   * What `keep` needs before it can run (the target's discovery): the pages are asked for at once
   * and kept once it has settled; if it fails, the read stops with its error.
   */
  ready?: Promise<unknown>;
}

export interface ReadUsersResult<T = JumpCloudUser> {
  /** Sorted by _id, each _id once. */
  users: T[];
  /** The totalCount of the last page JumpCloud answered. */
  totalCount: number;
  /** True when the read is proven to hold every user that existed throughout it (see above). */
  complete: boolean;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface JumpCloudOrganization {
  id: string;
  name: string;
}

export interface JumpCloudClient {
  readUsers<T = JumpCloudUser>(opts?: ReadUsersOptions<T>): Promise<ReadUsersResult<T>>;
  /** One user, or null when JumpCloud has no such user (404). */
  getUser(id: string, opts?: RequestOptions): Promise<JumpCloudUser | null>;
  findUserByEmail(email: string, opts?: RequestOptions): Promise<JumpCloudUser | null>;
  sampleUsers(n: number, opts?: RequestOptions): Promise<{ users: JumpCloudUser[]; totalCount: number }>;
  readGroups(opts?: RequestOptions): Promise<JumpCloudGroup[]>;
  /**
   * The ids of the users in the group, directly or through nested groups; each once. `complete`
   * as for readUsers: when false, a member may be missing without having left the group.
   */
  readGroupMembers(groupId: string, opts?: RequestOptions): Promise<{ ids: string[]; complete: boolean }>;
  /** The organizations the key can manage; sent without x-org-id, as JumpCloud requires. */
  readOrganizations(opts?: RequestOptions): Promise<JumpCloudOrganization[]>;
  /** HTTP requests made so far, retries included. */
  readonly requests: number;
}

/** List routes cap limit at 100 (400 above it). */
export { PAGE_LIMIT };

/**
 * JumpCloud publishes no rate limits, and a 429 means "later", not "no": wait it out for longer
 * than the shared default before failing a sync. With the 30 s cap this bounds one request's
 * waiting at about 25 minutes, and Retry-After, when sent, shortens it.
 */
export const JUMPCLOUD_RETRY_POLICY: RetryPolicy = { ...defaultRetryPolicy, maxThrottleRetries: 50 };

const USER_FIELDS_PARAM = USER_FIELDS.join(' ');

/** encodeURIComponent rather than URLSearchParams: spaces go as %20, never as "+". */
function query(params: Record<string, string | number>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/** A zod failure as "field "x.y": reason": the path and the rule, never the value. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path ? `field "${path}": ${issue.message}` : issue.message;
}

export function createJumpCloudClient(opts: JumpCloudClientOptions): JumpCloudClient {
  const { world, apiKey, orgId, onRetry } = opts;
  const base = (opts.baseUrl ?? jumpcloudApiBase(opts.region ?? 'us')).replace(/\/+$/, '');
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 8));
  const policy = opts.retryPolicy ?? JUMPCLOUD_RETRY_POLICY;
  const known = [apiKey];
  let requests = 0;
  // Counts every attempt fetchWithRetry makes, so the benchmark and run records see retries too.
  const counted: World = {
    ...world,
    fetch: (input, init) => {
      requests += 1;
      return world.fetch(input, init);
    },
  };

  interface Answer {
    body: unknown;
    headers: Headers;
  }

  /** GET one document's bytes. null only for a 404 when `allow404`. */
  async function getBytes(
    path: string,
    params: Record<string, string | number>,
    route: Route,
    o: { signal?: AbortSignal; sendOrg?: boolean; allow404?: boolean } = {},
  ): Promise<{ bytes: Uint8Array; status: number; headers: Headers } | null> {
    const qs = query(params);
    const url = `${base}${path}${qs ? `?${qs}` : ''}`;
    const headers: Record<string, string> = {
      'x-api-key': apiKey,
      accept: 'application/json',
      'content-type': 'application/json',
    };
    if (orgId && o.sendOrg !== false) headers['x-org-id'] = orgId;
    let response: Response;
    try {
      response = await fetchWithRetry(counted, url, { method: 'GET', headers }, { policy, onRetry, signal: o.signal });
    } catch (e) {
      if (o.signal?.aborted) throw o.signal.reason;
      if (e instanceof NetworkError) throw unreachable(route, e, known);
      throw e;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (e) {
      if (o.signal?.aborted) throw o.signal.reason;
      throw unreachable(route, e, known);
    }
    if (response.status === 404 && o.allow404) return null;
    if (!response.ok) {
      throw errorFromResponse({ route, status: response.status, body: textOf(bytes), known, ...(orgId ? { orgId } : {}) });
    }
    return { bytes, status: response.status, headers: response.headers };
  }

  /** The bytes as JSON, or the route's "malformed" error. */
  function parsed(route: Route, answer: { bytes: Uint8Array; status: number }): unknown {
    try {
      return parseJsonBytes(answer.bytes);
    } catch {
      throw malformed(route, textOf(answer.bytes).trim() ? 'the answer is not JSON' : 'the answer is empty', known, answer.status);
    }
  }

  /** GET one JSON document. null only for a 404 when `allow404`. */
  async function getJson(
    path: string,
    params: Record<string, string | number>,
    route: Route,
    o: { signal?: AbortSignal; sendOrg?: boolean; allow404?: boolean } = {},
  ): Promise<Answer | null> {
    const answer = await getBytes(path, params, route, o);
    return answer && { body: parsed(route, answer), headers: answer.headers };
  }

  /** Runs `work` with a controller that follows the caller's signal and cancels pages in flight. */
  async function withAbort<R>(signal: AbortSignal | undefined, work: (abort: AbortController) => Promise<R>): Promise<R> {
    const abort = new AbortController();
    const onAbort = () => abort.abort(signal?.reason);
    if (signal?.aborted) throw signal.reason;
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await work(abort);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  // ---- users ----

  /** How readUsers turns a page's records into what it keeps (see ReadUsersOptions). */
  interface Keeping<T> {
    keep: (user: JumpCloudUser, fingerprint?: string) => T;
    carry?: (id: string, fingerprint: string) => T | undefined;
    ready?: Promise<unknown>;
  }

  /** A record of a page parsed, checked and kept. */
  function keptRecord<T>(how: Keeping<T>, bytes: Uint8Array, fingerprint: string, where: string, status: number): T {
    let raw: unknown;
    try {
      raw = parseJsonBytes(bytes);
    } catch {
      throw malformed(ROUTES.users, `${where} is not JSON`, known, status);
    }
    return how.keep(checkedUser(raw, where), fingerprint);
  }

  /** One user of a page, checked. `at` says where, for the message. */
  function checkedUser(raw: unknown, at: string): JumpCloudUser {
    const parsed = parseJumpCloudUser(raw);
    if (!parsed.success) throw malformed(ROUTES.users, `${at}, ${describeIssue(parsed.error)}`, known);
    return parsed.data;
  }

  async function fetchUserPage<T>(skip: number, signal: AbortSignal, how: Keeping<T>): Promise<ProvenPage<T>> {
    const route = ROUTES.users;
    const answer = (await getBytes('/systemusers', { limit: PAGE_LIMIT, skip, sort: '_id', fields: USER_FIELDS_PARAM }, route, { signal }))!;
    if (how.ready) await how.ready;
    const span = (ids: string[], totalCount: number) => ({ skip, ids, totalCount, limit: PAGE_LIMIT });
    const where = (i: number) => `user ${i + 1} of the page at offset ${skip}`;
    const scanned = scanUserPage(answer.bytes, parseJsonBytes);
    const total = scanned && userListSchema.shape.totalCount.safeParse(scanned.totalCount);
    if (!scanned || !total?.success) {
      // Not the shape the scan reads: parsed whole, and its schema says what is wrong.
      const list = userListSchema.safeParse(parsed(route, answer));
      if (!list.success) throw malformed(route, `the page at offset ${skip}: ${describeIssue(list.error)}`, known);
      const users = list.data.results.map((raw, i) => checkedUser(raw, where(i)));
      return { items: users.map((u) => how.keep(u)), span: span(users.map((u) => u._id), list.data.totalCount) };
    }
    const items = scanned.records.map((r, i) => {
      const carried = how.carry?.(r.id, r.fingerprint);
      if (carried !== undefined) return carried;
      return keptRecord(how, answer.bytes.subarray(r.start, r.end), r.fingerprint, where(i), answer.status);
    });
    return { items, span: span(scanned.records.map((r) => r.id), total.data) };
  }

  async function readUsers<T = JumpCloudUser>(o: ReadUsersOptions<T> = {}): Promise<ReadUsersResult<T>> {
    // What is kept of each user: by default the user; the engine keeps only what it needs, so a
    // 100,000-user read does not hold every raw record until the end.
    const how: Keeping<T> = { keep: o.keep ?? ((user: JumpCloudUser) => user as T), ...(o.carry ? { carry: o.carry } : {}), ...(o.ready ? { ready: o.ready } : {}) };
    return withAbort(o.signal, async (abort) => {
      const read = await readProven({
        fetchPage: (skip, signal) => fetchUserPage(skip, signal, how),
        concurrency,
        abort,
        onPage: o.onPage,
        ...(o.expected ? { expected: o.expected } : {}),
        ...(opts.gate ? { gate: opts.gate } : {}),
      });
      if (read.complete !== true) {
        world.log.warn(
          `JumpCloud's user list could not be checked: ${read.complete.why} (${read.byId.size} users read, ${read.totalCount} reported last); ` +
            'some users may be missing from this read, so the engine must confirm any absence before acting on it.',
        );
      }
      const users = [...read.byId.keys()].sort().map((id) => read.byId.get(id)!);
      return { users, totalCount: read.totalCount, complete: read.complete === true };
    });
  }

  async function getUser(id: string, o: RequestOptions = {}): Promise<JumpCloudUser | null> {
    const route = ROUTES.user;
    const answer = await getJson(`/systemusers/${encodeURIComponent(id)}`, { fields: USER_FIELDS_PARAM }, route, {
      ...o,
      allow404: true,
    });
    if (!answer) return null;
    const parsed = parseJumpCloudUser(answer.body);
    if (!parsed.success) throw malformed(route, describeIssue(parsed.error), known);
    return parsed.data;
  }

  /** The first `n` users by id (n ≤ 100) and how many there are: "Test connection" and the mapping preview. */
  async function sampleUsers(n: number, o: RequestOptions = {}): Promise<{ users: JumpCloudUser[]; totalCount: number }> {
    const route = ROUTES.users;
    const answer = (await getJson('/systemusers', { limit: Math.min(n, PAGE_LIMIT), skip: 0, sort: '_id', fields: USER_FIELDS_PARAM }, route, o))!;
    const list = userListSchema.safeParse(answer.body);
    if (!list.success) throw malformed(route, describeIssue(list.error), known);
    const users = list.data.results.map((raw, i) => checkedUser(raw, `user ${i + 1}`));
    return { users, totalCount: list.data.totalCount };
  }

  /** The user with this email (JumpCloud's v1 filter `email:eq:`), or null. For provisioning one user. */
  async function findUserByEmail(email: string, o: RequestOptions = {}): Promise<JumpCloudUser | null> {
    const route = ROUTES.users;
    const wanted = email.trim();
    const answer = (await getJson('/systemusers', { limit: 2, filter: `email:eq:${wanted}`, fields: USER_FIELDS_PARAM }, route, o))!;
    const list = userListSchema.safeParse(answer.body);
    if (!list.success) throw malformed(route, describeIssue(list.error), known);
    const users: JumpCloudUser[] = [];
    for (const item of list.data.results) {
      const parsed = parseJumpCloudUser(item);
      if (!parsed.success) throw malformed(route, describeIssue(parsed.error), known);
      users.push(parsed.data);
    }
    // Only a user whose email is exactly the one asked for: a filter JumpCloud read otherwise
    // (another user, a near match) is never acted on; two such users are refused as ambiguous.
    const exact = users.filter((u) => u.email.trim().toLowerCase() === wanted.toLowerCase());
    if (exact.length > 1) {
      throw new JumpCloudError(
        'ambiguous',
        `${exact.length} users have that email address in JumpCloud (ids ${exact.map((u) => u._id).join(', ')}), so neither is acted on and nothing was sent.`,
        'Name the one you mean by its JumpCloud user ID (JumpCloud console → Users → the user: the 24 characters at the end of the address), or give the other one its own email.',
      );
    }
    return exact[0] ?? null;
  }

  // ---- v2 listings: bare arrays, the total in the x-total-count header ----

  /**
   * A v2 listing, sorted by id and read with the same proof as the users: pages overlap, and the
   * count in x-total-count must be reached (never a stop on a short page, which lost members in
   * JumpCloud's own module, support#369). Unsorted, JumpCloud's order may change between pages and
   * rows go missing or repeat (its best-practices page), so `sort=id` is always sent.
   */
  async function readV2<T>(
    path: string,
    route: Route,
    parse: (raw: unknown) => z.ZodSafeParseResult<T>,
    idOf: (item: T) => string,
    signal: AbortSignal | undefined,
  ): Promise<{ items: T[]; complete: true | { why: string } }> {
    const fetchPage = async (skip: number, pageSignal: AbortSignal): Promise<ProvenPage<T>> => {
      const answer = (await getJson(path, { sort: 'id', limit: PAGE_LIMIT, skip }, route, { signal: pageSignal }))!;
      if (!Array.isArray(answer.body)) throw malformed(route, `the page at offset ${skip} is not a list`, known);
      const items = answer.body.map((raw, i) => {
        const parsed = parse(raw);
        if (!parsed.success) throw malformed(route, `item ${i + 1} of the page at offset ${skip}, ${describeIssue(parsed.error)}`, known);
        return parsed.data;
      });
      const header = answer.headers.get('x-total-count');
      const totalCount = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
      return { items, span: { skip, ids: items.map(idOf), totalCount, limit: PAGE_LIMIT } };
    };
    return withAbort(signal, async (abort) => {
      const read = await readProven({ fetchPage, concurrency, abort, ...(opts.gate ? { gate: opts.gate } : {}) });
      const items = [...read.byId.keys()].sort().map((id) => read.byId.get(id)!);
      return { items, complete: read.complete };
    });
  }

  async function readGroups(o: RequestOptions = {}): Promise<JumpCloudGroup[]> {
    const read = await readV2('/v2/usergroups', ROUTES.groups, (raw) => userGroupSchema.safeParse(raw), (g) => g.id, o.signal);
    // A group missing from an unproven list is only skipped this run (the engine says so); none is removed for it.
    if (read.complete !== true) world.log.warn(`JumpCloud's list of user groups could not be checked: ${read.complete.why}.`);
    return read.items;
  }

  async function readGroupMembers(groupId: string, o: RequestOptions = {}): Promise<{ ids: string[]; complete: boolean }> {
    // /membership is the traversed set (nested groups resolved), unlike /members (direct edges).
    // Every entry is a user here; sorted by id, the entries' ids carry the proof.
    const read = await readV2(
      `/v2/usergroups/${encodeURIComponent(groupId)}/membership`,
      ROUTES.membership,
      (raw) => graphObjectSchema.safeParse(raw),
      (e) => e.id,
      o.signal,
    );
    if (read.complete !== true) world.log.warn(`The members of JumpCloud group ${groupId} could not be checked: ${read.complete.why}.`);
    return { ids: read.items.filter((e) => e.type === 'user').map((e) => e.id), complete: read.complete === true };
  }

  async function readOrganizations(o: RequestOptions = {}): Promise<JumpCloudOrganization[]> {
    const route = ROUTES.organizations;
    const out = new Map<string, JumpCloudOrganization>();
    for (let skip = 0; ; skip += PAGE_LIMIT) {
      const before = out.size;
      // JumpCloud answers 403 when x-org-id is sent to this route (multi-tenant rule).
      const answer = (await getJson('/organizations', { limit: PAGE_LIMIT, skip }, route, { signal: o.signal, sendOrg: false }))!;
      const parsed = organizationListSchema.safeParse(answer.body);
      if (!parsed.success) throw malformed(route, `the page at offset ${skip}: ${describeIssue(parsed.error)}`, known);
      for (const org of parsed.data.results) out.set(org._id, { id: org._id, name: org.displayName });
      // Stop at the count, or when a page brings nothing new (a count that overstates the list).
      if (skip + PAGE_LIMIT >= parsed.data.totalCount || out.size === before) break;
    }
    return [...out.values()];
  }

  return {
    readUsers,
    sampleUsers,
    findUserByEmail,
    getUser,
    readGroups,
    readGroupMembers,
    readOrganizations,
    get requests() {
      return requests;
    },
  };
}

export { JumpCloudError };
