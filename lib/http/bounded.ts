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
