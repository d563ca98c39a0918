// The snapshot as a run changes it: reads see every change at once, the store gets them in
// batches (flushed before each checkpoint), so 100,000 writes do not make 100,000 transactions.
import type { SnapshotEntry } from '../store/records';
import type { Store } from '../store/types';

export class SnapshotWriter {
  private puts = new Map<string, SnapshotEntry>();
  private deletes = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly current: Map<string, SnapshotEntry>,
  ) {}

  get(key: string): SnapshotEntry | undefined {
    return this.current.get(key);
  }

  put(entry: SnapshotEntry): void {
    this.current.set(entry.jumpcloudId, entry);
    this.deletes.delete(entry.jumpcloudId);
    this.puts.set(entry.jumpcloudId, entry);
  }

  delete(key: string): void {
    this.current.delete(key);
    this.puts.delete(key);
    this.deletes.add(key);
  }

  async flush(): Promise<void> {
    const puts = [...this.puts.values()];
    const deletes = [...this.deletes];
    this.puts.clear();
    this.deletes.clear();
    if (puts.length) await this.store.snapshot.putMany(puts);
    if (deletes.length) await this.store.snapshot.deleteMany(deletes);
  }
}
