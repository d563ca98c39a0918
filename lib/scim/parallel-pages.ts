// Every page of an unfiltered SCIM listing, several at a time, visited in order as they arrive.
// The first page gives the count and the page size the server keeps to (it may cap below the
// size asked for); the rest are asked for at once, and wherever a page came back short, or the
// list grew past the plan, the pages between are read one after another, as one-by-one paging
// would. So nothing is skipped that one-by-one paging would have read.
//
// A page is held only until the pages before it are visited, and no page is asked for more than
// a window ahead of the one to visit next: a reconciling run's listing of 100,000 users, held
// whole until its last page, was that run's peak memory (some 200 MB more than any other run).
import { forEachBounded } from '../http/bounded';

export interface ListPage<T> {
  /** The resources of this page, in the server's order. */
  resources: T[];
  /** The 1-based index this page was asked from. */
  startIndex: number;
  /** The server's total, as reported with this page. */
  totalResults: number;
}

export interface ParallelPaging<T> {
  /** Reads the page at this 1-based index, at the page size asked for. */
  read: (startIndex: number) => Promise<ListPage<T>>;
  /** The page size asked for. */
  pageSize: number;
  concurrency: number;
  /** How many resources there likely are (the last listing's count): their pages go out with the first. 0: unknown. */
  expected: number;
  /** The error for a page that came back empty although the server says there is more. */
  emptyPage: (startIndex: number, totalResults: number) => Error;
  signal?: AbortSignal | undefined;
}

/** How many pages beyond the next to visit may be asked for, per request in flight. */
const PAGES_AHEAD_PER_REQUEST = 2;

export async function pageInParallel<T>(o: ParallelPaging<T>, visit: (p: ListPage<T>) => void): Promise<void> {
  const { read, pageSize, concurrency, expected } = o;
  /** One page after another from `at`, until `until` or the end of the list; where it stopped. */
  const oneByOne = async (at: number, until: number): Promise<number> => {
    while (at < until) {
      const p = await read(at);
      visit(p);
      if (at + p.resources.length > p.totalResults) return at + p.resources.length;
      if (p.resources.length === 0) throw o.emptyPage(at, p.totalResults);
      at += p.resources.length;
    }
    return at;
  };
  const planFor = (step: number, total: number) => {
    const starts: number[] = [];
    if (step > 0) for (let start = 1 + step; start <= total; start += step) starts.push(start);
    return starts;
  };

  const abort = new AbortController();
  // Stopped from outside (the run failed elsewhere): no further page is asked for.
  const stopped = () => abort.abort(o.signal!.reason);
  if (o.signal?.aborted) stopped();

  /** The pages to visit, in order: known once the first page is read. */
  let order: number[] | undefined;
  let wanted = new Set<number>();
  /** Pages read and not yet visited. */
  const arrived = new Map<number, ListPage<T>>();
  /** The next page of `order` to visit, and the index one-by-one paging would read next. */
  let k = 0;
  let next = 1;
  let lastTotal = 0;
  let step = pageSize;
  const waiting: (() => void)[] = [];
  const wake = () => waiting.splice(0).forEach((w) => w());
  abort.signal.addEventListener('abort', wake, { once: true });

  /** Visits, in order, every page that has arrived after the last visited. */
  const drain = async () => {
    while (order && k < order.length && arrived.has(order[k]!)) {
      const start = order[k]!;
      // A short page before this one: what lies between, one by one.
      if (next < start) next = await oneByOne(next, start);
      const p = arrived.get(start)!;
      arrived.delete(start);
      k++;
      visit(p);
      // The server says there is more but returned none: never pass off a partial list as the whole.
      if (p.resources.length === 0 && start <= p.totalResults) throw o.emptyPage(start, p.totalResults);
      next = Math.max(next, start + p.resources.length);
      lastTotal = p.totalResults;
      wake();
    }
  };
  // One drain at a time, in the order pages arrive; a failure in one fails those after it.
  let draining: Promise<void> = Promise.resolve();

  const queue = [1, ...planFor(pageSize, expected)];
  const asked = new Set(queue);
  const readAndVisit = async (start: number) => {
    // Not too far ahead of what is visited, so what is held stays a window of pages.
    while (!abort.signal.aborted && start > next + PAGES_AHEAD_PER_REQUEST * concurrency * step) {
      await new Promise<void>((r) => waiting.push(r));
    }
    if (abort.signal.aborted) throw abort.signal.reason;
    const p = await read(start);
    if (start === 1) {
      const planned = planFor(p.resources.length, p.totalResults);
      order = [1, ...planned];
      wanted = new Set(order);
      step = Math.max(1, p.resources.length);
      // Asked for from the expected count but not in the plan: left unvisited, and not held.
      for (const s of arrived.keys()) if (!wanted.has(s)) arrived.delete(s);
      if (expected) {
        for (const s of planned) {
          if (asked.has(s)) continue;
          asked.add(s);
          queue.push(s);
        }
      }
      wake();
    }
    if (!order || wanted.has(start)) arrived.set(start, p);
    draining = draining.then(drain);
    await draining;
  };
  o.signal?.addEventListener('abort', stopped, { once: true });
  try {
    // Without an expected count the first page is read alone, then the pages it plans.
    await forEachBounded(queue, expected ? concurrency : 1, readAndVisit, abort);
    await forEachBounded(
      (order ?? []).filter((s) => !asked.has(s)),
      concurrency,
      readAndVisit,
      abort,
    );
    await draining;
    // The list grew while it was read: the rest one by one.
    if (next <= lastTotal) await oneByOne(next, Infinity);
  } finally {
    // The run's signal outlives this listing: no listener of it is left behind.
    o.signal?.removeEventListener('abort', stopped);
  }
}
