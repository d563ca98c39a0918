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
export function findSorted(users: readonly PreparedUser[], id: string): PreparedUser | undefined {
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
 * The one form an unchanged user keeps: when `pushed` holds the values just mapped, the mapped
 * form, given the manager's target id that was pushed with it (the plan resolves the manager
 * afresh and replaces it, lib/sync/plan.ts); else `pushed` as it is.
 */
export function shareForm(pushed: FlatUser, mapped: FlatUser): FlatUser {
  let count = 0;
  for (const path in pushed) {
    if (path === MANAGER_PATH) continue;
    if (pushed[path] !== mapped[path]) return pushed;
    count++;
  }
  if (count !== Object.keys(mapped).length - (MANAGER_PATH in mapped ? 1 : 0)) return pushed;
  if (MANAGER_PATH in pushed) mapped[MANAGER_PATH] = pushed[MANAGER_PATH]!;
  return mapped;
}

/** Reads the snapshot, sharing each unchanged user's form with `users` (as read, sorted by id). */
export async function loadSnapshot(store: Store, users: readonly PreparedUser[]): Promise<Map<string, SnapshotEntry>> {
  const snapshot = new Map<string, SnapshotEntry>();
  await store.snapshot.scan((entry) => {
    const user = findSorted(users, entry.jumpcloudId);
    if (user?.mapped) entry.pushed = shareForm(entry.pushed as FlatUser, user.mapped.attributes);
    // The id too: one string for both.
    if (user) entry.jumpcloudId = user.id;
    snapshot.set(entry.jumpcloudId, entry);
  });
  return snapshot;
}
