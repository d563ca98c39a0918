// One sync at a time, in the background. A second "Sync now" while a run goes on joins it; the
// progress of the run is broadcast to every open page (at most a few times a second); a run that
// a stopped worker left half done is carried on when the worker starts again.
import { runSummarySchema, type AssistantEvent, type RunProgress, type RunSummary } from '../messages/protocol';
import type { RunRecord } from '../store/records';
import type { Store } from '../store/types';
import { newRunId, runSync, type SyncResult } from '../sync/engine';
import { readActiveRun } from '../sync/recorder';
import type { SyncRunRecord } from '../sync/run-record';
import type { World } from '../world';

export interface RunnerDeps {
  world: World;
  store: Store;
  broadcast(event: AssistantEvent): void;
  /** A desktop notification: scheduled runs that fail or wait for confirmation. */
  notify(title: string, message: string): void;
  /** Keeps a way to wake the worker while a run is under way (an alarm), so a killed run resumes. */
  watchdog: { arm(): void; disarm(): void };
  jumpcloudApiBase?: string;
}

export interface StartRequest {
  trigger: RunRecord['trigger'];
  dryRun?: boolean;
  /** The held run whose removals the admin confirmed. */
  confirmRemovals?: string;
  /** Read every directory user and plan against them too (lib/sync/reconcile.ts). */
  reconcile?: boolean;
}

export interface Runner {
  start(request: StartRequest): { runId: string; joined: boolean; done: Promise<SyncResult> };
  progress(): RunProgress | undefined;
  /** Carries on a run a stopped worker left half done; resolves when there was none or it ended. */
  resumeIfInterrupted(): Promise<void>;
}

const PROGRESS_EVERY_MS = 250;

/** A run without its per-user outcomes, as lists and events carry it. */
export function summarize(run: RunRecord | SyncRunRecord): RunSummary {
  return runSummarySchema.parse(run);
}

export function createRunner(deps: RunnerDeps): Runner {
  let active: { progress: RunProgress; done: Promise<SyncResult> } | undefined;
  let lastBroadcast = 0;

  function start(request: StartRequest) {
    if (active) return { runId: active.progress.runId, joined: true, done: active.done };
    const runId = newRunId(deps.world);
    const progress: RunProgress = { runId, dryRun: !!request.dryRun, phase: 'starting', done: 0, total: 0 };
    let over = false;
    const finished = () => {
      if (over) return;
      over = true;
      active = undefined;
      deps.watchdog.disarm();
    };
    deps.watchdog.arm();
    const done = runSync(
      { world: deps.world, store: deps.store, jumpcloudApiBase: deps.jumpcloudApiBase },
      {
        trigger: request.trigger,
        dryRun: request.dryRun,
        confirmRemovals: request.confirmRemovals,
        reconcile: request.reconcile,
        runId,
        onProgress: (p) => {
          Object.assign(progress, p);
          const now = deps.world.now();
          if (now - lastBroadcast >= PROGRESS_EVERY_MS || p.done === p.total) {
            lastBroadcast = now;
            deps.broadcast({ event: 'progress', progress: { ...progress } });
          }
        },
      },
    )
      .then((result) => {
        // Done before the news goes out: a page that asks for the status on "run-finished" must
        // not see the run still going.
        finished();
        deps.broadcast({ event: 'run-finished', run: summarize(result.run) });
        const scheduled = result.run.trigger === 'schedule' || request.trigger === 'schedule';
        if (scheduled && result.run.status === 'failed') {
          deps.notify('Scheduled JumpCloud sync failed', result.run.errors[0]?.message ?? 'Open the assistant for details.');
        }
        if (result.run.status === 'awaiting-confirmation') {
          deps.notify('JumpCloud sync is waiting for you', result.run.removalsHeld ?? 'Removals beyond the deletion threshold need your confirmation.');
        }
        return result;
      })
      .finally(finished);
    active = { progress, done };
    return { runId, joined: false, done };
  }

  return {
    start,
    progress: () => (active ? { ...active.progress } : undefined),
    async resumeIfInterrupted() {
      if (active || !(await readActiveRun(deps.store))) return;
      await start({ trigger: 'resume' }).done;
    },
  };
}
