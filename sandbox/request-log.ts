// What the sandbox's loopback servers were asked, in order, while a recording runs: the benchmark
// replays a run's own requests to measure the floor that run cannot beat (scripts/bench/floor.ts).
// Method, path with query, and a write's body; never a header, so no key or token is kept. It
// also keeps the most requests the servers held at once, to show the concurrency a run reached,
// and when each request arrived and was answered, to show where a run's time went.
import type { ServerResponse } from 'node:http';

export interface LoggedRequest {
  server: 'jumpcloud' | 'scim';
  method: string;
  /** The path and query as received, e.g. /api/systemusers?limit=100&skip=0. */
  url: string;
  /** A write's body, as JSON. */
  body?: string;
}

/** One request's time in the servers' hands, in ms since the epoch (fractional). */
export interface RequestSpan {
  server: LoggedRequest['server'];
  read: boolean;
  arrived: number;
  answered: number;
}

export interface Recording {
  requests: LoggedRequest[];
  /** The most requests in the servers' hands at one moment: arrived, not yet answered. */
  maxInFlight: number;
  /** Each request's arrival and answer, in the order they arrived. */
  spans: RequestSpan[];
}

const now = () => performance.timeOrigin + performance.now();

export class RequestLog {
  private entries: LoggedRequest[] | undefined;
  private spans: RequestSpan[] = [];
  private inFlight = 0;
  private maxInFlight = 0;

  /** Starts a new recording; requests before it are not kept. */
  start(): void {
    this.entries = [];
    this.spans = [];
    this.maxInFlight = this.inFlight;
  }

  /** Ends the recording and returns what it holds. */
  stop(): Recording {
    const recording = { requests: this.entries ?? [], maxInFlight: this.maxInFlight, spans: this.spans };
    this.entries = undefined;
    this.spans = [];
    return recording;
  }

  /** A request arrived; it is in flight until its response is done with. */
  arrived(server: LoggedRequest['server'], method: string | undefined, res: ServerResponse): void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const span: RequestSpan | undefined = this.entries ? { server, read: method === 'GET' || method === 'HEAD', arrived: now(), answered: 0 } : undefined;
    if (span) this.spans.push(span);
    res.once('close', () => {
      this.inFlight -= 1;
      if (span) span.answered = now();
    });
  }

  /** Costs nothing while no recording runs. */
  record(request: LoggedRequest): void {
    this.entries?.push(request);
  }
}
