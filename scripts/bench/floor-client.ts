// The floor's client, in its own process as the engine is (run by ./floor.ts): sends a recorded
// run's requests again, through the command line's own HTTP (cli/node-fetch.ts: the same agents
// and keep-alive), the reads first and then the writes, each phase at the engine's peak
// concurrency, and nothing else: no parsing, mapping, planning, snapshot or bookkeeping.
// Prints {"ms": …}: from the first request sent to the last answer read.
import { readFile } from 'node:fs/promises';
import { nodeFetch } from '../../cli/node-fetch';
import type { LoggedRequest } from '../../sandbox/request-log';

export interface FloorJob {
  concurrency: number;
  origins: Record<LoggedRequest['server'], string>;
  requests: LoggedRequest[];
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

const job = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as FloorJob;
// The secrets come as the command line's do, from the environment, and are sent as its are.
const headers: Record<LoggedRequest['server'], Record<string, string>> = {
  jumpcloud: { 'x-api-key': process.env.JUMPCLOUD_API_KEY ?? '', accept: 'application/json' },
  scim: { authorization: `Bearer ${process.env.ZOHO_SCIM_TOKEN ?? ''}`, accept: 'application/scim+json', 'content-type': 'application/scim+json' },
};
/**
 * A kept-alive connection the server closed just as it was reused fails before the request
 * reached it; the engine's retry (lib/http/retry.ts) sends such a request again, and so does this.
 */
async function fetchAgain(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await nodeFetch(url, init);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

const send = async (r: LoggedRequest) => {
  const response = await fetchAgain(`${job.origins[r.server]}${r.url}`, { method: r.method, headers: headers[r.server], ...(r.body !== undefined ? { body: r.body } : {}) });
  await response.arrayBuffer();
  // A floor made of refusals would be no floor: every request must be answered as the engine's was.
  if (!response.ok) throw new Error(`the floor's ${r.method} ${r.server} request answered ${response.status}`);
};
const isRead = (r: LoggedRequest) => r.method === 'GET' || r.method === 'HEAD';

const started = performance.now();
await inParallel(job.requests.filter(isRead), job.concurrency, send);
await inParallel(
  job.requests.filter((r) => !isRead(r)),
  job.concurrency,
  send,
);
process.stdout.write(`${JSON.stringify({ ms: performance.now() - started })}\n`);
