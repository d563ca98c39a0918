// The v2 routes a sync reads: user groups, a group's direct members and resolved membership, and the groups a user is member of.
import { edge, graphListing, memberOfObject, membershipObject, unstableOrder } from './graph-output.js';
import { page, parseFilters, parseSort, project, LIST_MAX, sorter, splitFields } from './query-params.js';
import { notFound, send } from './responses.js';
import { only, type RouteRequest } from './route-request.js';

/** Answers the request and returns true when its path is a v2 route; false leaves it to the next router. */
export function routeV2(r: RouteRequest): boolean {
  const { directory, res, url, path } = r;
  const q = url.searchParams;
  let m: RegExpExecArray | null;

  if (path === '/api/v2/usergroups') {
    only(r, 'GET');
    const filters = parseFilters(q.getAll('filter'), ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in', 'search']);
    let list = filters.length ? directory.groups.filter((g) => filters.every((p) => p(g))) : directory.groups;
    const keys = parseSort(q.getAll('sort').join(','), /,/);
    list = keys.length ? [...list].sort(sorter(keys, 'id')) : unstableOrder(list);
    const fields = splitFields(q.getAll('fields').join(','), /,/);
    const items = page(list, q.get('limit'), q.get('skip'), LIST_MAX).map((g) => project(g, fields, 'id'));
    send(res, 200, items, { 'x-total-count': String(list.length) });
    return true;
  }
  if ((m = /^\/api\/v2\/usergroups\/([^/]+)(?:\/(members|membership))?$/.exec(path))) {
    only(r, 'GET');
    const id = decodeURIComponent(m[1]!);
    const group = directory.getGroup(id);
    if (!group) throw notFound('user group not found');
    if (!m[2]) {
      send(res, 200, group);
      return true;
    }
    if (m[2] === 'members') {
      // The spec gives /members no sort: its order is the store's, and changes between requests
      // (sort=id is taken, as the other graph routes take it, for tests that need the whole list).
      const direct = directory.directMembers(id);
      const edges = parseSort(q.getAll('sort').join(','), /,/).some((k) => k.field === 'id') ? [...direct].sort((a, b) => (a.id < b.id ? -1 : 1)) : unstableOrder(direct);
      const items = page(edges, q.get('limit'), q.get('skip'), LIST_MAX).map((e) => edge(e.id, e.type));
      send(res, 200, items, { 'x-total-count': String(edges.length) });
      return true;
    }
    // Users only: the resolved membership is the people in the group, however they got there.
    const list = graphListing(directory.membership(id), 'user', url);
    const items = page(list, q.get('limit'), q.get('skip'), LIST_MAX).map(membershipObject);
    send(res, 200, items, { 'x-total-count': String(list.length) });
    return true;
  }
  if ((m = /^\/api\/v2\/users\/([^/]+)\/memberof$/.exec(path))) {
    only(r, 'GET');
    const id = decodeURIComponent(m[1]!);
    if (!directory.getUser(id)) throw notFound('user not found');
    const list = graphListing(directory.memberOf(id), 'user_group', url);
    const items = page(list, q.get('limit'), q.get('skip'), LIST_MAX).map(memberOfObject);
    send(res, 200, items, { 'x-total-count': String(list.length) });
    return true;
  }
  return false;
}
