// The snapshot as a run holds it: an entry whose form is the one just mapped for that user
// (nearly everyone, on a re-sync) keeps that form instead of a second copy of the same values. At
// 100,000 users this is the difference between holding the directory once and holding it twice
// (bench/RESULTS.md). A run reads it while JumpCloud's pages are in flight (startSnapshotLoad):
// whichever of a user and its entry comes second shares the form.
import { MANAGER_PATH } from '../mapping/zoho-to-scim';
import type { FlatUser } from '../scim/flat-user';
import type { SnapshotEntry } from '../store/records';
import type { Store } from '../store/types';
import type { PreparedUser } from './prepare';
import type { Plan } from './types';

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

/**
 * Points an entry at the user's id and, when the values are the same, the user's mapped form. A
 * user mapped from the record a light entry (SnapshotEntry.light) was mapped from (the same mark,
 * lib/sync/carry.ts) is carried after all: its form is the entry's head, as if it had been carried
 * when its page came (its entry was not read yet), and the form just mapped is let go.
 */
function share(entry: SnapshotEntry, user: PreparedUser): void {
  entry.jumpcloudId = user.id;
  const mapped = user.mapped;
  if (!mapped) return;
  if (!entry.light) entry.pushed = shareForm(entry.pushed as FlatUser, mapped.attributes);
  else if (mapped.source && entry.source?.mark === mapped.source.mark) mapped.attributes = entry.pushed as FlatUser;
}

export interface SnapshotLoad {
  /** A user just read and prepared: shares its form with its entry, read already or yet to be. */
  meet(user: PreparedUser): void;
  /** The entry of this user, if it has been read already. */
  entry(id: string): SnapshotEntry | undefined;
  /** The snapshot, once read whole. */
  readonly done: Promise<Map<string, SnapshotEntry>>;
}

/**
 * Starts reading the snapshot at once, for a run to do while its first pages are in flight; the
 * entries share the forms of the users read as loadSnapshot's do. A user read twice (pages
 * overlap) shares with the copy read last, the one the read keeps.
 */
export function startSnapshotLoad(store: Store, options: { light?: boolean } = {}): SnapshotLoad {
  const snapshot = new Map<string, SnapshotEntry>();
  /** Users met before their entry was read. */
  const waiting = new Map<string, PreparedUser>();
  let loaded = false;
  const done = store.snapshot
    .scan((entry) => {
      const user = waiting.get(entry.jumpcloudId);
      if (user) {
        waiting.delete(entry.jumpcloudId);
        share(entry, user);
      }
      snapshot.set(entry.jumpcloudId, entry);
    }, options)
    .then(() => {
      loaded = true;
      waiting.clear();
      return snapshot;
    });
  return {
    meet(user) {
      const entry = snapshot.get(user.id);
      if (entry) share(entry, user);
      else if (!loaded) waiting.set(user.id, user);
    },
    entry: (id) => snapshot.get(id),
    done,
  };
}

/** The users the plan does something with whose entries are light: they need their whole forms to be planned. */
export function lightActedOn(plan: Plan, snapshot: ReadonlyMap<string, SnapshotEntry>): string[] {
  const ids = new Set<string>();
  const note = ({ jumpcloudId }: { jumpcloudId: string }) => snapshot.get(jumpcloudId)?.light && ids.add(jumpcloudId);
  plan.actions.forEach(note);
  plan.renames.held.forEach(note);
  plan.pendingManagers.forEach(note);
  plan.marked.forEach(note);
  return [...ids];
}

/**
 * Reads these users' whole entries in place of their light ones, and gives a user carried with a
 * light entry's head (lib/sync/carry.ts) the whole form instead.
 */
export async function readWhole(store: Store, snapshot: Map<string, SnapshotEntry>, users: readonly PreparedUser[], ids: readonly string[]): Promise<void> {
  const whole = new Map((await store.snapshot.getMany([...ids])).map((e) => [e.jumpcloudId, e]));
  const heads = new Map<string, FlatUser>();
  for (const id of ids) {
    const entry = whole.get(id);
    // The state directory is locked for the run (lib/store/dir-lock.ts): this is not expected.
    if (!entry || entry.light) throw new Error(`The snapshot entry of JumpCloud user ${id} could not be read back whole. Run the sync again.`);
    heads.set(id, snapshot.get(id)!.pushed as FlatUser);
    snapshot.set(id, entry);
  }
  for (const user of users) {
    const head = heads.get(user.id);
    if (head && user.mapped?.attributes === head) user.mapped.attributes = whole.get(user.id)!.pushed as FlatUser;
  }
}
