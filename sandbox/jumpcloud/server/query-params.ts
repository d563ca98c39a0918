// List query parameters as JumpCloud reads them: `filter`, `sort`, `fields`, `limit` and `skip`, with the spec's limits and its 400s.
import { badRequest } from './responses.js';
import { compareValues, valuesAt } from './values.js';

/** List endpoints cap limit at 100 (spec: "Limited to 100"; 400 above it, observed). */
export const LIST_MAX = 100;
/**
 * The search spec declares no maximum. JumpCloud's own PowerShell module pages search with
 * limit=1000, so search accepts up to 1000 (an inference, see the reference §1.3).
 */
export const SEARCH_MAX = 1000;

function intParam(raw: unknown, name: string, fallback: number, max?: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n)) throw badRequest(`request parameter "${name}" must be an integer`);
  if (n < 0) throw badRequest(`request parameter "${name}" is less than minimum value of 0`);
  if (max !== undefined && n > max) throw badRequest(`request parameter "${name}" exceeds maximum value of ${max}`);
  return n;
}

export function page<T>(list: readonly T[], limitRaw: unknown, skipRaw: unknown, max: number): T[] {
  const limit = intParam(limitRaw, 'limit', 10, max);
  const skip = intParam(skipRaw, 'skip', 0);
  return list.slice(skip, skip + limit);
}

export type Predicate = (obj: unknown) => boolean;

/**
 * `field:op:value` filters; the value is everything after the second colon (it may contain colons).
 * v1 knows eq and ne; v2 adds ordering, `in` (values separated by |) and `search` (substring).
 */
export function parseFilters(raw: string[], ops: readonly string[], alias: Record<string, string> = {}): Predicate[] {
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

export function parseSort(raw: string | null | undefined, separator: RegExp): { field: string; dir: number }[] {
  return (raw ?? '')
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.startsWith('-') ? { field: s.slice(1), dir: -1 } : { field: s, dir: 1 }));
}

export function sorter<T>(keys: { field: string; dir: number }[], idField: string): (a: T, b: T) => number {
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
export function project<T extends object>(obj: T, fields: string[], idField: string): Partial<T> {
  if (!fields.length) return obj;
  const out: Record<string, unknown> = { [idField]: (obj as Record<string, unknown>)[idField] };
  for (const f of fields) if (Object.hasOwn(obj, f)) out[f] = (obj as Record<string, unknown>)[f];
  return out as Partial<T>;
}

export const splitFields = (raw: string | null | undefined, sep: RegExp) => (raw ?? '').split(sep).map((s) => s.trim()).filter(Boolean);
