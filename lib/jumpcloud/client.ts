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
import { defaultRetryPolicy, fetchWithRetry, NetworkError, type RetryEvent, type RetryPolicy } from '../http/retry';
import { jumpcloudApiBase, type JumpCloudRegion } from '../hosts';
import type { World } from '../world';
import { forEachBounded } from './bounded';
import { findGaps, isAscending, nextSkip, type Attempt, type PageSpan } from './coverage';
import { errorFromResponse, JumpCloudError, malformed, ROUTES, unreachable, type Route } from './errors';
import {
  graphObjectSchema,
  jumpcloudUserSchema,
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
  /** Default: JUMPCLOUD_RETRY_POLICY. */
  retryPolicy?: RetryPolicy;
}

export interface ReadUsersOptions<T = JumpCloudUser> {
  signal?: AbortSignal;
  /** Turns each user into what the caller keeps (a user read twice keeps the later one). */
  keep?: (user: JumpCloudUser) => T;
  /** After each page: distinct users read so far, and the totalCount JumpCloud reported last. */
  onPage?: (read: number, total: number) => void;
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
  /** The ids of the users in the group, directly or through nested groups; each once. */
  readGroupMembers(groupId: string, opts?: RequestOptions): Promise<string[]>;
  /** The organizations the key can manage; sent without x-org-id, as JumpCloud requires. */
  readOrganizations(opts?: RequestOptions): Promise<JumpCloudOrganization[]>;
  /** HTTP requests made so far, retries included. */
  readonly requests: number;
}

/** List routes cap limit at 100 (400 above it). */
export const PAGE_LIMIT = 100;
/** User pages are requested this far apart, so consecutive pages share one user (coverage.ts). */
const USER_PAGE_STEP = PAGE_LIMIT - 1;
/** Extra user pages a read may spend closing gaps, on top of one per planned page. */
const REPAIR_ALLOWANCE = 20;

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

  /** GET one JSON document. null only for a 404 when `allow404`. */
  async function getJson(
    path: string,
    params: Record<string, string | number>,
    route: Route,
    o: { signal?: AbortSignal; sendOrg?: boolean; allow404?: boolean } = {},
  ): Promise<Answer | null> {
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
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      if (o.signal?.aborted) throw o.signal.reason;
      throw unreachable(route, e, known);
    }
    if (response.status === 404 && o.allow404) return null;
    if (!response.ok) {
      throw errorFromResponse({ route, status: response.status, body: text, known, ...(orgId ? { orgId } : {}) });
    }
    try {
      return { body: JSON.parse(text) as unknown, headers: response.headers };
    } catch {
      throw malformed(route, text.trim() ? 'the answer is not JSON' : 'the answer is empty', known, response.status);
    }
  }

  // ---- users ----

  interface UserPage {
    span: PageSpan;
    users: JumpCloudUser[];
  }

  async function fetchUserPage(skip: number, signal: AbortSignal): Promise<UserPage> {
    const route = ROUTES.users;
    const answer = (await getJson(
      '/systemusers',
      { limit: PAGE_LIMIT, skip, sort: '_id', fields: USER_FIELDS_PARAM },
      route,
      { signal },
    ))!;
    const list = userListSchema.safeParse(answer.body);
    if (!list.success) throw malformed(route, `the page at offset ${skip}: ${describeIssue(list.error)}`, known);
    const users = list.data.results.map((raw, i) => {
      const parsed = jumpcloudUserSchema.safeParse(raw);
      if (!parsed.success) {
        throw malformed(route, `user ${i + 1} of the page at offset ${skip}, ${describeIssue(parsed.error)}`, known);
      }
      return parsed.data;
    });
    return {
      users,
      span: { skip, ids: users.map((u) => u._id), totalCount: list.data.totalCount, limit: PAGE_LIMIT },
    };
  }

  async function readUsers<T = JumpCloudUser>(o: ReadUsersOptions<T> = {}): Promise<ReadUsersResult<T>> {
    // What is kept of each user: by default the user; the engine keeps only what it needs, so a
    // 100,000-user read does not hold every raw record until the end.
    const keep = o.keep ?? ((user: JumpCloudUser) => user as T);
    const abort = new AbortController();
    const onAbort = () => abort.abort(o.signal?.reason);
    if (o.signal?.aborted) throw o.signal.reason;
    o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const byId = new Map<string, T>();
      const pages: PageSpan[] = [];
      let latestTotal = 0;
      let ordered = true;
      const read = async (skip: number): Promise<PageSpan> => {
        const page = await fetchUserPage(skip, abort.signal);
        pages.push(page.span);
        latestTotal = page.span.totalCount;
        if (!isAscending(page.span.ids)) ordered = false;
        // A user read twice (page overlap, or shifted offsets) keeps the copy read last.
        for (const user of page.users) byId.set(user._id, keep(user));
        o.onPage?.(byId.size, latestTotal);
        return page.span;
      };

      // The first page gives the count; the rest of the plan is read a few pages at a time. Pages
      // overlap by one user, and the plan runs until a page reaches totalCount, never stopping
      // early on a short page.
      const first = await read(0);
      const planned: number[] = [];
      for (let skip = 0; skip + PAGE_LIMIT < first.totalCount; ) planned.push((skip += USER_PAGE_STEP));
      await forEachBounded(planned, concurrency, read, abort);

      // Close the gaps that changes during the read opened, within a budget of extra pages.
      let budget = REPAIR_ALLOWANCE + planned.length + 1;
      const attempts = new Map<string, Attempt>();
      for (let gaps = findGaps(pages); ordered && gaps.length && budget > 0; gaps = findGaps(pages)) {
        const wanted = new Map<number, string[]>();
        const want = (skip: number, key: string) => wanted.set(skip, [...(wanted.get(skip) ?? []), key]);
        for (const gap of gaps) {
          const key = gap.after ?? '';
          const skip = nextSkip(gap, attempts.get(key) ?? null, PAGE_LIMIT, latestTotal);
          want(skip, key);
          // The list grew past the plan: read the rest of it in parallel, not one page per round.
          if (gap.before === null && gap.after !== null) {
            for (let s = skip + USER_PAGE_STEP; s < latestTotal; s += USER_PAGE_STEP) want(s, '');
          }
        }
        const skips = [...wanted.keys()].slice(0, budget);
        budget -= skips.length;
        await forEachBounded(
          skips,
          concurrency,
          async (skip) => {
            const page = await read(skip);
            for (const key of wanted.get(skip)!) {
              if (!key) continue;
              const before = attempts.get(key);
              attempts.set(key, { page, backoff: before ? before.backoff * 4 : PAGE_LIMIT / 4 });
            }
          },
          abort,
        );
      }

      // JumpCloud ignored sort=_id, so no proof is possible: fall back to reading on past the
      // plan until the count is reached or a page comes back empty.
      if (!ordered) {
        let skip = (planned.at(-1) ?? 0) + USER_PAGE_STEP;
        while (byId.size < latestTotal && budget-- > 0) {
          const page = await read(skip);
          if (!page.ids.length) break;
          skip += USER_PAGE_STEP;
        }
      }

      const complete = ordered && findGaps(pages).length === 0;
      if (!complete) {
        const why = ordered
          ? "JumpCloud's user list kept changing while it was read"
          : 'JumpCloud did not return the users sorted by id, so the read cannot be checked';
        world.log.warn(
          `${why} (${byId.size} users read, ${latestTotal} reported last); ` +
            'some users may be missing from this read, so the engine must confirm any absence before acting on it.',
        );
      }
      const users = [...byId.keys()].sort().map((id) => byId.get(id)!);
      return { users, totalCount: latestTotal, complete };
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
    }
  }

  async function getUser(id: string, o: RequestOptions = {}): Promise<JumpCloudUser | null> {
    const route = ROUTES.user;
    const answer = await getJson(`/systemusers/${encodeURIComponent(id)}`, { fields: USER_FIELDS_PARAM }, route, {
      ...o,
      allow404: true,
    });
    if (!answer) return null;
    const parsed = jumpcloudUserSchema.safeParse(answer.body);
    if (!parsed.success) throw malformed(route, describeIssue(parsed.error), known);
    return parsed.data;
  }

  /** The first `n` users by id (n ≤ 100) and how many there are: "Test connection" and the mapping preview. */
  async function sampleUsers(n: number, o: RequestOptions = {}): Promise<{ users: JumpCloudUser[]; totalCount: number }> {
    const route = ROUTES.users;
    const answer = (await getJson('/systemusers', { limit: Math.min(n, PAGE_LIMIT), skip: 0, sort: '_id', fields: USER_FIELDS_PARAM }, route, o))!;
    const list = userListSchema.safeParse(answer.body);
    if (!list.success) throw malformed(route, describeIssue(list.error), known);
    const users = list.data.results.map((raw, i) => {
      const parsed = jumpcloudUserSchema.safeParse(raw);
      if (!parsed.success) throw malformed(route, `user ${i + 1}, ${describeIssue(parsed.error)}`, known);
      return parsed.data;
    });
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
      const parsed = jumpcloudUserSchema.safeParse(item);
      if (!parsed.success) throw malformed(route, describeIssue(parsed.error), known);
      users.push(parsed.data);
    }
    // Only a user whose email is exactly the one asked for: a filter JumpCloud read otherwise
    // (another user, a near match) is never acted on; two such users are refused as ambiguous.
    const exact = users.filter((u) => u.email.trim().toLowerCase() === wanted.toLowerCase());
    if (exact.length > 1) throw malformed(route, `${exact.length} users have that email address`, known);
    return exact[0] ?? null;
  }

  // ---- v2 listings: bare arrays, the total in the x-total-count header ----

  /**
   * Pages a v2 listing until x-total-count (as last reported) is reached, never stopping on a short
   * page (JumpCloud's own module once did, and lost members, support#369). Items are deduplicated
   * by key. Without the header, reads on until a page comes back empty.
   */
  async function readV2<T>(
    path: string,
    params: Record<string, string | number>,
    route: Route,
    parse: (raw: unknown) => z.ZodSafeParseResult<T>,
    key: (item: T) => string,
    signal: AbortSignal | undefined,
  ): Promise<T[]> {
    const abort = new AbortController();
    const onAbort = () => abort.abort(signal?.reason);
    if (signal?.aborted) throw signal.reason;
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const bySkip = new Map<number, T[]>();
      const seen = new Set<string>();
      let total: number | undefined;
      /** Reads one page; returns how many of its items were new. */
      const read = async (skip: number): Promise<number> => {
        const answer = (await getJson(path, { ...params, limit: PAGE_LIMIT, skip }, route, { signal: abort.signal }))!;
        if (!Array.isArray(answer.body)) throw malformed(route, `the page at offset ${skip} is not a list`, known);
        const items = answer.body.map((raw, i) => {
          const parsed = parse(raw);
          if (!parsed.success) {
            throw malformed(route, `item ${i + 1} of the page at offset ${skip}, ${describeIssue(parsed.error)}`, known);
          }
          return parsed.data;
        });
        const header = answer.headers.get('x-total-count');
        const count = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
        if (count !== undefined) total = count;
        bySkip.set(skip, items);
        let fresh = 0;
        for (const item of items) {
          if (seen.has(key(item))) continue;
          seen.add(key(item));
          fresh += 1;
        }
        return fresh;
      };

      const firstFresh = await read(0);
      let next = PAGE_LIMIT;
      if (total !== undefined) {
        const planned: number[] = [];
        for (; next < total; next += PAGE_LIMIT) planned.push(next);
        await forEachBounded(planned, concurrency, read, abort);
        // The group grew while it was read: carry on to the count reported last.
        while (total !== undefined && next < total) {
          await read(next);
          next += PAGE_LIMIT;
        }
      } else if (firstFresh > 0) {
        // No count: read until a page brings nothing new (empty, or a server ignoring skip).
        while ((await read(next)) > 0) next += PAGE_LIMIT;
      }

      const out = new Map<string, T>();
      for (const skip of [...bySkip.keys()].sort((a, b) => a - b)) {
        for (const item of bySkip.get(skip)!) if (!out.has(key(item))) out.set(key(item), item);
      }
      return [...out.values()];
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  function readGroups(o: RequestOptions = {}): Promise<JumpCloudGroup[]> {
    // The spec lets sort name any field of the response; the id is the unique one, and a unique
    // sort key is what keeps skip paging from repeating or losing rows (JumpCloud best practices).
    return readV2('/v2/usergroups', { sort: 'id' }, ROUTES.groups, (raw) => userGroupSchema.safeParse(raw), (g) => g.id, o.signal);
  }

  async function readGroupMembers(groupId: string, o: RequestOptions = {}): Promise<string[]> {
    // /membership is the traversed set (nested groups resolved), unlike /members (direct edges).
    // No sort: the spec names no sortable field for graph listings (filters take object_id, not
    // id), and an unknown sort field risks a 400; the pages are deduplicated instead.
    const entries = await readV2(
      `/v2/usergroups/${encodeURIComponent(groupId)}/membership`,
      {},
      ROUTES.membership,
      (raw) => graphObjectSchema.safeParse(raw),
      (e) => `${e.type}:${e.id}`,
      o.signal,
    );
    return entries.filter((e) => e.type === 'user').map((e) => e.id);
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
