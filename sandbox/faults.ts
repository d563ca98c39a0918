// Fault injection shared by the sandbox servers: latency, 429 (with or without Retry-After) and 5xx.
// Tests set faults programmatically; the e2e tests and the demo set them over HTTP through
// POST /__sandbox/faults, so a browser-driven run can be disturbed from outside.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FaultSettings {
  /** Added to every request before it is answered. */
  latencyMs: number;
  /** The next N requests answer 429. */
  fail429Next: number;
  /** Seconds sent in Retry-After with a 429; null sends no Retry-After header. */
  retryAfterSeconds: number | null;
  /** The next N requests answer with `status5xx`. */
  fail5xxNext: number;
  status5xx: number;
  /** Fraction (0..1) of requests that answer 429 at random, from a seeded generator. */
  rate429: number;
  /** Fraction (0..1) of requests that answer `status5xx` at random. */
  rate5xx: number;
}

export const noFaults: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  fail429Next: 0,
  retryAfterSeconds: 1,
  fail5xxNext: 0,
  status5xx: 503,
  rate429: 0,
  rate5xx: 0,
});

/** mulberry32: a small seeded generator, so a "random" fault pattern repeats run after run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Faults {
  settings: FaultSettings = { ...noFaults };
  /** Requests answered with an injected fault, by status code. */
  readonly injected = new Map<number, number>();
  private random = seededRandom(1);

  set(partial: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...partial };
  }

  reset(): void {
    this.settings = { ...noFaults };
    this.injected.clear();
    this.random = seededRandom(1);
  }

  /**
   * Applies latency, then decides whether this request fails. Returns true when it wrote the
   * response (the caller must stop), false when the request should be served normally.
   */
  async apply(res: ServerResponse, body: (status: number) => unknown): Promise<boolean> {
    const s = this.settings;
    if (s.latencyMs > 0) await sleep(s.latencyMs);
    let status = 0;
    if (s.fail429Next > 0) {
      s.fail429Next -= 1;
      status = 429;
    } else if (s.fail5xxNext > 0) {
      s.fail5xxNext -= 1;
      status = s.status5xx;
    } else if (s.rate429 > 0 && this.random() < s.rate429) {
      status = 429;
    } else if (s.rate5xx > 0 && this.random() < s.rate5xx) {
      status = s.status5xx;
    }
    if (!status) return false;
    this.injected.set(status, (this.injected.get(status) ?? 0) + 1);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (status === 429 && s.retryAfterSeconds !== null) headers['retry-after'] = String(s.retryAfterSeconds);
    res.writeHead(status, headers).end(JSON.stringify(body(status)));
    return true;
  }
}

/** Reads a JSON request body (bounded, so a runaway client cannot exhaust memory). */
export async function readJson(req: IncomingMessage, limitBytes = 10 * 1024 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new Error('request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/**
 * Handles POST /__sandbox/faults (body: Partial<FaultSettings>, or {"reset": true}) and
 * GET /__sandbox/faults. Returns true when it answered the request.
 */
export async function handleFaultControl(
  faults: Faults,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  if (path !== '/__sandbox/faults') return false;
  if (req.method === 'POST') {
    const body = (await readJson(req)) as (Partial<FaultSettings> & { reset?: boolean }) | undefined;
    if (body?.reset) faults.reset();
    else if (body) {
      const { reset: _reset, ...rest } = body;
      faults.set(rest);
    }
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(faults.settings));
  return true;
}
