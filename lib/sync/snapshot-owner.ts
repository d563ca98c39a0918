// The snapshot says what was pushed where: which JumpCloud users became which SCIM ids in one
// directory. Used against another directory (the Sync endpoint switched, settings imported, the
// command line run with another settings file on the same state directory) it would call every
// unchanged user already there and send PATCHes and deactivations to the old directory's ids,
// which may be other people's. So the snapshot records its directory and JumpCloud organization,
// and a run refuses to use it elsewhere until the admin chooses to start fresh there.
import type { Config } from '../config/schema';
import { sameEndpoint } from '../config/endpoint';
import type { Store } from '../store/types';
import { SetupError } from './connect';

const OWNER_KEY = 'snapshot-owner';

export interface SnapshotOwner {
  syncEndpoint: string;
  region: string;
  orgId?: string;
}

const ownerOf = (config: Config): SnapshotOwner => ({
  syncEndpoint: config.target.syncEndpoint ?? '',
  region: config.jumpcloud.region,
  ...(config.jumpcloud.orgId ? { orgId: config.jumpcloud.orgId } : {}),
});

const same = (a: SnapshotOwner, b: SnapshotOwner) => sameEndpoint(a.syncEndpoint, b.syncEndpoint) && a.region === b.region && (a.orgId ?? '') === (b.orgId ?? '');

async function recorded(store: Store): Promise<SnapshotOwner | undefined> {
  const raw = (await store.checkpoints.get(OWNER_KEY)) as Partial<SnapshotOwner> | undefined;
  return raw && typeof raw.syncEndpoint === 'string' && typeof raw.region === 'string' ? (raw as SnapshotOwner) : undefined;
}

/** What the snapshot belongs to, when that is not what the settings now point at. */
export async function snapshotMismatch(store: Store, config: Config): Promise<{ was: SnapshotOwner; now: SnapshotOwner } | undefined> {
  const was = await recorded(store);
  const now = ownerOf(config);
  return was && !same(was, now) ? { was, now } : undefined;
}

export class SnapshotMismatch extends SetupError {}

export const describeOwner = (o: SnapshotOwner) => `${o.syncEndpoint || 'no Sync endpoint'} (JumpCloud ${o.region.toUpperCase()}${o.orgId ? `, organization ${o.orgId}` : ''})`;

/**
 * Before a run reads the snapshot: the snapshot must be this directory's and this organization's.
 * A snapshot with no owner yet (none, or one kept before owners were recorded) is claimed.
 */
export async function claimSnapshot(store: Store, config: Config): Promise<void> {
  const mismatch = await snapshotMismatch(store, config);
  if (mismatch) {
    throw new SnapshotMismatch(
      `The assistant’s record of what it pushed belongs to ${describeOwner(mismatch.was)}, and the settings now point at ${describeOwner(mismatch.now)}. ` +
        'Syncing with it would skip the users already pushed there and update the old directory’s ids in this one, so nothing was sent.',
      'If this is the directory you want, choose "Start fresh with this directory": the record is cleared and the next sync links the users this directory already holds. Otherwise put the previous settings back.',
    );
  }
  if (!(await recorded(store))) await store.checkpoints.put(OWNER_KEY, ownerOf(config));
}

/** The admin's "Start fresh with this directory": an empty snapshot, owned by where the settings point. */
export async function startFresh(store: Store, config: Config): Promise<void> {
  await store.snapshot.clear();
  await store.checkpoints.put(OWNER_KEY, ownerOf(config));
}
