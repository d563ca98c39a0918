// Proof that an offset-paged read of a list sorted by id saw every record that existed throughout
// the read, even though records were added and removed while it ran (which shifts offsets, so a
// plain skip/limit walk silently misses one record per net removal below the page it is reading).
//
// The argument, per page: a page is a contiguous slice of the id-sorted list *at the moment it was
// served*. So every record that existed at that moment with an id between the page's first and
// last id is in the page. Two pages whose id ranges overlap (share at least one id position) thus
// cover their union for every record that existed at both moments. Extend the ends:
//   - a page at skip 0 starts at the beginning of the list, so its range starts at -infinity;
//   - a page that reaches the server's totalCount (skip + length >= totalCount) ends at the end of
//     the list, so its range ends at +infinity.
// If the ranges of the pages read chain from -infinity to +infinity, every record that existed
// throughout the read was returned. Pages are requested 99 apart with limit 100, so consecutive
// pages of an unchanging list overlap by one record and the proof costs 1% more requests. Where
// the chain breaks, `gaps` says where, and the reader fetches more pages there.

/** What the proof needs to know about one page. */
export interface PageSpan {
  skip: number;
  /** Ids in the order served (must be ascending for the page to count). */
  ids: readonly string[];
  /** The totalCount served with the page. */
  totalCount: number;
  limit: number;
}

export interface Interval {
  /** null = from the beginning of the list. */
  lo: string | null;
  /** null = to the end of the list. */
  hi: string | null;
  page: PageSpan;
}

export interface Gap {
  /** The last id the chain is known to cover up to (the chain covers nothing yet when null). */
  after: string | null;
  /** The page whose range ends at `after`; where the search for the next page starts. */
  from: PageSpan | null;
  /** The next covered range starts here; null when nothing beyond `after` was read. */
  before: string | null;
  /** The page whose range starts at `before`. */
  to: PageSpan | null;
}

export function isAscending(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (!(ids[i - 1]! < ids[i]!)) return false;
  return true;
}

/** A page's id range, or null when it proves nothing (empty and not at skip 0). */
export function intervalOf(page: PageSpan): Interval | null {
  const reachesEnd = page.skip + page.ids.length >= page.totalCount;
  if (page.ids.length === 0) {
    // An empty first page says the list was empty then: nobody existed throughout.
    return page.skip === 0 && reachesEnd ? { lo: null, hi: null, page } : null;
  }
  return { lo: page.skip === 0 ? null : page.ids[0]!, hi: reachesEnd ? null : page.ids[page.ids.length - 1]!, page };
}

const loKey = (i: Interval) => (i.lo === null ? '' : i.lo);

/**
 * The places where the pages read do not yet chain from the beginning to the end of the list.
 * Empty when the read is proven complete.
 */
export function findGaps(pages: readonly PageSpan[]): Gap[] {
  const intervals = pages
    .map(intervalOf)
    .filter((i): i is Interval => i !== null)
    .sort((a, b) => (loKey(a) < loKey(b) ? -1 : loKey(a) > loKey(b) ? 1 : 0));
  const gaps: Gap[] = [];
  // How far the chain covers so far: undefined = nothing yet, null = to the end of the list.
  let reach: string | null | undefined;
  let reachPage: PageSpan | null = null;
  for (const iv of intervals) {
    if (reach === null) break;
    const connects = iv.lo === null || (reach !== undefined && iv.lo <= reach);
    if (!connects) gaps.push({ after: reach ?? null, from: reachPage, before: iv.lo, to: iv.page });
    if (!connects || reach === undefined || iv.hi === null || iv.hi > reach) {
      reach = iv.hi;
      reachPage = iv.page;
    }
  }
  if (reach !== null) gaps.push({ after: reach ?? null, from: reachPage, before: null, to: null });
  return gaps;
}

/** What the reader knows when it picks the next page for a gap. */
export interface Attempt {
  /** The page last fetched for this gap. */
  page: PageSpan;
  /** How far to step back next time the page lands beyond the gap; grows with each miss. */
  backoff: number;
}

/**
 * Where to ask next to close `gap`: a page that, in the list as it is now, starts before
 * `gap.after` and reaches `gap.before`.
 *
 * The first guess is where `after` sat when it was read, moved left by the net shrinkage of the list
 * since (removals below the gap shift it left; additions are ignored, as new users mostly sort
 * last), then moved left again by a margin. The margin absorbs changes the reader has not seen yet
 * (pages in flight): it is half of what the page can spare beyond the records the gap itself spans
 * (the shrinkage between the two pages around it), so errors of about that size either way still
 * land a connecting page. Feedback from the previous attempt then corrects the guess: a page landing
 * beyond the gap steps back by a growing amount; one lying wholly before the gap steps forward to it.
 */
export function nextSkip(gap: Gap, attempt: Attempt | null, limit: number, latestTotal: number): number {
  if (gap.after === null || gap.from === null) return 0;
  const after = gap.after;
  if (!attempt) {
    const at = Math.max(gap.from.ids.lastIndexOf(after), 0);
    const spans = gap.to ? Math.max(0, gap.from.totalCount - gap.to.totalCount) : 0;
    const margin = Math.max(1, Math.floor((limit - 1 - spans) / 2));
    return Math.max(0, gap.from.skip + at + Math.min(0, latestTotal - gap.from.totalCount) - margin);
  }
  const { page, backoff } = attempt;
  // Past the end of the list as it is now: ask for a page that ends at the end.
  if (page.ids.length === 0) return Math.max(0, Math.min(page.skip - backoff, page.totalCount - limit));
  if (page.ids[0]! > after) return Math.max(0, page.skip - backoff);
  // Every id in it is at or before the gap: the gap is where the last of those sits.
  const upTo = page.ids.filter((id) => id <= after).length;
  return page.skip + Math.max(upTo - 1, 0);
}
