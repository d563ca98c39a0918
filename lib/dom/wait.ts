// Waiting for the console to show something: one MutationObserver, only while someone waits.
export interface WaitOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** What to observe; the whole document by default. */
  root?: Node;
}

export class WaitTimeout extends Error {
  constructor(ms: number) {
    super(`Not found within ${Math.round(ms / 1000)} s`);
    this.name = 'WaitTimeout';
  }
}

/** Resolves with the first truthy result of `find`, checked now and after each change to the page. */
export function waitFor<T>(find: () => T | null | undefined | false, options: WaitOptions = {}): Promise<T> {
  const { signal, timeoutMs = 10_000 } = options;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const first = find();
    if (first) return resolve(first);
    const root = options.root ?? document;
    const observer = new MutationObserver(() => {
      const found = find();
      if (found) finish(() => resolve(found));
    });
    const timer = setTimeout(() => finish(() => reject(new WaitTimeout(timeoutMs))), timeoutMs);
    const onAbort = () => finish(() => reject(signal!.reason));
    function finish(settle: () => void) {
      observer.disconnect();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}
