// Reads a whole skip/limit-paged JumpCloud list sorted by id, and proves it saw every record that
// existed throughout the read (coverage.ts has the argument): pages overlap by one record, the
// plan runs until a page reaches the count, and the gaps that changes during the read open are
// closed with extra pages, within a budget. Users (v1) and user groups, memberships and
// memberships of a user (v2) all go through here, so every list has the same guarantee.
import { forEachBounded, type Gate } from '../http/bounded';
import { findGaps, isAscending, nextSkip, type Attempt, type PageSpan } from './coverage';

export const PAGE_LIMIT = 100;
/** Pages start one record before the previous one ended, so consecutive pages share a record. */
export const PAGE_STEP = PAGE_LIMIT - 1;
/** Extra pages allowed, beyond the plan, to close the gaps that changes during a read open. */
const REPAIR_ALLOWANCE = 20;

export interface ProvenPage<T> {
  items: T[];
  /** `totalCount` undefined: the list said no count (a v2 listing without x-total-count). */
  span: Omit<PageSpan, 'totalCount'> & { totalCount: number | undefined };
}

export interface ProvenRead<T> {
  /** Each record once, by id, as read last. */
  byId: Map<string, T>;
  /** The count the list reported last (or what was read, when it reported none). */
  totalCount: number;
  /** True when the pages prove the read whole; false says why not. */
  complete: true | { why: string };
}

export async function readProven<T>(opts: {
  fetchPage(skip: number, signal: AbortSignal): Promise<ProvenPage<T>>;
  concurrency: number;
  /** Cancels the pages in flight at the first failure; aborted from outside, the read stops. */
  abort: AbortController;
  /** After each page: distinct records read so far, and the count reported last. */
  onPage?: (read: number, total: number) => void;
  /**
   * How many records the list likely holds (what the last read found): the pages that count
   * implies are asked for with the first one, in the same round, instead of after it. The first
   * page's count still decides the plan; a page asked beyond the end comes back empty and proves
   * nothing either way.
   */
  expected?: number;
  /** Shared with other reads of the run, so that together they keep to its peak. */
  gate?: Gate;
}): Promise<ProvenRead<T>> {
  const byId = new Map<string, T>();
  const pages: PageSpan[] = [];
  let latestTotal = 0;
  let ordered = true;
  let counted = true;
  const fetchPage = (skip: number) => (opts.gate ? opts.gate.run(() => opts.fetchPage(skip, opts.abort.signal)) : opts.fetchPage(skip, opts.abort.signal));
  const read = async (skip: number): Promise<PageSpan> => {
    const page = await fetchPage(skip);
    // Without a count a page cannot say it reached the end: only an empty page does.
    if (page.span.totalCount === undefined) counted = false;
    const span: PageSpan = { ...page.span, totalCount: page.span.totalCount ?? (page.items.length ? skip + page.items.length + 1 : skip) };
    pages.push(span);
    latestTotal = span.totalCount;
    if (!isAscending(span.ids)) ordered = false;
    // A record read twice (page overlap, or shifted offsets) keeps the copy read last.
    page.items.forEach((item, i) => byId.set(span.ids[i]!, item));
    opts.onPage?.(byId.size, latestTotal);
    return span;
  };

  // The first page gives the count; the rest of the plan is read a few pages at a time. With an
  // expected count, the pages it implies go out with the first; once the first answers, the pages
  // its count adds join the same queue, and any not yet read are read after.
  const planFor = (total: number) => {
    const skips: number[] = [];
    for (let skip = 0; skip + PAGE_LIMIT < total; ) skips.push((skip += PAGE_STEP));
    return skips;
  };
  const queue = [0, ...planFor(opts.expected ?? 0)];
  const asked = new Set(queue);
  let planned: number[] = [];
  await forEachBounded(
    queue,
    opts.expected ? opts.concurrency : 1,
    async (skip) => {
      const page = await read(skip);
      if (skip !== 0) return;
      planned = counted ? planFor(page.totalCount) : [];
      if (opts.expected) for (const s of planned) if (!asked.has(s)) {
          asked.add(s);
          queue.push(s);
        }
    },
    opts.abort,
  );
  const read0 = new Set(pages.map((p) => p.skip));
  await forEachBounded(
    planned.filter((s) => !read0.has(s)),
    opts.concurrency,
    read,
    opts.abort,
  );

  // Close the gaps that changes during the read opened, within a budget of extra pages.
  let budget = REPAIR_ALLOWANCE + planned.length + 1;
  const attempts = new Map<string, Attempt>();
  for (let gaps = findGaps(pages); ordered && counted && gaps.length && budget > 0; gaps = findGaps(pages)) {
    const wanted = new Map<number, string[]>();
    const want = (skip: number, key: string) => wanted.set(skip, [...(wanted.get(skip) ?? []), key]);
    for (const gap of gaps) {
      const key = gap.after ?? '';
      const skip = nextSkip(gap, attempts.get(key) ?? null, PAGE_LIMIT, latestTotal);
      want(skip, key);
      // The list grew past the plan: read the rest of it in parallel, not one page per round.
      if (gap.before === null && gap.after !== null) {
        for (let s = skip + PAGE_STEP; s < latestTotal; s += PAGE_STEP) want(s, '');
      }
    }
    const skips = [...wanted.keys()].slice(0, budget);
    budget -= skips.length;
    await forEachBounded(
      skips,
      opts.concurrency,
      async (skip) => {
        const page = await read(skip);
        for (const key of wanted.get(skip)!) {
          if (!key) continue;
          const before = attempts.get(key);
          attempts.set(key, { page, backoff: before ? before.backoff * 4 : PAGE_LIMIT / 4 });
        }
      },
      opts.abort,
    );
  }

  // No proof is possible (the list ignored the sort, or gave no count): read on past the plan
  // until the count is reached or a page comes back empty, and say the read is unproven.
  if (!ordered || !counted) {
    let skip = (planned.at(-1) ?? 0) + PAGE_STEP;
    while ((!counted || byId.size < latestTotal) && budget-- > 0) {
      const page = await read(skip);
      if (!page.ids.length) break;
      skip += PAGE_STEP;
    }
    // Without a count, the records read are all there is to count.
    if (!counted) latestTotal = byId.size;
  }

  const complete =
    !ordered ? { why: 'the list did not come back sorted by id, so the read cannot be checked' }
    : !counted ? { why: 'the list gave no count of its records, so the read cannot be checked' }
    : findGaps(pages).length ? { why: 'the list kept changing while it was read' }
    : (true as const);
  return { byId, totalCount: latestTotal, complete };
}
