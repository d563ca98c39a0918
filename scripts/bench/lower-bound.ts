// The floor a sync cannot beat, measured in the same run: a bare HTTP client sending the same
// minimal set of requests — the JumpCloud pages and one SCIM write per changed user — at the
// engine's default concurrency, with no mapping, planning, snapshot or bookkeeping.
import { DEFAULT_CONCURRENCY } from '../../lib/sync/engine';

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function ok(response: Response): Promise<void> {
  if (!response.ok) throw new Error(`lower bound: ${response.url} answered ${response.status}`);
  await response.arrayBuffer();
}

export interface LowerBoundInput {
  jumpcloudApiBase: string;
  apiKey: string;
  users: number;
  syncEndpoint: string;
  token: string;
  /** One write per changed user: a POST body, or a PATCH to an existing id. */
  writes: ({ method: 'POST'; body: unknown } | { method: 'PATCH'; id: string; body: unknown })[];
}

export async function measureLowerBound(input: LowerBoundInput): Promise<number> {
  const started = performance.now();
  const pages = Array.from({ length: Math.ceil(input.users / 100) }, (_, i) => i * 100);
  await inParallel(pages, DEFAULT_CONCURRENCY, async (skip) =>
    ok(await fetch(`${input.jumpcloudApiBase}/systemusers?limit=100&skip=${skip}&sort=_id`, { headers: { 'x-api-key': input.apiKey } })),
  );
  const headers = { authorization: `Bearer ${input.token}`, 'content-type': 'application/scim+json' };
  await inParallel(input.writes, DEFAULT_CONCURRENCY, async (w) =>
    ok(
      await fetch(w.method === 'POST' ? `${input.syncEndpoint}/Users` : `${input.syncEndpoint}/Users/${w.id}`, {
        method: w.method,
        headers,
        body: JSON.stringify(w.body),
      }),
    ),
  );
  return performance.now() - started;
}
