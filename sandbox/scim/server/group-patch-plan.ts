// Planning a group PATCH: member operations become steps the store applies straight to the member Map; the rest is left for SCIMMY.
import SCIMMY from 'scimmy';
import { attrKey, GROUP_PREFIX } from '../protocol.js';
import type { GroupMember } from '../store.js';
import { scimError } from './errors.js';
import { eqString, type Branch } from './filter-index.js';

export type MemberStep =
  | { kind: 'add'; members: GroupMember[] }
  | { kind: 'replace'; members: GroupMember[] }
  | { kind: 'remove'; values: string[] }
  | { kind: 'removeAll' };

export interface PatchOperation {
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
export function planGroupPatch(operations: PatchOperation[]): { member: MemberStep[]; other: PatchOperation[] } | undefined {
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
