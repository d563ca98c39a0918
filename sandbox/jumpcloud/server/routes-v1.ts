// The v1 routes: list and get system users, POST search over them, and the organizations an API key can reach.
import { readJson } from '../../faults.js';
import { page, parseFilters, project, LIST_MAX, SEARCH_MAX, splitFields } from './query-params.js';
import { badRequest, notFound, send } from './responses.js';
import { only, type RouteRequest } from './route-request.js';
import { compileSearchFilter, compileSearchTerm } from './search-body.js';

/** Answers the request and returns true when its path is a v1 route; false leaves it to the next router. */
export async function routeV1(r: RouteRequest): Promise<boolean> {
  const { directory, res, url, path } = r;
  const q = url.searchParams;
  let m: RegExpExecArray | null;

  if (path === '/api/systemusers') {
    only(r, 'GET');
    const list = r.lists.select(directory, q.getAll('filter'), q.get('sort') ?? '', () => true, '');
    const fields = splitFields(q.get('fields'), /\s+/);
    const results = page(list, q.get('limit'), q.get('skip'), LIST_MAX).map((u) => project(u, fields, '_id'));
    send(res, 200, { totalCount: list.length, results });
    return true;
  }
  if ((m = /^\/api\/systemusers\/([^/]+)$/.exec(path))) {
    only(r, 'GET');
    const user = directory.getUser(decodeURIComponent(m[1]!));
    const predicates = parseFilters(q.getAll('filter'), ['eq', 'ne']);
    if (!user || !predicates.every((p) => p(user))) throw notFound('system user not found');
    send(res, 200, project(user, splitFields(q.get('fields'), /\s+/), '_id'));
    return true;
  }
  if (path === '/api/search/systemusers') {
    only(r, 'POST');
    let body: unknown;
    try {
      body = await readJson(r.req);
    } catch {
      throw badRequest('request body is not valid JSON');
    }
    if (body === undefined || body === null) body = {};
    if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('request body must be a JSON object');
    const b = body as { filter?: unknown; searchFilter?: unknown; fields?: unknown; limit?: unknown; skip?: unknown };
    const filter = compileSearchFilter(b.filter);
    const term = compileSearchTerm(b.searchFilter);
    const list = r.lists.select(directory, q.getAll('filter'), '', (u) => filter(u) && term(u), JSON.stringify([b.filter ?? null, b.searchFilter ?? null]));
    const fields = splitFields(typeof b.fields === 'string' ? b.fields : q.get('fields'), /\s+/);
    const results = page(list, b.limit ?? q.get('limit'), b.skip ?? q.get('skip'), SEARCH_MAX).map((u) => project(u, fields, '_id'));
    send(res, 200, { totalCount: list.length, results });
    return true;
  }
  if (path === '/api/organizations') {
    only(r, 'GET');
    const orgIds = r.key.orgIds ?? [r.orgs.home.orgId];
    const orgs = orgIds.map((id) => ({ _id: id, displayName: r.orgs.get(id).orgName }));
    send(res, 200, { totalCount: orgs.length, results: page(orgs, q.get('limit'), q.get('skip'), LIST_MAX) });
    return true;
  }
  return false;
}
