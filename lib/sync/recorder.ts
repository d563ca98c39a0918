// Keeps the record of a run as it happens, and checkpoints it: every few seconds the outcomes so
// far go to the store in a chunk of their own (so a 100,000-user run never rewrites its whole
// history), with a small header that says which run is under way. A run whose worker was killed
// is found by its header and carried on under the same id (lib/sync/engine.ts).
import { z } from 'zod';
import type { Store } from '../store/types';
import type { World } from '../world';
import { ChangesBudget } from './diffs';
import { emptyCounts, type Outcome, type RunCounts, type RunError, type SyncRunRecord } from './run-record';

export const ACTIVE_RUN_KEY = 'active-run';
const chunkKey = (runId: string, n: number) => `${runId}:outcomes:${n}`;
const CHECKPOINT_EVERY_MS = 2000;

const headerSchema = z.object({
  id: z.string(),
  trigger: z.enum(['manual', 'schedule', 'preview', 'resume', 'command-line', 'on-demand']),
  startedAt: z.number(),
  dryRun: z.boolean(),
  /** The held run whose removals the admin confirmed, if any. */
  confirmRemovals: z.string().optional(),
  /** The run reads every directory user and plans against them (lib/sync/reconcile.ts). */
  reconcile: z.boolean().optional(),
  chunks: z.number().int().min(0),
  counts: z.record(z.string(), z.number()),
  /** What the run has spent of its budget for values before and after. */
  changes: z.object({ chars: z.number(), omitted: z.number() }).optional(),
});
export type ActiveRunHeader = z.infer<typeof headerSchema>;

export async function readActiveRun(store: Store): Promise<ActiveRunHeader | undefined> {
  const raw = await store.checkpoints.get(ACTIVE_RUN_KEY);
  const parsed = headerSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export class RunRecorder {
  readonly counts: RunCounts;
  readonly warnings: string[] = [];
  readonly errors: RunError[] = [];
  /** Values before and after, kept while the run's budget lasts: `changes.take(before, after, changed)`. */
  readonly changes: ChangesBudget;
  private pending: Outcome[] = [];
  private chunks: number;
  private lastCheckpoint: number;

  constructor(
    private readonly store: Store,
    private readonly world: World,
    readonly header: Omit<ActiveRunHeader, 'chunks' | 'counts'>,
    resumed?: ActiveRunHeader,
  ) {
    this.counts = { ...emptyCounts(), ...(resumed?.counts as Partial<RunCounts> | undefined) };
    this.chunks = resumed?.chunks ?? 0;
    this.changes = new ChangesBudget(resumed?.changes);
    this.lastCheckpoint = world.now();
  }

  add(outcome: Outcome): void {
    this.pending.push(outcome);
  }

  /**
   * Writes the checkpoint if enough time has passed; `beforeWrite` flushes what must land first.
   * Many writes finish at once: only one of them checkpoints, the others go on.
   */
  async maybeCheckpoint(beforeWrite: () => Promise<void>): Promise<void> {
    if (this.writing || this.world.now() - this.lastCheckpoint < CHECKPOINT_EVERY_MS) return;
    this.writing = (async () => {
      await beforeWrite();
      await this.checkpoint();
    })().finally(() => (this.writing = undefined));
    await this.writing;
  }

  private writing: Promise<void> | undefined;

  async checkpoint(): Promise<void> {
    this.lastCheckpoint = this.world.now();
    if (this.pending.length) {
      const chunk = this.pending;
      this.pending = [];
      await this.store.checkpoints.put(chunkKey(this.header.id, this.chunks), chunk);
      this.chunks++;
    }
    await this.store.checkpoints.put(ACTIVE_RUN_KEY, { ...this.header, chunks: this.chunks, counts: { ...this.counts }, changes: { ...this.changes.spent } });
  }

  /** Assembles the full record from its chunks, saves it to the history and clears the checkpoint. */
  async finish(
    status: SyncRunRecord['status'],
    extra: Pick<SyncRunRecord, 'requests'> & Partial<Pick<SyncRunRecord, 'removalsHeld' | 'reconciled'>>,
  ): Promise<SyncRunRecord> {
    const outcomes: Outcome[] = [];
    for (let n = 0; n < this.chunks; n++) {
      const chunk = await this.store.checkpoints.get(chunkKey(this.header.id, n));
      if (Array.isArray(chunk)) outcomes.push(...(chunk as Outcome[]));
    }
    outcomes.push(...this.pending);
    const omitted = this.changes.warning();
    if (omitted) this.warnings.push(omitted);
    const record: SyncRunRecord = {
      id: this.header.id,
      trigger: this.header.trigger,
      startedAt: this.header.startedAt,
      endedAt: this.world.now(),
      status,
      dryRun: this.header.dryRun,
      counts: this.counts,
      outcomes,
      errors: this.errors,
      warnings: this.warnings,
      ...extra,
    };
    await this.store.runs.put(record);
    for (let n = 0; n < this.chunks; n++) await this.store.checkpoints.delete(chunkKey(this.header.id, n));
    await this.store.checkpoints.delete(ACTIVE_RUN_KEY);
    return record;
  }
}
