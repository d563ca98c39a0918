// The POST /api/search/systemusers body: `filter` (exact match, and/or) and `searchFilter` (substring terms over chosen fields) compiled to predicates.
import { badRequest } from './responses.js';
import type { Predicate } from './query-params.js';
import { valuesAt } from './values.js';

/** Fields a searchFilter without `fields` looks in; JumpCloud documents no default. */
const DEFAULT_SEARCH_FIELDS = ['username', 'email', 'firstname', 'lastname', 'displayname'];

export function compileSearchFilter(f: unknown): Predicate {
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

export function compileSearchTerm(sf: unknown): Predicate {
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
