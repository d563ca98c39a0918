// Where a run's time went, from the sandbox's own clock: how long the run took before its first
// request reached the sandbox, how long its requests were in the sandbox's hands, how long it took
// after the last answer, and how much of the time between had no request in flight at all (the
// engine busy with something else than the network).
import type { RequestSpan } from '../../sandbox/request-log';

export interface Timeline {
  /** From the run's start to its first request's arrival. */
  beforeMs: number;
  /** From the first arrival to the last answer. */
  networkMs: number;
  /** From the last answer to the run's end. */
  afterMs: number;
  /** Within networkMs, the time with no request in the sandbox's hands. */
  idleMs: number;
  /** Within networkMs, the time with fewer than `peak` requests in flight, as a share. */
  belowPeak: number;
}

export function timelineOf(spans: readonly RequestSpan[], startedAt: number, endedAt: number, peak: number): Timeline | undefined {
  if (!spans.length) return undefined;
  const events: [number, number][] = [];
  for (const s of spans) events.push([s.arrived, +1], [s.answered || s.arrived, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const first = events[0]![0];
  const last = events.at(-1)![0];
  let inFlight = 0;
  let idle = 0;
  let below = 0;
  for (let i = 0; i < events.length - 1; i++) {
    inFlight += events[i]![1];
    const dt = events[i + 1]![0] - events[i]![0];
    if (inFlight === 0) idle += dt;
    if (inFlight < peak) below += dt;
  }
  const round = (n: number) => Math.round(n);
  return {
    beforeMs: round(first - startedAt),
    networkMs: round(last - first),
    afterMs: round(endedAt - last),
    idleMs: round(idle),
    belowPeak: Number((below / Math.max(1, last - first)).toFixed(2)),
  };
}
