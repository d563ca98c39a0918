// Running a parsed SCIMMY filter: indexed branches checked on their few candidates, other branches through SCIMMY's matcher over views it can read.
import SCIMMY from 'scimmy';
import { ENTERPRISE_PREFIX, ENTERPRISE_USER_SCHEMA } from '../protocol.js';
import type { ScimStore, UserRecord } from '../store.js';
import type { Branch, IndexedBranch } from './filter-index.js';
import { userOut } from './render.js';

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
export function fillComplex(view: Record<string, unknown>, branch: Branch): Record<string, unknown> {
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

/**
 * What a user filter is matched against: the record, plus `groups` (derived) and the enterprise
 * attributes under their `urn:…:User:attr` names (how SCIMMY's matcher looks them up) when the
 * filter mentions them.
 */
export function userView(store: ScimStore, user: UserRecord, branch: Branch): Record<string, unknown> {
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
export function runFilter<T extends { id: string }>(
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

