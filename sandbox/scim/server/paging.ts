// The paging fix: egress hands SCIMMY's ListResponse only the window it will slice the page from, so a 20-item page of 100,000 users formats 20, not 100,000.
import type SCIMMY from 'scimmy';

type AnyResource = SCIMMY.Types.Resource;

/**
 * SCIMMY's ListResponse sorts and slices whatever egress returns, and SCIMMY formats every item
 * first, so returning all 100,000 users for a 20-item page is slow. Instead egress reports the
 * total through `constraints.totalResults` and returns only a window that ListResponse's own
 * slicing turns into the requested page: it slices from startIndex when it has at least
 * startIndex items, unless totalResults equals items + startIndex - 1.
 */
export function pageWindow(resource: AnyResource, total: number): [number, number] {
  const constraints = (resource.constraints ?? {}) as NonNullable<AnyResource['constraints']> & { totalResults?: number };
  if (constraints.sortBy !== undefined) return [0, total]; // SCIMMY must see everything to sort it
  resource.constraints = { ...constraints, totalResults: total } as AnyResource['constraints'];
  const start = constraints.startIndex ?? 1;
  const count = constraints.count ?? 20; // SCIMMY's default page size
  if (count === 0 || start > total) return [0, 0];
  if (count < start) return [start - 1, Math.min(total, start - 1 + count)];
  let end = Math.min(total, start - 1 + count);
  if (start > 1 && total === end + start - 1) end += 1; // dodge ListResponse's "already sliced" test
  return [0, end];
}

