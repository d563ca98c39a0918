// The v2 graph routes' output: GraphConnection edges and paths built from the directory's resolved chains, with the filter and sort the spec allows.
import type { GraphReach } from '../directory.js';
import { parseFilters, parseSort } from './query-params.js';

export const edge = (id: string, type: 'user' | 'user_group') => ({ to: { id, type } });

export function membershipObject(reach: GraphReach) {
  return {
    id: reach.id,
    type: 'user' as const,
    paths: reach.chains.map((chain) => [...chain.map((g) => edge(g, 'user_group')), edge(reach.id, 'user')]),
  };
}

export function memberOfObject(reach: GraphReach) {
  return {
    id: reach.id,
    type: 'user_group' as const,
    paths: reach.chains.map((chain) => chain.map((g) => edge(g, 'user_group'))),
  };
}

/**
 * Filters (object_id, type) and sorts (id/object_id, type) a graph listing, as the spec allows.
 * Without a sort on the id, the order is whatever the store's scan gives, and it changes from one
 * request to the next: paging such a list with skip repeats some rows and misses others, as
 * JumpCloud warns.
 */
export function graphListing(items: GraphReach[], type: string, url: URL): GraphReach[] {
  const filters = parseFilters(url.searchParams.getAll('filter'), ['eq', 'ne', 'in'], { object_id: 'id' });
  const keys = parseSort(url.searchParams.getAll('sort').join(','), /,/).map((k) => ({ ...k, field: k.field === 'object_id' ? 'id' : k.field }));
  const byId = keys.find((k) => k.field === 'id');
  const out = filters.length ? items.filter((r) => filters.every((p) => p({ id: r.id, type }))) : items;
  // Every item has the same type, so only the id decides order.
  if (!byId) return unstableOrder(out);
  return byId.dir === -1 ? [...out].reverse() : out;
}

/** A fresh order on every call: an unsorted list of a store that is being written. */
export function unstableOrder<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
