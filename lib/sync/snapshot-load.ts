// The snapshot as a run holds it, read after JumpCloud: an entry whose form is the one just
// mapped for that user (nearly everyone, on a re-sync) keeps that form instead of a second copy
// of the same values. At 100,000 users this is the difference between holding the directory once
// and holding it twice (bench/RESULTS.md).
import { MANAGER_PATH } from '../mapping/zoho-to-scim';
import type { FlatUser } from '../scim/flat-user';
import type { SnapshotEntry } from '../store/records';
import type { Store } from '../store/types';
import type { PreparedUser } from './prepare';

/** The user with this id in `users`, which is sorted by id, or undefined. */
function findSorted(users: readonly PreparedUser[], id: string): PreparedUser | undefined {
  let lo = 0;
  let hi = users.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = users[mid]!.id;
    if (at === id) return users[mid];
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/**
 * `pushed` with its values taken from `mapped` when they are the same values: the mapped form
 * itself when nothing else was pushed, else a copy that shares its strings. The manager's target
 * id is not in the mapped form (the plan resolves it), so it is carried over.
 */
export function shareForm(pushed: FlatUser, mapped: FlatUser): FlatUser {
  let count = 0;
  for (const path in pushed) {
    if (path === MANAGER_PATH) continue;
    if (pushed[path] !== mapped[path]) return pushed;
    count++;
  }
  if (count !== Object.keys(mapped).length) return pushed;
  return MANAGER_PATH in pushed ? { ...mapped, [MANAGER_PATH]: pushed[MANAGER_PATH]! } : mapped;
}

/** Reads the snapshot, sharing each unchanged user's form with `users` (as read, sorted by id). */
export async function loadSnapshot(store: Store, users: readonly PreparedUser[]): Promise<Map<string, SnapshotEntry>> {
  const snapshot = new Map<string, SnapshotEntry>();
  await store.snapshot.scan((entry) => {
    const mapped = findSorted(users, entry.jumpcloudId)?.mapped;
    if (mapped) entry.pushed = shareForm(entry.pushed as FlatUser, mapped.attributes);
    snapshot.set(entry.jumpcloudId, entry);
  });
  return snapshot;
}
