// The command line's HTTP: node:http and node:https with keep-alive agents, behind the fetch
// signature the engine takes (World.fetch). Node's own fetch (undici, with its parser in
// WebAssembly) holds some 30 MB more resident memory at a sync's request rate, and the command
// line runs in cron jobs beside other work (bench/RESULTS.md).
//
// Only what the engine uses: a string or URL, method, headers, a string body, an AbortSignal.
// Redirects are not followed (neither JumpCloud's API nor a SCIM endpoint redirects; a 3xx is
// reported as the answer it is). gzip and deflate answers are decoded, as fetch does.
import http from 'node:http';
import https from 'node:https';
import { getMaxListeners, setMaxListeners } from 'node:events';
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

const MAX_SOCKETS = 64;
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
};

/** No answer, not even headers, within this long: the request fails as a network error would. */
const IDLE_TIMEOUT_MS = 120_000;

const NO_BODY = new Set([101, 204, 205, 304]);

function decoded(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(createGunzip());
  if (encoding === 'deflate') return res.pipe(createInflate());
  return res;
}

function responseHeaders(res: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  return headers;
}

export function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (input instanceof Request) return Promise.reject(new TypeError('nodeFetch takes a URL, not a Request'));
  if (init.body != null && typeof init.body !== 'string') return Promise.reject(new TypeError('nodeFetch sends string bodies only'));
  const url = new URL(input);
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(new TypeError(`nodeFetch cannot fetch ${url.protocol} addresses`));
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  // One run's signal follows every request it has in flight (16 pages at once): that many
  // listeners are the design, not a leak, so Node is told not to warn of one below that.
  if (signal && getMaxListeners(signal) < MAX_SOCKETS) setMaxListeners(MAX_SOCKETS, signal);

  const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate' };
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  const body = init.body ?? undefined;
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const method = (init.method ?? 'GET').toUpperCase();

  return new Promise<Response>((resolve, reject) => {
    const fail = (cause: unknown) => reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause }));
    const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      const stream = decoded(res);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', fail);
      stream.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        const status = res.statusCode ?? 0;
        try {
          resolve(
            new Response(NO_BODY.has(status) || method === 'HEAD' ? null : Buffer.concat(chunks), {
              status,
              statusText: res.statusMessage ?? '',
              headers: responseHeaders(res),
            }),
          );
        } catch (e) {
          fail(e); // a status fetch cannot represent
        }
      });
    });
    const onAbort = () => request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new Error(`no answer within ${IDLE_TIMEOUT_MS / 1000} s`)));
    request.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      fail(e);
    });
    request.end(body);
  });
}
