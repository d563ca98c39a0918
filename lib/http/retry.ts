// One retry policy for both APIs. 429: wait as Retry-After says, else back off exponentially with
// full jitter. 5xx and network errors: the same backoff, a bounded number of times. Anything else
// is the caller's to interpret. Requests that reach here must be safe to repeat (GETs, or writes
// whose repetition the engine resolves, e.g. a repeated POST answered by 409).
import type { World } from '../world';

export interface RetryPolicy {
  /** Retries after 5xx or a network error. */
  maxServerRetries: number;
  /** Retries after 429; larger, since a throttled server is working as intended. */
  maxThrottleRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxServerRetries: 4,
  maxThrottleRetries: 12,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
};

export type RetryEvent =
  | { kind: 'throttled'; attempt: number; waitMs: number; url: string }
  | { kind: 'server-error'; attempt: number; waitMs: number; url: string; status: number }
  | { kind: 'network-error'; attempt: number; waitMs: number; url: string; message: string };

/** Thrown when the server could not be reached (after retries). The message carries no secret. */
export class NetworkError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`Could not reach ${new URL(url).host}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'NetworkError';
  }
}

/**
 * The server answered with a redirect. Neither JumpCloud's API nor a SCIM endpoint redirects, and a
 * 307 or 308 would carry a write's body — personal data, and the Authorization header's token — to
 * another address: the request stops here and nothing is sent there.
 */
export class RedirectError extends NetworkError {
  constructor(url: string, status: number) {
    super(url, new Error(`it answered with a redirect${status ? ` (HTTP ${status})` : ''}, which the assistant never follows, so nothing was sent to another address`));
    this.name = 'RedirectError';
  }
}

const isRedirect = (r: Response) => r.type === 'opaqueredirect' || (r.status >= 300 && r.status < 400 && r.status !== 304);

/** Seconds or an HTTP date, per RFC 9110; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function fetchWithRetry(
  world: World,
  url: string,
  init: RequestInit,
  options: { policy?: RetryPolicy; onRetry?: (e: RetryEvent) => void; signal?: AbortSignal } = {},
): Promise<Response> {
  const policy = options.policy ?? defaultRetryPolicy;
  let throttled = 0;
  let failed = 0;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      // 'manual': a browser hands back the redirect unfollowed, and the command line never follows one.
      response = await world.fetch(url, { ...init, redirect: 'manual', signal: options.signal });
    } catch (e) {
      if (options.signal?.aborted) throw e;
      if (failed >= policy.maxServerRetries) throw new NetworkError(url, e);
      const waitMs = backoffMs(failed++, policy, world.random);
      options.onRetry?.({ kind: 'network-error', attempt, waitMs, url, message: e instanceof Error ? e.message : String(e) });
      await world.sleep(waitMs, options.signal);
      continue;
    }
    if (isRedirect(response)) {
      await response.body?.cancel();
      throw new RedirectError(url, response.status);
    }
    if (response.status === 429 && throttled < policy.maxThrottleRetries) {
      const waitMs = Math.min(
        policy.maxDelayMs,
        retryAfterMs(response.headers.get('retry-after'), world.now()) ?? backoffMs(throttled, policy, world.random),
      );
      throttled++;
      await response.body?.cancel();
      options.onRetry?.({ kind: 'throttled', attempt, waitMs, url });
      await world.sleep(waitMs, options.signal);
      continue;
    }
    if (response.status >= 500 && failed < policy.maxServerRetries) {
      const waitMs = backoffMs(failed++, policy, world.random);
      await response.body?.cancel();
      options.onRetry?.({ kind: 'server-error', attempt, waitMs, url, status: response.status });
      await world.sleep(waitMs, options.signal);
      continue;
    }
    return response;
  }
}
