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

/** Filters (object_id, type) and sorts (id/object_id, type) a graph listing, as the spec allows. */
export function graphListing(items: GraphReach[], type: string, url: URL): GraphReach[] {
  const filters = parseFilters(url.searchParams.getAll('filter'), ['eq', 'ne', 'in'], { object_id: 'id' });
  const keys = parseSort(url.searchParams.getAll('sort').join(','), /,/).map((k) => ({ ...k, field: k.field === 'object_id' ? 'id' : k.field }));
  // Every item has the same type, so only the id decides order; unfiltered, unsorted listings page the cached array.
  if (!filters.length && !keys.some((k) => k.field === 'id' && k.dir === -1)) return items;
  const out = items.filter((r) => filters.every((p) => p({ id: r.id, type })));
  return keys.find((k) => k.field === 'id')?.dir === -1 ? out.reverse() : out;
}
