// Filtered and sorted user lists, kept per directory version so that paging through 100,000 users is a slice rather than a re-sort per page.
import type { JumpCloudDirectory, SystemUser } from '../directory.js';
import { parseFilters, parseSort, sorter, type Predicate } from './query-params.js';

export type UserLists = ReturnType<typeof createUserLists>;

export function createUserLists() {
  // A small LRU: the last 16 lists asked for, keyed by org, version and query.
  const cache = new Map<string, SystemUser[]>();
  const cached = (directory: JumpCloudDirectory, key: string, build: () => SystemUser[]) => {
    const k = `${directory.orgId}|${directory.version}|${key}`;
    let hit = cache.get(k);
    if (hit) {
      cache.delete(k);
    } else {
      hit = build();
      if (cache.size >= 16) cache.delete(cache.keys().next().value!);
    }
    cache.set(k, hit);
    return hit;
  };

  /**
   * Users passing the v1 `filter`s and `extra`, ordered by `sort`. `extraKey` identifies `extra` in
   * the cache key ('' when there is none). Unfiltered lists in id order are the directory's own array.
   */
  function select(directory: JumpCloudDirectory, filters: string[], sortRaw: string, extra: Predicate, extraKey: string): SystemUser[] {
    const predicates = parseFilters(filters, ['eq', 'ne']);
    const keys = parseSort(sortRaw, /\s+/);
    const byId = !keys.length || (keys.length === 1 && keys[0]!.field === '_id');
    if (!predicates.length && !extraKey && byId) {
      return keys[0]?.dir === -1 ? cached(directory, 'reverse', () => [...directory.users].reverse()) : directory.users;
    }
    return cached(directory, JSON.stringify([filters, sortRaw, extraKey]), () => {
      let list = directory.users.filter((u) => predicates.every((p) => p(u)) && extra(u));
      if (!byId) list = list.sort(sorter<SystemUser>(keys, '_id'));
      else if (keys[0]?.dir === -1) list.reverse();
      return list;
    });
  }

  return { select };
}
