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

/**
 * A Response whose body is already in memory: text(), json() and arrayBuffer() read the bytes
 * directly. A Response made from a Buffer goes through a web stream and TextDecoder on each read,
 * which cost a sync more processor time than parsing the JSON it holds. Decoded as fetch decodes
 * (UTF-8, a byte-order mark dropped).
 */
class BufferedResponse extends Response {
  readonly #bytes: Buffer;
  #used = false;

  constructor(bytes: Buffer, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  }

  override get bodyUsed(): boolean {
    return this.#used;
  }

  #take(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes;
  }

  override text(): Promise<string> {
    try {
      return Promise.resolve(this.#take().toString('utf8'));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    try {
      const bytes = this.#take();
      // The whole of its buffer (a body in several chunks, joined): handed over as it is, not copied.
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      return Promise.resolve((whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer);
    } catch (e) {
      return Promise.reject(e);
    }
  }
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
        const init = { status, statusText: res.statusMessage ?? '', headers: responseHeaders(res) };
        try {
          resolve(
            NO_BODY.has(status) || method === 'HEAD'
              ? new Response(null, init)
              : new BufferedResponse(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), init),
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
