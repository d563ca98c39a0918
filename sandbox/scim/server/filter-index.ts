// Which filter branches the store's indexes can answer: a branch that pins id, name, externalId (or, for groups, a member) with `eq` needs no scan.
import { attrKey, GROUP_PREFIX, USER_PREFIX } from '../protocol.js';
import type { GroupRecord, ScimStore, UserRecord } from '../store.js';

/** One AND branch of a parsed SCIMMY filter: attribute name → expression. */
export type Branch = Record<string, unknown>;

/** The string in a plain `eq "string"` expression, else undefined. */
export function eqString(expr: unknown): string | undefined {
  if (Array.isArray(expr) && expr.length === 2 && String(expr[0]).toLowerCase() === 'eq' && typeof expr[1] === 'string') {
    return expr[1];
  }
  return undefined;
}

/** For `members[value eq "x"]` (parsed as {members: {value: ["eq","x"]}}), the member value. */
function memberValueEq(expr: unknown): string | undefined {
  if (!expr || typeof expr !== 'object' || Array.isArray(expr)) return undefined;
  const entries = Object.entries(expr);
  if (entries.length !== 1) return undefined;
  const [key, inner] = entries[0]!;
  return key.toLowerCase() === 'value' ? eqString(inner) : undefined;
}

export interface IndexedBranch<T> {
  candidates: T[];
  /** Checks for the branch's other conditions that we evaluate ourselves. */
  checks: ((record: T) => boolean)[];
  /** Conditions left for SCIMMY's Filter.match. */
  rest: Branch;
}

/** An attribute the store indexes: how to read the pinned value, look records up by it, or check a record against it. */
interface Index<T> {
  pinned: (expr: unknown) => string | undefined;
  lookup: (value: string) => T[];
  check: (value: string) => (record: T) => boolean;
}

const one = <T>(record: T | undefined): T[] => (record ? [record] : []);

/**
 * Plans a branch against `indexes` (lowercased attribute → index, in order of preference): the
 * first pinned indexed attribute supplies the candidates, later ones become checks, and every
 * other condition is left in `rest`. Undefined when nothing in the branch is indexed.
 */
function planBranch<T>(branch: Branch, prefix: string, indexes: Map<string, Index<T>>): IndexedBranch<T> | undefined {
  const checks: ((record: T) => boolean)[] = [];
  const rest: Branch = {};
  let candidates: T[] | undefined;
  const order = [...indexes.keys()];
  const rank = (k: string) => (indexes.has(k) ? order.indexOf(k) : order.length);
  const keyed = Object.entries(branch).map(([key, expr]) => ({ key: attrKey(key, prefix), rawKey: key, expr }));
  keyed.sort((a, b) => rank(a.key) - rank(b.key));
  for (const { key, rawKey, expr } of keyed) {
    const index = indexes.get(key);
    const value = index?.pinned(expr);
    if (index && value !== undefined) {
      if (candidates === undefined) candidates = index.lookup(value);
      else checks.push(index.check(value));
    } else {
      rest[rawKey] = expr;
    }
  }
  return candidates === undefined ? undefined : { candidates, checks, rest };
}

export function planUserBranch(store: ScimStore, branch: Branch): IndexedBranch<UserRecord> | undefined {
  return planBranch<UserRecord>(
    branch,
    USER_PREFIX,
    new Map([
      ['id', { pinned: eqString, lookup: (v) => one(store.getUser(v)), check: (v) => (u) => u.id === v }],
      ['username', { pinned: eqString, lookup: (v) => one(store.findUserByUserName(v)), check: (v) => (u) => u.userName.toLowerCase() === v.toLowerCase() }],
      ['externalid', { pinned: eqString, lookup: (v) => store.findUsersByExternalId(v), check: (v) => (u) => u.externalId === v }],
    ]),
  );
}

export function planGroupBranch(store: ScimStore, branch: Branch): IndexedBranch<GroupRecord> | undefined {
  return planBranch<GroupRecord>(
    branch,
    GROUP_PREFIX,
    new Map([
      ['id', { pinned: eqString, lookup: (v) => one(store.getGroup(v)), check: (v) => (g) => g.id === v }],
      ['displayname', { pinned: eqString, lookup: (v) => one(store.findGroupByDisplayName(v)), check: (v) => (g) => g.displayName.toLowerCase() === v.toLowerCase() }],
      ['externalid', { pinned: eqString, lookup: (v) => store.findGroupsByExternalId(v), check: (v) => (g) => g.externalId === v }],
      ['members', { pinned: memberValueEq, lookup: (v) => store.groupsOf(v), check: (v) => (g) => g.members.has(v) }],
    ]),
  );
}
