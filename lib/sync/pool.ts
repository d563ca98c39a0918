// Concurrent writes that back off when the target throttles and grow back while it keeps up:
// additive increase, multiplicative decrease, as TCP does, after TCP's slow start. The limit
// starts at the stated default and, until the first 429, grows by one with every success (so it
// doubles each round, and a run of a hundred writes reaches `max` within its first rounds); a
// 429 halves it (at most once per round of in-flight requests), and from then on every `limit`
// successes in a row add one, up to `max`.
export class AdaptivePool {
  private active = 0;
  private waiting: (() => void)[] = [];
  private streak = 0;
  private lastCut = -Infinity;
  private started = 0;
  /** Until the target first throttles. */
  private slowStart = true;
  limit: number;

  constructor(
    initial: number,
    readonly max: number = initial * 2,
  ) {
    this.limit = Math.max(1, initial);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    while (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    this.started++;
    try {
      return await task();
    } finally {
      this.active--;
      this.wake();
    }
  }

  /** The target answered 429: slow down, once per round of requests already in flight. */
  throttled(): void {
    this.streak = 0;
    this.slowStart = false;
    if (this.started - this.lastCut < this.limit) return;
    this.lastCut = this.started;
    this.limit = Math.max(1, Math.floor(this.limit / 2));
  }

  succeeded(): void {
    if ((this.slowStart || ++this.streak >= this.limit) && this.limit < this.max) {
      this.streak = 0;
      this.limit++;
      this.wake();
    }
  }

  private wake(): void {
    while (this.waiting.length && this.active < this.limit) this.waiting.shift()!();
  }
}

/** Runs fn over items through the pool; stops starting new items once the signal aborts. */
export async function forEachInPool<T>(
  items: Iterable<T>,
  pool: AdaptivePool,
  fn: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const running = new Set<Promise<void>>();
  for (const item of items) {
    if (signal?.aborted) break;
    // Keep at most a little more than the pool's limit queued, so memory stays flat for 100,000 items.
    while (running.size >= pool.max + 1) await Promise.race(running);
    const p: Promise<void> = pool.run(() => fn(item)).finally(() => running.delete(p));
    running.add(p);
  }
  await Promise.all(running);
  signal?.throwIfAborted();
}
