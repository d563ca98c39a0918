// Reconciliation: the plan made against what the directory holds, not only against what this
// assistant remembers pushing. With a lost snapshot (a fresh profile, a deleted state directory)
// users deleted in JumpCloud would otherwise stay active in Zoho for ever, and an attribute changed
// by hand in Zoho would never be put back. One paged read of the directory's users gives, for every
// user linked to JumpCloud (by an externalId that is a JumpCloud id, or by the SCIM id the
// snapshot recorded), the managed attributes as they are there now: that "observed" snapshot is
// what the plan compares with, so drift becomes an update, a linked user JumpCloud confirms is
// gone becomes a removal (under the same threshold), and a user missing from the directory is
// created again. Directory users JumpCloud does not know are listed, never touched.
import type { FlatUser } from '../scim/flat-user';
import type { SnapshotEntry } from '../store/records';
import type { Store } from '../store/types';
import type { PreparedUser } from './prepare';
import { isGroupKey } from './snapshot-keys';
import { findSorted } from './snapshot-load';
import { linkedJumpCloudId, type AdoptionCandidate, type ListedUser } from './listed-user';
import { changedPaths, signsInBy } from './plan';

export interface Reconciliation {
  /** The snapshot as the directory has it: each linked user's managed attributes there, now. */
  snapshot: Map<string, SnapshotEntry>;
  /** Linked users whose managed attributes in the directory differ from what was pushed: the paths. */
  drift: Map<string, string[]>;
  /** Users the snapshot had who are no longer in the directory (created again by the plan). */
  missing: number;
  /** Directory users linked to no JumpCloud user and matching none by name: listed, never touched. */
  unknown: { scimId: string; userName: string }[];
  /** JumpCloud ids that two or more directory users claim: none of them is touched. */
  ambiguous: Map<string, string[]>;
  /** False when the read cannot be proven whole (the list's count not reached): nothing is taken as missing. */
  complete: boolean;
  /** What the stored snapshot must take from the directory before the plan is applied. */
  changes: { puts: SnapshotEntry[]; deletes: string[] };
}

/**
 * The values in the directory's copy of the `managed` paths and of the paths `pushed` has; sign-in
 * names equal but for case count as equal (SCIM's userName is caseExact false). The two are walked
 * one after the other rather than joined in a set: that set, for every user, was most of a
 * 100,000-user reconciliation's time after its last answer.
 */
function observedForm(resource: FlatUser, managed: ReadonlySet<string>, pushed: FlatUser | undefined, wanted: FlatUser | undefined): FlatUser {
  const out: FlatUser = {};
  const take = (path: string) => {
    let value = resource[path];
    const want = wanted?.[path];
    if (typeof value === 'string' && typeof want === 'string' && signsInBy(path) && value.toLowerCase() === want.toLowerCase()) value = want;
    if (value !== undefined) out[path] = value;
  };
  for (const path of managed) take(path);
  if (pushed) for (const path in pushed) if (!managed.has(path)) take(path);
  return out;
}

/** What a claimed JumpCloud id comes to: the directory users claiming it, and the first one's copy as an entry. */
interface Claim {
  scimIds: string[];
  /** The entry held already when the copy is as pushed; else a new one. */
  entry: SnapshotEntry;
  /** The entry is new: the stored snapshot must take it. */
  put: boolean;
  drift: readonly string[];
}

/**
 * A claim as held while the listing is read: a JumpCloud id found as pushed, by one directory user,
 * is held as its stored entry alone (nearly every claim, on a re-sync), not wrapped in a Claim.
 */
type HeldClaim = Claim | SnapshotEntry;
const isClaim = (held: HeldClaim): held is Claim => 'scimIds' in held;

const NO_DRIFT: readonly string[] = [];

/** `value`, or `held` when it is the same text: one string kept for both. */
const same = <T extends string | undefined>(value: T, held: string | undefined): T => (value === held ? (held as T) : value);

/**
 * The observed snapshot, made one directory user at a time as the listing's pages arrive (`add`),
 * from the stored snapshot and the JumpCloud users just read (sorted by id); `finish` gives it
 * with the count the list declared. What is held of each user is its claim and what adoption may
 * need of it, not its copy: at 100,000 users the copies held until the listing's end were some
 * 150 MB of a reconciling run's memory.
 */
export class Reconciler {
  private readonly byScimId = new Map<string, string>();
  private readonly names = new Set<string>();
  /** What the mapping writes for anyone: a value set by hand where JumpCloud has none is drift too. */
  private readonly managed = new Set<string>();
  private readonly claims = new Map<string, HeldClaim>();
  private readonly unknown: Reconciliation['unknown'] = [];
  private seen = 0;

  constructor(
    private readonly stored: ReadonlyMap<string, SnapshotEntry>,
    private readonly users: readonly PreparedUser[],
    private readonly now: number,
  ) {
    // The entry's own id, not the key: a key read before its user is a second copy of the text (lib/sync/snapshot-load.ts).
    for (const [key, entry] of stored) if (!isGroupKey(key)) this.byScimId.set(entry.scimId, entry.jumpcloudId);
    for (const u of users) {
      if (!u.mapped) continue;
      this.names.add(u.mapped.userName.toLowerCase());
      for (const path in u.mapped.attributes) this.managed.add(path);
    }
  }

  /**
   * One directory user (each once). Returns what adoption may need of it: the whole of a user no
   * JumpCloud id claims; of a claimed one its names only, since its copy is in the snapshot now.
   */
  add(user: ListedUser): AdoptionCandidate {
    this.seen++;
    const linked = this.byScimId.get(user.id);
    const external = linkedJumpCloudId(user);
    const jumpcloudId = external === undefined ? linked : same(external, linked);
    if (!jumpcloudId) {
      if (!this.names.has(user.userName.toLowerCase()) && !this.names.has(user.primaryEmail ?? '')) this.unknown.push({ scimId: user.id, userName: user.userName });
      // Else a JumpCloud user has this name: the plan creates that user, and the create links this one.
      return user;
    }
    const previous = this.stored.get(jumpcloudId);
    const mapped = findSorted(this.users, jumpcloudId)?.mapped;
    // What adoption needs of a claimed user, in the strings held already where the values are the
    // same: at 100,000 users the listing's own copies of them were some 20 MB.
    const names: AdoptionCandidate = {
      id: same(user.id, previous?.scimId),
      userName: same(user.userName, mapped?.userName),
      ...(user.externalId !== undefined ? { externalId: same(user.externalId, jumpcloudId) } : {}),
      ...(user.primaryEmail !== undefined ? { primaryEmail: same(user.primaryEmail, mapped?.userName) } : {}),
    };
    const held = this.claims.get(jumpcloudId);
    if (held) {
      const claim = isClaim(held) ? held : { scimIds: [held.scimId], entry: held, put: false, drift: NO_DRIFT };
      claim.scimIds.push(names.id);
      this.claims.set(jumpcloudId, claim);
    } else this.claims.set(jumpcloudId, this.observe(jumpcloudId, names.id, user.flat, previous, mapped?.attributes));
    return names;
  }

  private observe(jumpcloudId: string, scimId: string, flat: FlatUser, previous: SnapshotEntry | undefined, wanted: FlatUser | undefined): HeldClaim {
    const before = previous?.pushed as FlatUser | undefined;
    // A user neither JumpCloud nor the snapshot knows the values of: taken as the directory has it.
    const pushed = wanted || previous ? observedForm(flat, this.managed, before, wanted ?? before) : { ...flat };
    const changed = previous?.scimId === scimId ? changedPaths(before!, pushed) : NO_DRIFT;
    // As pushed: the entry held already stays, rather than a copy of it for every user.
    if (previous?.scimId === scimId && !changed.length) return previous;
    return { scimIds: [scimId], entry: { jumpcloudId, scimId, pushed, updatedAt: this.now }, put: true, drift: changed };
  }

  /** The observed snapshot; `total` is the count the list declared. */
  finish(total: number): Reconciliation {
    const complete = this.seen >= total;
    const snapshot = new Map<string, SnapshotEntry>();
    for (const [key, entry] of this.stored) if (isGroupKey(key)) snapshot.set(key, entry);
    const drift = new Map<string, string[]>();
    const puts: SnapshotEntry[] = [];
    const ambiguous = new Map<string, string[]>();
    for (const [jumpcloudId, claim] of this.claims) {
      if (!isClaim(claim)) {
        snapshot.set(jumpcloudId, claim);
        continue;
      }
      if (claim.scimIds.length > 1) {
        ambiguous.set(jumpcloudId, claim.scimIds);
        // Kept as it was, so the users who report to this one keep their manager.
        const previous = this.stored.get(jumpcloudId);
        if (previous) snapshot.set(jumpcloudId, previous);
        continue;
      }
      snapshot.set(jumpcloudId, claim.entry);
      if (claim.drift.length) drift.set(jumpcloudId, [...claim.drift]);
      if (claim.put) puts.push(claim.entry);
    }
    // Without proof the read was whole, a user not seen may simply be on a page that was missed.
    const deletes: string[] = [];
    for (const [key, entry] of this.stored) {
      if (isGroupKey(key) || snapshot.has(key) || ambiguous.has(key)) continue;
      if (complete) deletes.push(key);
      else snapshot.set(key, entry);
    }
    return { snapshot, drift, missing: deletes.length, unknown: this.unknown, ambiguous, complete, changes: { puts, deletes } };
  }
}

/** The same for a list read already (`total`: the count it declared). */
export function reconcile(listed: readonly ListedUser[], total: number, stored: ReadonlyMap<string, SnapshotEntry>, users: readonly PreparedUser[], now: number): Reconciliation {
  const reconciler = new Reconciler(stored, users, now);
  for (const user of listed) reconciler.add(user);
  return reconciler.finish(total);
}

const LAST_RECONCILED = 'last-reconciled';

export const lastReconciled = async (store: Store): Promise<number | undefined> => {
  const at = await store.checkpoints.get(LAST_RECONCILED);
  return typeof at === 'number' ? at : undefined;
};

export const markReconciled = (store: Store, at: number) => store.checkpoints.put(LAST_RECONCILED, at);

const DAY = 24 * 60 * 60 * 1000;
export const RECONCILE_INTERVALS = { daily: DAY, weekly: 7 * DAY, monthly: 30 * DAY } as const;
export type ReconcileEvery = keyof typeof RECONCILE_INTERVALS | 'never';

/** Whether a scheduled run is due to reconcile: never done, or done longer ago than the admin's interval. */
export function reconcileDue(every: ReconcileEvery, last: number | undefined, now: number): boolean {
  if (every === 'never') return false;
  return last === undefined || now - last >= RECONCILE_INTERVALS[every] - 60_000;
}
