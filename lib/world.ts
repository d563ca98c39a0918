// What the core takes from outside (DESIGN.md, "pass the world in"): the same engine runs in the
// service worker, in a Node command line, in the benchmark and in tests with each of these swapped.
import type { Logger } from './secrets/redact';

export interface World {
  fetch: typeof fetch;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** In [0, 1); backoff jitter only. */
  random(): number;
  log: Logger;
  /**
   * Whether a secret may be sent to this origin: in the extension, the manifest's hosts and those
   * the admin granted. Absent where the admin's own settings file decides (the command line).
   */
  mayReach?(origin: string): Promise<boolean>;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** The real world, for the extension and the command line. */
export function realWorld(log: Logger = silentLogger): World {
  return { fetch: (...args) => fetch(...args), now: () => Date.now(), sleep, random: Math.random, log };
}
