// Runs requests a few at a time: the pages of a JumpCloud list or of a SCIM listing. A big
// directory is a thousand pages, and one at a time the round trips dominate; all at once would
// be a bad guest and draw 429s. The first failure stops the rest: nothing new starts, and
// `abort` cancels what is in flight, so a revoked key or a malformed page surfaces at once
// instead of after every other page has been waited for.

export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<unknown>,
  abort: AbortController,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && !abort.signal.aborted && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        if (!failure) {
          failure = { error };
          abort.abort(error);
        }
      }
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure) throw failure.error;
  // Aborted from outside between two pages: report it as the caller's abort, not as success.
  if (abort.signal.aborted) throw abort.signal.reason;
}

/**
 * At most `limit` tasks at once across everyone who shares it: a run's JumpCloud pages and its
 * pages of the directory's users, read at the same time, keep together to the run's peak.
 */
export class Gate {
  private active = 0;
  private waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    while (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
