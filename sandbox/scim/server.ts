// The sandbox SCIM 2.0 directory: a stand-in for a Zoho Directory store's Sync endpoint, built on
// SCIMMY and scimmy-routers (Express 4). Users (with the enterprise extension) and Groups, bearer
// token auth, discovery endpoints, PATCH/PUT/DELETE, filters answered from the store's indexes,
// fault injection from ../faults.ts, and a little sandbox control surface:
//   GET|POST /__sandbox/faults   read or change the fault settings (no auth)
//   GET      /__sandbox/state    {users, groups, reads, writes} (no auth)
//
// SCIMMY keeps its resource declarations, handlers and base paths in process-wide singletons. The
// handlers are therefore declared once, and every request carries its own store through the
// scimmy-routers `context`, so several sandboxes can run in one process.
import { timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { Faults, handleFaultControl } from '../faults.js';
import { listenOnLoopback } from '../loopback.js';
import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  USER_SCHEMA,
  ScimStore,
  ScimStoreError,
  type GroupMember,
  type GroupRecord,
  type UserRecord,
} from './store.js';

/** The bearer token the sandbox accepts unless another is configured. */
export const SANDBOX_SCIM_TOKEN = 'zds_sandbox_7f3c9a51e2b84d06a9c1f58e3b27d4c6.Qm9ndXNTYW5kYm94VG9rZW4tWm9ob0RpcmVjdG9yeQ';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const SCIM_CONTENT_TYPE = 'application/scim+json';

export interface ScimServerOptions {
  /** The bearer token clients must send. */
  token: string;
  /** Fault injection; a fresh, quiet Faults is made when omitted. */
  faults?: Faults;
  /** Path the SCIM endpoints are mounted at. Default "/scim/v2". */
  basePath?: string;
  /**
   * Public base for `meta.location` and the Location header: either an origin
   * ("https://directory.zoho.com", basePath is appended) or the full public SCIM base URL
   * ("https://directory.zoho.com/api/v1/scim", used as it is). Without it, locations are built
   * from the request's Host header and basePath.
   */
  baseUri?: string;
}

export interface ScimCounts {
  /** SCIM GET requests served (and POST /.search queries). */
  reads: number;
  /** SCIM POST, PUT, PATCH and DELETE requests served. */
  writes: number;
}

export interface ScimApp {
  app: express.Express;
  store: ScimStore;
  faults: Faults;
  counts: ScimCounts;
}

export interface RunningScimServer {
  /** Full SCIM base URL, e.g. http://127.0.0.1:PORT/scim/v2, no trailing slash. */
  url: string;
  close(): Promise<void>;
  store: ScimStore;
  faults: Faults;
  counts: ScimCounts;
}

const DEFAULT_DETAIL: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication failed: send Authorization: Bearer <SCIM token>',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request body too large',
  429: 'Too many requests; slow down and retry later',
  500: 'Internal server error',
  501: 'Not implemented',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** A SCIM Error message body (RFC 7644 §3.12). */
export function scimErrorBody(
  status: number,
  detail?: string,
  scimType?: string,
): { schemas: [string]; status: string; scimType?: string; detail: string } {
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail: detail ?? DEFAULT_DETAIL[status] ?? `HTTP ${status}`,
  };
}

// ------------------------------------------------------------------ SCIMMY handlers

interface HandlerContext {
  store: ScimStore;
  /** The request asked for groups without their members (attributes / excludedAttributes). */
  omitMembers: boolean;
  /** A write must leave the group's members alone (our own group PATCH path). */
  keepMembers: boolean;
}

type AnyResource = SCIMMY.Types.Resource;

function scimError(status: number, scimType: string | null, message: string): SCIMMY.Types.SCIMError {
  return new SCIMMY.Types.Error(status, scimType as string, message);
}

function contextOf(ctx: unknown): HandlerContext {
  const c = ctx as Partial<HandlerContext> | undefined;
  if (!c?.store) throw scimError(500, null, 'SCIM handler called without a sandbox store in its context');
  return c as HandlerContext;
}

/** Turns store errors into SCIMMY errors (SCIMMY maps any other exception to 404). */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (ex) {
    if (ex instanceof ScimStoreError) throw scimError(ex.status, ex.scimType, ex.message);
    throw ex;
  }
}

function plain(instance: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
}

function userOut(store: ScimStore, user: UserRecord): Record<string, unknown> {
  const groups = store.groupsOf(user.id).map((g) => ({ value: g.id, display: g.displayName, type: 'direct' }));
  return { ...user, ...(groups.length ? { groups } : {}) };
}

function memberDisplay(store: ScimStore, member: GroupMember): string | undefined {
  if (member.display !== undefined) return member.display;
  const user = store.getUser(member.value);
  if (user) return user.displayName ?? user.userName;
  return store.getGroup(member.value)?.displayName;
}

function groupOut(store: ScimStore, group: GroupRecord, withMembers: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId !== undefined ? { externalId: group.externalId } : {}),
    meta: group.meta,
  };
  if (withMembers && group.members.size) {
    out['members'] = [...group.members.values()].map((m) => {
      const display = memberDisplay(store, m);
      return { value: m.value, ...(display !== undefined ? { display } : {}), ...(m.type ? { type: m.type } : {}) };
    });
  }
  return out;
}

// --- filters answered from indexes

type Expression = unknown;
type Branch = Record<string, Expression>;

const USER_PREFIX = `${USER_SCHEMA}:`.toLowerCase();
const GROUP_PREFIX = `${GROUP_SCHEMA}:`.toLowerCase();

function attrKey(key: string, prefix: string): string {
  const k = key.toLowerCase();
  return k.startsWith(prefix) ? k.slice(prefix.length) : k;
}

/** The string in a plain `eq "string"` expression, else undefined. */
function eqString(expr: Expression): string | undefined {
  if (Array.isArray(expr) && expr.length === 2 && String(expr[0]).toLowerCase() === 'eq' && typeof expr[1] === 'string') {
    return expr[1];
  }
  return undefined;
}

/** For `members[value eq "x"]` (parsed as {members: {value: ["eq","x"]}}), the member value. */
function memberValueEq(expr: Expression): string | undefined {
  if (!expr || typeof expr !== 'object' || Array.isArray(expr)) return undefined;
  const entries = Object.entries(expr);
  if (entries.length !== 1) return undefined;
  const [key, inner] = entries[0]!;
  return key.toLowerCase() === 'value' ? eqString(inner) : undefined;
}

interface IndexedBranch<T> {
  candidates: T[];
  /** Checks for the branch's other conditions that we evaluate ourselves. */
  checks: ((record: T) => boolean)[];
  /** Conditions left for SCIMMY's Filter.match. */
  rest: Branch;
}

function planUserBranch(store: ScimStore, branch: Branch): IndexedBranch<UserRecord> | undefined {
  const checks: ((u: UserRecord) => boolean)[] = [];
  const rest: Branch = {};
  let candidates: UserRecord[] | undefined;
  // Index preference: id, then userName, then externalId.
  const keyed = Object.entries(branch).map(([key, expr]) => ({ key: attrKey(key, USER_PREFIX), rawKey: key, expr }));
  keyed.sort((a, b) => rank(a.key) - rank(b.key));
  function rank(k: string): number {
    return k === 'id' ? 0 : k === 'username' ? 1 : k === 'externalid' ? 2 : 3;
  }
  for (const { key, rawKey, expr } of keyed) {
    const value = eqString(expr);
    if (value !== undefined && (key === 'id' || key === 'username' || key === 'externalid')) {
      if (candidates === undefined) {
        if (key === 'id') {
          const u = store.getUser(value);
          candidates = u ? [u] : [];
        } else if (key === 'username') {
          const u = store.findUserByUserName(value);
          candidates = u ? [u] : [];
        } else {
          candidates = store.findUsersByExternalId(value);
        }
      } else if (key === 'id') checks.push((u) => u.id === value);
      else if (key === 'username') checks.push((u) => u.userName.toLowerCase() === value.toLowerCase());
      else checks.push((u) => u.externalId === value);
    } else {
      rest[rawKey] = expr;
    }
  }
  return candidates === undefined ? undefined : { candidates, checks, rest };
}

function planGroupBranch(store: ScimStore, branch: Branch): IndexedBranch<GroupRecord> | undefined {
  const checks: ((g: GroupRecord) => boolean)[] = [];
  const rest: Branch = {};
  let candidates: GroupRecord[] | undefined;
  const keyed = Object.entries(branch).map(([key, expr]) => ({ key: attrKey(key, GROUP_PREFIX), rawKey: key, expr }));
  const rank = (k: string) => (k === 'id' ? 0 : k === 'displayname' ? 1 : k === 'externalid' ? 2 : k === 'members' ? 3 : 4);
  keyed.sort((a, b) => rank(a.key) - rank(b.key));
  for (const { key, rawKey, expr } of keyed) {
    const value = key === 'members' ? memberValueEq(expr) : eqString(expr);
    if (value !== undefined && (key === 'id' || key === 'displayname' || key === 'externalid' || key === 'members')) {
      if (candidates === undefined) {
        if (key === 'id') {
          const g = store.getGroup(value);
          candidates = g ? [g] : [];
        } else if (key === 'displayname') {
          const g = store.findGroupByDisplayName(value);
          candidates = g ? [g] : [];
        } else if (key === 'externalid') {
          candidates = store.findGroupsByExternalId(value);
        } else {
          candidates = store.groupsOf(value);
        }
      } else if (key === 'id') checks.push((g) => g.id === value);
      else if (key === 'displayname') checks.push((g) => g.displayName.toLowerCase() === value.toLowerCase());
      else if (key === 'externalid') checks.push((g) => g.externalId === value);
      else checks.push((g) => g.members.has(value));
    } else {
      rest[rawKey] = expr;
    }
  }
  return candidates === undefined ? undefined : { candidates, checks, rest };
}

/** Drops the core schema URN from attribute names (`urn:…:core:2.0:User:userName` → `userName`). */
function normaliseBranch(branch: Branch, prefix: string): Branch {
  const out: Branch = {};
  for (const [key, expr] of Object.entries(branch)) out[key.toLowerCase().startsWith(prefix) ? key.slice(prefix.length) : key] = expr;
  return out;
}

/**
 * SCIMMY's Filter.match throws ("Cannot convert undefined or null to object") when a resource
 * lacks a complex attribute the filter looks into (`name.givenName eq …`, `emails[type eq …]`).
 * Give such resources an empty value for it, which matches as "absent".
 */
function fillComplex(view: Record<string, unknown>, branch: Branch): Record<string, unknown> {
  let out = view;
  for (const [key, expr] of Object.entries(branch)) {
    if (!expr || typeof expr !== 'object' || Array.isArray(expr)) continue;
    const lower = key.toLowerCase();
    const present = Object.entries(out).some(([k, v]) => k.toLowerCase() === lower && v !== undefined && v !== null);
    if (present) continue;
    if (out === view) out = { ...view };
    out[key] = {};
  }
  return out;
}

const ENTERPRISE_PREFIX = `${ENTERPRISE_USER_SCHEMA}:`.toLowerCase();

/**
 * What a user filter is matched against: the record, plus `groups` (derived) and the enterprise
 * attributes under their `urn:…:User:attr` names (how SCIMMY's matcher looks them up) when the
 * filter mentions them.
 */
function userView(store: ScimStore, user: UserRecord, branch: Branch): Record<string, unknown> {
  const keys = Object.keys(branch).map((k) => k.toLowerCase());
  let view = user as unknown as Record<string, unknown>;
  if (keys.some((k) => k.startsWith('groups'))) view = userOut(store, user);
  if (keys.some((k) => k.startsWith(ENTERPRISE_PREFIX))) {
    view = { ...view };
    for (const [k, v] of Object.entries(user[ENTERPRISE_USER_SCHEMA] ?? {})) view[`${ENTERPRISE_USER_SCHEMA}:${k}`] = v;
  }
  return fillComplex(view, branch);
}

/**
 * Runs a parsed SCIMMY filter: each OR branch that pins an indexed attribute with `eq` is answered
 * from the index (its other conditions checked on the few candidates); any other branch falls back
 * to SCIMMY's Filter.match over every resource.
 */
function runFilter<T extends { id: string }>(
  filter: SCIMMY.Types.Filter,
  prefix: string,
  plan: (branch: Branch) => IndexedBranch<T> | undefined,
  all: () => T[],
  view: (record: T, branch: Branch) => Record<string, unknown>,
): T[] {
  const found = new Map<string, T>();
  for (const branch of ([...filter] as Branch[]).map((b) => normaliseBranch(b, prefix))) {
    const indexed = plan(branch);
    if (indexed) {
      const restFilter = Object.keys(indexed.rest).length ? new SCIMMY.Types.Filter(indexed.rest) : undefined;
      for (const record of indexed.candidates) {
        if (found.has(record.id) || !indexed.checks.every((check) => check(record))) continue;
        if (restFilter && !restFilter.match([view(record, indexed.rest)]).length) continue;
        found.set(record.id, record);
      }
    } else {
      const branchFilter = new SCIMMY.Types.Filter(branch);
      const records = all();
      const views = records.map((r) => view(r, branch));
      const matched = new Set(branchFilter.match(views));
      views.forEach((v, i) => {
        const record = records[i]!;
        if (matched.has(v) && !found.has(record.id)) found.set(record.id, record);
      });
    }
  }
  return [...found.values()];
}

/**
 * SCIMMY's ListResponse sorts and slices whatever egress returns, and SCIMMY formats every item
 * first, so returning all 100,000 users for a 20-item page is slow. Instead egress reports the
 * total through `constraints.totalResults` and returns only a window that ListResponse's own
 * slicing turns into the requested page: it slices from startIndex when it has at least
 * startIndex items, unless totalResults equals items + startIndex - 1.
 */
function pageWindow(resource: AnyResource, total: number): [number, number] {
  const constraints = (resource.constraints ?? {}) as NonNullable<AnyResource['constraints']> & { totalResults?: number };
  if (constraints.sortBy !== undefined) return [0, total]; // SCIMMY must see everything to sort it
  resource.constraints = { ...constraints, totalResults: total } as AnyResource['constraints'];
  const start = constraints.startIndex ?? 1;
  const count = constraints.count ?? 20; // SCIMMY's default page size
  if (count === 0 || start > total) return [0, 0];
  if (count < start) return [start - 1, Math.min(total, start - 1 + count)];
  let end = Math.min(total, start - 1 + count);
  if (start > 1 && total === end + start - 1) end += 1; // dodge ListResponse's "already sliced" test
  return [0, end];
}

async function userEgress(resource: AnyResource, ctx: unknown): Promise<Record<string, unknown> | Record<string, unknown>[]> {
  const { store } = contextOf(ctx);
  return guarded(() => {
    if (resource.id) {
      const user = store.getUser(resource.id);
      if (!user) throw scimError(404, null, `Resource ${resource.id} not found`);
      return userOut(store, user);
    }
    const matched = resource.filter
      ? runFilter(
          resource.filter,
          USER_PREFIX,
          (b) => planUserBranch(store, b),
          () => store.listUsers(),
          (u, branch) => userView(store, u, branch),
        )
      : undefined;
    const total = matched ? matched.length : store.userCount;
    const [from, to] = pageWindow(resource, total);
    return (matched ?? store.listUsers()).slice(from, to).map((u) => userOut(store, u));
  });
}

async function userIngress(resource: AnyResource, instance: unknown, ctx: unknown): Promise<Record<string, unknown>> {
  const { store } = contextOf(ctx);
  return guarded(() => {
    const data = plain(instance) as unknown as Parameters<ScimStore['createUser']>[0];
    const user = resource.id ? store.replaceUser(resource.id, data) : store.createUser(data);
    return userOut(store, user);
  });
}

async function userDegress(resource: AnyResource, ctx: unknown): Promise<void> {
  const { store } = contextOf(ctx);
  if (!resource.id || !store.deleteUser(resource.id)) throw scimError(404, null, `Resource ${resource.id} not found`);
}

async function groupEgress(resource: AnyResource, ctx: unknown): Promise<Record<string, unknown> | Record<string, unknown>[]> {
  const { store, omitMembers } = contextOf(ctx);
  return guarded(() => {
    if (resource.id) {
      const group = store.getGroup(resource.id);
      if (!group) throw scimError(404, null, `Resource ${resource.id} not found`);
      return groupOut(store, group, !omitMembers);
    }
    const matched = resource.filter
      ? runFilter(
          resource.filter,
          GROUP_PREFIX,
          (b) => planGroupBranch(store, b),
          () => store.listGroups(),
          (g, branch) => fillComplex(groupOut(store, g, Object.keys(branch).some((k) => k.toLowerCase().startsWith('members'))), branch),
        )
      : undefined;
    const total = matched ? matched.length : store.groupCount;
    const [from, to] = pageWindow(resource, total);
    return (matched ?? store.listGroups()).slice(from, to).map((g) => groupOut(store, g, !omitMembers));
  });
}

async function groupIngress(resource: AnyResource, instance: unknown, ctx: unknown): Promise<Record<string, unknown>> {
  const { store, omitMembers, keepMembers } = contextOf(ctx);
  return guarded(() => {
    const data = plain(instance) as { displayName: string; externalId?: string; members?: GroupMember[] };
    const input = {
      displayName: data.displayName,
      ...(data.externalId !== undefined ? { externalId: data.externalId } : {}),
      members: data.members ?? [],
    };
    const group = resource.id ? store.replaceGroup(resource.id, input, { keepMembers }) : store.createGroup(input);
    return groupOut(store, group, !omitMembers);
  });
}

async function groupDegress(resource: AnyResource, ctx: unknown): Promise<void> {
  const { store } = contextOf(ctx);
  if (!resource.id || !store.deleteGroup(resource.id)) throw scimError(404, null, `Resource ${resource.id} not found`);
}

let declared = false;

/** Declares Users (with the enterprise extension) and Groups to SCIMMY's global registry, once. */
function declareResources(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    extensions: [{ schema: SCIMMY.Schemas.EnterpriseUser, required: false }],
    egress: userEgress,
    ingress: userIngress,
    degress: userDegress,
  });
  SCIMMY.Resources.declare(SCIMMY.Resources.Group, {
    egress: groupEgress,
    ingress: groupIngress,
    degress: groupDegress,
  });
}

// ------------------------------------------------------------------ request helpers

function queryList(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map((a) => attrKey(a.trim(), GROUP_PREFIX)) : [];
}

/** Whether `attributes` / `excludedAttributes` leave a group's members out of the response. */
function membersExcluded(query: Request['query']): boolean {
  if (typeof query['attributes'] === 'string') {
    return !queryList(query['attributes']).some((a) => a === 'members' || a.startsWith('members.'));
  }
  return queryList(query['excludedAttributes']).includes('members');
}

function normaliseBasePath(path: string | undefined): string {
  const p = (path ?? '/scim/v2').trim().replace(/\/+$/, '');
  return p === '' ? '' : p.startsWith('/') ? p : `/${p}`;
}

function sendScimError(res: Response, status: number, detail?: string, scimType?: string): void {
  if (res.headersSent) return;
  res.status(status).set('Content-Type', SCIM_CONTENT_TYPE).send(JSON.stringify(scimErrorBody(status, detail, scimType)));
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// ------------------------------------------------------------------ group PATCH

type MemberStep =
  | { kind: 'add'; members: GroupMember[] }
  | { kind: 'replace'; members: GroupMember[] }
  | { kind: 'remove'; values: string[] }
  | { kind: 'removeAll' };

interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

function toMembers(value: unknown, index: number): GroupMember[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const v = (item as { value?: unknown } | null)?.value;
    if (!item || typeof item !== 'object' || typeof v !== 'string' || !v) {
      throw scimError(400, 'invalidValue', `Operation ${index}: each member needs a "value" holding a user or group id`);
    }
    const display = (item as { display?: unknown }).display;
    return { value: v, ...(typeof display === 'string' ? { display } : {}) };
  });
}

/**
 * Splits a group PATCH into member steps (applied straight to the group's member Map) and the
 * other operations (left to SCIMMY, on a copy of the group without its members). Returns undefined
 * for member operations this fast path does not understand (members[type eq "User"],
 * members[...].display, ...); those PATCHes go through SCIMMY whole.
 */
function planGroupPatch(operations: PatchOperation[]): { member: MemberStep[]; other: PatchOperation[] } | undefined {
  const member: MemberStep[] = [];
  const other: PatchOperation[] = [];
  for (const [i, operation] of operations.entries()) {
    const index = i + 1;
    const op = operation.op.toLowerCase();
    if (operation.path === undefined) {
      const value = operation.value;
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        other.push(operation);
        continue;
      }
      const rest: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        if (attrKey(key, GROUP_PREFIX) === 'members') {
          member.push(op === 'replace' ? { kind: 'replace', members: toMembers(v, index) } : { kind: 'add', members: toMembers(v, index) });
        } else {
          rest[key] = v;
        }
      }
      if (Object.keys(rest).length) other.push({ ...operation, value: rest });
      continue;
    }
    const rawPath = operation.path.trim();
    const strippedPath = rawPath.toLowerCase().startsWith(GROUP_PREFIX) ? rawPath.slice(GROUP_PREFIX.length) : rawPath;
    const path = strippedPath.toLowerCase();
    if (path === 'members') {
      if (op === 'add') member.push({ kind: 'add', members: toMembers(operation.value, index) });
      else if (op === 'replace') member.push({ kind: 'replace', members: operation.value == null ? [] : toMembers(operation.value, index) });
      else if (operation.value === undefined) member.push({ kind: 'removeAll' });
      else member.push({ kind: 'remove', values: toMembers(operation.value, index).map((m) => m.value) });
      continue;
    }
    if (path.startsWith('members')) {
      const filterMatch = /^members\s*\[(.*)\]$/is.exec(strippedPath);
      if (!filterMatch || op !== 'remove') return undefined;
      let filter: SCIMMY.Types.Filter;
      try {
        filter = new SCIMMY.Types.Filter(filterMatch[1]!);
      } catch {
        throw scimError(400, 'invalidPath', `Operation ${index}: invalid path "${operation.path}"`);
      }
      const values: string[] = [];
      for (const branch of [...filter] as Branch[]) {
        const entries = Object.entries(branch);
        const only = entries.length === 1 ? entries[0]! : undefined;
        const value = only && only[0].toLowerCase() === 'value' ? eqString(only[1]) : undefined;
        if (value === undefined) return undefined;
        values.push(value);
      }
      member.push({ kind: 'remove', values });
      continue;
    }
    other.push(operation);
  }
  return { member, other };
}

// ------------------------------------------------------------------ the app

export function createScimApp(opts: ScimServerOptions): ScimApp {
  if (!opts.token) throw new TypeError('createScimApp needs a token');
  declareResources();
  const token = opts.token;
  const basePath = normaliseBasePath(opts.basePath);
  const faults = opts.faults ?? new Faults();
  const counts: ScimCounts = { reads: 0, writes: 0 };

  // The public SCIM base for locations: fixed when baseUri is given, else from the Host header.
  let fixedBase: string | undefined;
  if (opts.baseUri) {
    const url = new URL(opts.baseUri);
    const path = url.pathname.replace(/\/+$/, '');
    fixedBase = `${url.origin}${path === '' ? basePath : path}`;
  }
  const publicBase = (req: Request): string => fixedBase ?? `${req.protocol}://${req.get('host') ?? '127.0.0.1'}${basePath}`;
  const store = new ScimStore({ locationBase: fixedBase ?? basePath });

  // SCIMMY builds meta.location from process-wide base paths. Point them at this app's public base
  // whenever one of its requests is about to reach SCIMMY (everything after that is synchronous
  // in-memory work, so another app in the same process cannot change them in between).
  const pointScimmyAt = (req: Request): void => {
    const base = publicBase(req);
    SCIMMY.Resources.Schema.basepath(base);
    SCIMMY.Resources.ResourceType.basepath(base);
    SCIMMY.Resources.ServiceProviderConfig.basepath(base);
    SCIMMY.Resources.User.basepath(base);
    SCIMMY.Resources.Group.basepath(base);
  };
  const contextFor = (req: Request): HandlerContext => ({ store, omitMembers: membersExcluded(req.query), keepMembers: false });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // Sandbox control surface, outside auth and outside fault injection.
  app.all('/__sandbox/faults', async (req, res) => {
    try {
      await handleFaultControl(faults, req, res, '/__sandbox/faults');
    } catch (ex) {
      if (!res.headersSent) res.status(400).json({ error: (ex as Error).message });
    }
  });
  app.get('/__sandbox/state', (_req, res) => {
    res.json({ users: store.userCount, groups: store.groupCount, reads: counts.reads, writes: counts.writes });
  });

  const scim = express.Router();

  // 1. Faults: latency, then maybe a 429 / 5xx with a SCIM Error body.
  scim.use(async (_req, res, next) => {
    try {
      if (await faults.apply(res, (status) => scimErrorBody(status))) return;
      next();
    } catch (ex) {
      next(ex);
    }
  });

  // 2. Bearer token on every SCIM route.
  scim.use((req, res, next) => {
    if (tokenMatches(req.get('authorization'), token)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="Zoho Directory sandbox SCIM"');
    sendScimError(res, 401);
  });

  // 3. Counts, and fix-ups on what SCIMMY sends: a Location header on 201 Created, and
  //    itemsPerPage as the number of resources actually returned (RFC 7644 §3.4.2).
  scim.use((req, res, next) => {
    const isSearch = req.method === 'POST' && req.path.endsWith('/.search');
    if (req.method === 'GET' || req.method === 'HEAD' || isSearch) counts.reads += 1;
    else counts.writes += 1;
    const send = res.send.bind(res);
    res.send = ((body?: unknown) => {
      if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
        const b = body as { meta?: { location?: unknown }; schemas?: unknown; Resources?: unknown[]; itemsPerPage?: number };
        if (res.statusCode === 201 && typeof b.meta?.location === 'string') res.location(b.meta.location);
        if (Array.isArray(b.schemas) && b.schemas.includes(LIST_RESPONSE_SCHEMA) && Array.isArray(b.Resources)) {
          b.itemsPerPage = b.Resources.length;
        }
      }
      return send(body);
    }) as Response['send'];
    next();
  });

  // 4. JSON bodies (SCIMMY's router sees them already parsed). 1 MiB, as /ServiceProviderConfig says.
  scim.use(express.json({ type: [SCIM_CONTENT_TYPE, 'application/json'], limit: 1024 * 1024 }));

  // 5. Group PATCH: member changes go straight to the group's member Map, so adding one member to
  //    a group of 100,000 costs O(1) instead of SCIMMY's read-patch-write of the whole list.
  scim.patch('/Groups/:id', async (req, res, next) => {
    try {
      const message = new SCIMMY.Messages.PatchOp(req.body);
      const id = req.params['id']!;
      const plan = planGroupPatch(message.Operations as PatchOperation[]);
      if (!plan) return next(); // SCIMMY handles it, slowly but fully
      pointScimmyAt(req);
      if (!store.getGroup(id)) throw scimError(404, null, `Resource ${id} not found`);
      // Check every member first, so a bad one leaves the group untouched.
      for (const step of plan.member) {
        if (step.kind === 'add' || step.kind === 'replace') guarded(() => store.validateMembers(id, step.members));
      }
      if (plan.other.length) {
        const ctx: HandlerContext = { store, omitMembers: true, keepMembers: true };
        await new SCIMMY.Resources.Group(id).patch({ schemas: [PATCH_OP_SCHEMA], Operations: plan.other as never }, ctx);
      }
      guarded(() => {
        for (const step of plan.member) {
          if (step.kind === 'add') store.addGroupMembers(id, step.members);
          else if (step.kind === 'replace') store.setGroupMembers(id, step.members);
          else if (step.kind === 'remove') store.removeGroupMembers(id, step.values);
          else store.setGroupMembers(id, []);
        }
      });
      // RFC 7644 §3.5.2 allows 204; the group (possibly huge) is returned only when the client
      // asks for it with attributes / excludedAttributes.
      if (req.query['attributes'] === undefined && req.query['excludedAttributes'] === undefined) {
        res.status(204).end();
        return;
      }
      const query = req.query as Record<string, string>;
      res.status(200).set('Content-Type', SCIM_CONTENT_TYPE).send(await new SCIMMY.Resources.Group(id, query).read(contextFor(req)));
    } catch (ex) {
      next(ex);
    }
  });

  // 6. Everything else: SCIMMY. It authenticates again (harmless), and that hook is where we point
  //    SCIMMY's base paths at this app's public base, after scimmy-routers set its own.
  scim.use(
    new SCIMMYRouters({
      type: 'bearer',
      docUri: 'https://datatracker.ietf.org/doc/html/rfc6750',
      handler: (req) => {
        if (!tokenMatches(req.get('authorization'), token)) throw new Error('Authentication failed');
        pointScimmyAt(req); // after scimmy-routers set them from req.baseUrl
        return '';
      },
      context: contextFor,
    }),
  );

  // 7. Errors that reach us (body parser, our PATCH route, 5xx after SCIMMY answered): SCIM Error
  //    bodies, and nothing printed to the console.
  scim.use((ex: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = ex as { status?: unknown; statusCode?: unknown; scimType?: unknown; message?: unknown; type?: unknown };
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
    const scimType =
      typeof e.scimType === 'string' ? e.scimType : e.type === 'entity.parse.failed' ? 'invalidSyntax' : undefined;
    sendScimError(res, status, typeof e.message === 'string' && status < 500 ? e.message : undefined, scimType);
  });

  app.use(basePath || '/', scim);
  return { app, store, faults, counts };
}

export async function startScimServer(opts: ScimServerOptions & { port?: number }): Promise<RunningScimServer> {
  const created = createScimApp(opts);
  const loopback = await listenOnLoopback(created.app, opts.port);
  return {
    url: `${loopback.origin}${normaliseBasePath(opts.basePath)}`,
    close: loopback.close,
    store: created.store,
    faults: created.faults,
    counts: created.counts,
  };
}
