// Every snapshot entry of a store, for tests that look at the whole of a small one.
import type { SnapshotEntry } from '@/lib/store/records';
import type { Store } from '@/lib/store/types';

export async function allEntries(store: Store): Promise<SnapshotEntry[]> {
  const entries: SnapshotEntry[] = [];
  await store.snapshot.scan((e) => entries.push(e));
  return entries;
}
