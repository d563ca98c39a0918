// Turns the admin's "confirm removals" into an approval: the run it names must be in the history
// and must have held removals back; what it held (recorded per user) is what may now be removed.
import type { Store } from '../store/types';
import { SetupError } from './connect';
import type { Approval } from './threshold';

/** The newest run (or preview) that held removals back: what `--confirm-removals` confirms. */
export async function latestHeldRun(store: Store): Promise<string | undefined> {
  const newest = (await store.runs.list()).find((r) => r.removalsHeld !== undefined || r.status === 'awaiting-confirmation');
  return newest?.removalsHeld !== undefined ? newest.id : undefined;
}

export async function approvalOf(store: Store, runId: string): Promise<Approval> {
  const run = await store.runs.get(runId);
  const outcomes = run && Array.isArray(run.outcomes) ? (run.outcomes as { jumpcloudId?: unknown; action?: unknown; result?: unknown }[]) : [];
  const held = outcomes.filter((o) => o.result === 'held' && ['deactivate', 'delete', 'update'].includes(o.action as string) && typeof o.jumpcloudId === 'string');
  if (!held.length) {
    throw new SetupError(
      run ? `Run ${runId} held no removals back, so there is nothing to confirm.` : `Run ${runId} is no longer in the history, so its removals cannot be confirmed.`,
      'Preview the changes again, then confirm the removals that preview holds.',
    );
  }
  return { runId, jumpcloudIds: new Set(held.map((o) => o.jumpcloudId as string)) };
}
