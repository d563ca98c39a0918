// What the sandbox's loopback servers were asked, in order, while a recording runs: the benchmark
// replays a run's own requests to measure the floor that run cannot beat (scripts/bench/floor.ts).
// Method, path with query, and a write's body; never a header, so no key or token is kept. It
// also keeps the most requests the servers held at once, to show the concurrency a run reached.
import type { ServerResponse } from 'node:http';

export interface LoggedRequest {
  server: 'jumpcloud' | 'scim';
  method: string;
  /** The path and query as received, e.g. /api/systemusers?limit=100&skip=0. */
  url: string;
  /** A write's body, as JSON. */
  body?: string;
}

export interface Recording {
  requests: LoggedRequest[];
  /** The most requests in the servers' hands at one moment: arrived, not yet answered. */
  maxInFlight: number;
}

export class RequestLog {
  private entries: LoggedRequest[] | undefined;
  private inFlight = 0;
  private maxInFlight = 0;

  /** Starts a new recording; requests before it are not kept. */
  start(): void {
    this.entries = [];
    this.maxInFlight = this.inFlight;
  }

  /** Ends the recording and returns what it holds. */
  stop(): Recording {
    const recording = { requests: this.entries ?? [], maxInFlight: this.maxInFlight };
    this.entries = undefined;
    return recording;
  }

  /** A request arrived; it is in flight until its response is done with. */
  arrived(res: ServerResponse): void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.once('close', () => (this.inFlight -= 1));
  }

  /** Costs nothing while no recording runs. */
  record(request: LoggedRequest): void {
    this.entries?.push(request);
  }
}
