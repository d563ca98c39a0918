// Applies a plan to the target, idempotently: every write updates the snapshot, the snapshot and
// the run's outcomes are checkpointed together, and a write repeated after a crash resolves to the
// same end state (a repeated create meets 409, is looked up and linked, never duplicated).
import type { SourceMark } from '../store/records';
import { MANAGER_PATH } from '../mapping/zoho-to-scim';
import type { ScimClient } from '../scim/client';
import { ambiguousError, claimedError, ScimError } from '../scim/errors';
import { diff } from '../scim/flat';
import type { FlatUser } from '../scim/flat-user';
import type { TargetSchema } from '../scim/target-schema';
import type { World } from '../world';
import { adoptionIndex, findInDirectory, type AdoptionIndex } from './adoption';
import { listedUserOf, type ListedUser } from './listed-user';
import { managerWaves } from './manager-waves';
import { changedPaths } from './plan';
import { forEachInPool, type AdaptivePool } from './pool';
import type { RunRecorder } from './recorder';
import type { Outcome } from './run-record';
import { groupKey } from './snapshot-keys';
import type { SnapshotWriter } from './snapshot-writer';
import type { GroupAction, Plan, UserAction } from './types';

export interface ApplyDeps {
  world: World;
  scim: ScimClient;
  target: TargetSchema;
  snapshot: SnapshotWriter;
  recorder: RunRecorder;
  pool: AdaptivePool;
  /** True when nothing was pushed before: existing target users are matched before creating. */
  firstSync: boolean;
  /** The directory's users as this run already read them (reconciling): matched without reading again. */
  index?: AdoptionIndex;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** This many target outages in a row stop the run: every further write would fail the same way. */
const OUTAGE_LIMIT = 10;

export async function applyPlan(plan: Plan, deps: ApplyDeps): Promise<void> {
  const { scim, snapshot, recorder, world } = deps;
  const counts = recorder.counts;
  const removalsHeld = plan.removals.blocked;
  const total = plan.actions.length + plan.pendingManagers.length + plan.groups.length;
  let done = 0;
  let outagesInARow = 0;
  let stop: Error | undefined;

  const creates = plan.actions.some((a) => a.kind === 'create');
  const index: AdoptionIndex | undefined = deps.index ?? (deps.firstSync && creates ? await adoptionIndex(scim) : undefined);

  /** The outcome's changed attributes, with their values before and after while the run's budget lasts. */
  const changesOf = (before: FlatUser, after: FlatUser, changed: string[]): Partial<Outcome> => {
    const changes = recorder.changes.take(before, after, changed);
    return { changed, ...(changes ? { changes } : {}) };
  };
  /** A new user's attributes, all "changed" from nothing: kept as values only, not as a second list of names. */
  const createdWith = (attributes: FlatUser): Partial<Outcome> => {
    const changes = recorder.changes.take({}, attributes, Object.keys(attributes).sort());
    return changes ? { changes } : {};
  };

  /** `source`: what `pushed` was mapped from, when it was (lib/sync/carry.ts); any other write leaves it off. */
  const remember = (jumpcloudId: string, scimId: string, pushed: FlatUser, source?: SourceMark) =>
    snapshot.put({ jumpcloudId, scimId, pushed, updatedAt: world.now(), ...(source ? { source } : {}) });

  async function step(subject: { jumpcloudId: string; userName: string }, action: Outcome['action'], work: () => Promise<Partial<Outcome> | void>) {
    if (stop) return;
    const who = { jumpcloudId: subject.jumpcloudId, userName: subject.userName };
    try {
      const extra = await work();
      recorder.add({ ...who, action, result: 'done', ...extra });
      outagesInARow = 0;
      deps.pool.succeeded();
    } catch (e) {
      if (!(e instanceof ScimError)) throw e;
      counts.failed++;
      recorder.add({ ...who, action, result: 'failed', error: e.message, hint: e.hint });
      // A wrong token fails every request alike; an outage that outlasts the retries likewise.
      if (e.kind === 'unauthorized') stop = e;
      if (e.kind === 'unavailable' && ++outagesInARow >= OUTAGE_LIMIT) stop = e;
    } finally {
      deps.onProgress?.(++done, total);
      await recorder.maybeCheckpoint(() => snapshot.flush());
    }
  }

  /** Links an existing target user to this JumpCloud user, writing only what differs. */
  async function adopt(action: Extract<UserAction, { kind: 'create' }>, existing: Pick<ListedUser, 'id' | 'flat'>) {
    const current = existing.flat;
    // Compare only what we manage: attributes the admin keeps in the target are left alone.
    const before: FlatUser = Object.fromEntries(Object.keys(action.attributes).flatMap((k) => (k in current ? [[k, current[k]!]] : [])));
    const ops = diff(before, action.attributes);
    if (ops.length) await scim.patchUser(existing.id, ops);
    remember(action.jumpcloudId, existing.id, action.attributes, action.source);
    counts.adopted++;
    return {
      reason: 'already in the directory: linked by externalId, userName or primary email',
      // What the PATCH changed: an attribute empty on both sides is not a change.
      ...changesOf(before, action.attributes, changedPaths(before, action.attributes).filter((p) => (before[p] ?? '') !== (action.attributes[p] ?? ''))),
    };
  }

  // Managers created earlier in this run: a create or update carries the link itself. A user
  // leaves this map once linked; whoever is left gets the second pass.
  const managerOf = new Map(plan.pendingManagers.map((p) => [p.jumpcloudId, p.managerJumpcloudId]));
  // The planned form is the one pushed and remembered: the link is set on it, not on a copy (a
  // copy each would hold 100,000 forms twice on a first sync).
  function withManager(jumpcloudId: string, form: FlatUser): FlatUser {
    const managerId = managerOf.get(jumpcloudId);
    const managerScimId = managerId ? snapshot.get(managerId)?.scimId : undefined;
    if (!managerScimId) return form;
    managerOf.delete(jumpcloudId);
    form[MANAGER_PATH] = managerScimId;
    return form;
  }

  async function create(planned: Extract<UserAction, { kind: 'create' }>) {
    const action = { ...planned, attributes: withManager(planned.jumpcloudId, planned.attributes) };
    const known = index?.match(action.jumpcloudId, action.userName);
    if (known && 'ambiguous' in known) throw ambiguousError('user', known.by, action.userName, known.ambiguous.map((u) => u.id));
    if (known && 'claimed' in known) throw claimedError(known.by, action.userName, known.claimed.id, known.owner);
    // A candidate the snapshot had a copy of comes without it (lib/sync/reconcile.ts): read it now.
    const existing = known && (known.user.flat ? { id: known.user.id, flat: known.user.flat } : await scim.getUser(known.user.id).then((u) => u && listedUserOf(u)));
    if (existing) return adopt(action, existing);
    try {
      const created = await scim.createUser(action.attributes);
      remember(action.jumpcloudId, created.id, action.attributes, action.source);
      counts.created++;
      return createdWith(action.attributes);
    } catch (e) {
      if (!(e instanceof ScimError && e.kind === 'conflict')) throw e;
      const existing = await findInDirectory(scim, action.jumpcloudId, action.userName);
      if (!existing) throw e;
      return adopt(action, existing);
    }
  }

  async function update(planned: Extract<UserAction, { kind: 'update' | 'deactivate' }>) {
    const action = { ...planned, after: withManager(planned.jumpcloudId, planned.after) };
    try {
      if (deps.target.patch) await scim.patchUser(action.scimId, diff(action.before, action.after));
      else await scim.replaceUser(action.scimId, action.after);
      remember(action.jumpcloudId, action.scimId, action.after, action.source);
    } catch (e) {
      // Removed from the target by someone else: put it back, unless we were deactivating it anyway.
      if (!(e instanceof ScimError && e.kind === 'not-found')) throw e;
      if (action.kind === 'deactivate') {
        snapshot.delete(action.jumpcloudId);
        return { reason: 'already gone from the directory' };
      }
      const created = await scim.createUser(action.after);
      remember(action.jumpcloudId, created.id, action.after, action.source);
      counts.created++;
      return { reason: 'was missing from the directory: created again', changed: action.changed, ...createdWith(action.after) };
    }
    if (action.kind === 'deactivate') counts.deactivated++;
    else counts.updated++;
    return { ...changesOf(action.before, action.after, action.changed), ...(action.reason ? { reason: action.reason } : {}) };
  }

  const users = plan.actions.filter((a): a is Extract<UserAction, { kind: 'create' | 'update' }> => a.kind === 'create' || a.kind === 'update');
  const removals = plan.actions.filter((a): a is Extract<UserAction, { kind: 'deactivate' | 'delete' }> => a.kind === 'deactivate' || a.kind === 'delete');

  for (const wave of managerWaves(users, managerOf)) {
    await forEachInPool(wave, deps.pool, (a) => step(a, a.kind, () => (a.kind === 'create' ? create(a) : update(a))), deps.signal);
  }

  // Second pass, for the few a reporting cycle left without their manager's target id. The
  // managers already linked in their wave count as done, so progress still reaches its total.
  const unlinked = plan.pendingManagers.filter((p) => managerOf.has(p.jumpcloudId));
  done += plan.pendingManagers.length - unlinked.length;
  deps.onProgress?.(done, total);
  await forEachInPool(
    unlinked,
    deps.pool,
    (pending) => {
      const entry = snapshot.get(pending.jumpcloudId);
      const manager = snapshot.get(pending.managerJumpcloudId);
      const userName = String(entry?.pushed.userName ?? pending.jumpcloudId);
      return step({ jumpcloudId: pending.jumpcloudId, userName }, 'manager', async () => {
        if (!entry || !manager) return { reason: 'user or manager was not created; Reporting To left empty' };
        const after = { ...(entry.pushed as FlatUser), [MANAGER_PATH]: manager.scimId };
        await scim.patchUser(entry.scimId, diff(entry.pushed as FlatUser, after));
        // Only the manager changes, which every run resolves afresh: the mark still holds.
        remember(pending.jumpcloudId, entry.scimId, after, entry.source);
        return changesOf(entry.pushed as FlatUser, after, [MANAGER_PATH]);
      });
    },
    deps.signal,
  );

  for (const a of plan.renames.held) {
    counts.held++;
    recorder.add({ jumpcloudId: a.jumpcloudId, userName: a.userName, action: 'update', result: 'held', ...changesOf(a.before, a.after, a.changed), reason: plan.renames.reason });
  }
  if (removalsHeld) {
    for (const a of removals) {
      counts.held++;
      recorder.add({
        jumpcloudId: a.jumpcloudId,
        userName: a.userName,
        action: a.kind,
        result: 'held',
        ...(a.kind === 'deactivate' ? changesOf(a.before, a.after, a.changed) : {}),
        reason: plan.removals.reason,
      });
    }
    done += removals.length;
    deps.onProgress?.(done, total);
  } else {
    await forEachInPool(
      removals,
      deps.pool,
      (a) =>
        step(a, a.kind, async () => {
          if (a.kind === 'deactivate') return update(a);
          if (a.kind !== 'delete') return;
          await scim.deleteUser(a.scimId);
          snapshot.delete(a.jumpcloudId);
          counts.deleted++;
          return { reason: a.reason };
        }),
      deps.signal,
    );
  }

  for (const group of plan.groups) await step({ jumpcloudId: group.jumpcloudId, userName: group.displayName }, 'group', () => applyGroup(group));
  for (const released of plan.releasedGroups) snapshot.delete(groupKey(released));

  /**
   * The directory's group for this JumpCloud group: one already there (by externalId, then name)
   * is linked, else one is created. A create whose answer was lost and was sent again meets its
   * own group (409): that group is looked up and linked, as a user is.
   */
  async function linkOrCreate(group: GroupAction): Promise<{ scimId: string; linked: boolean }> {
    const existing = async () => (await scim.findGroup('externalId', group.jumpcloudId)) ?? (await scim.findGroup('displayName', group.displayName));
    const found = await existing();
    if (found) return { scimId: found.id, linked: true };
    try {
      return { scimId: (await scim.createGroup({ displayName: group.displayName, externalId: group.jumpcloudId })).id, linked: false };
    } catch (e) {
      if (!(e instanceof ScimError && e.kind === 'conflict')) throw e;
      const mine = await existing();
      if (!mine) throw e;
      return { scimId: mine.id, linked: true };
    }
  }

  async function applyGroup(group: GroupAction): Promise<Partial<Outcome>> {
    const previous = snapshot.get(groupKey(group.jumpcloudId));
    const members = new Set((previous?.pushed.members as string[] | undefined) ?? []);
    const toScim = (ids: Iterable<string>) => [...ids].flatMap((id) => {
      const s = snapshot.get(id)?.scimId;
      return s ? [[id, s] as const] : [];
    });
    let scimId = group.scimId;
    let linked = false;
    let recreated = false;
    if (!scimId) ({ scimId, linked } = await linkOrCreate(group));
    let add = toScim(group.add);
    let remove = toScim(group.remove);
    try {
      if (group.rename) await scim.renameGroup(scimId, group.displayName);
      await scim.patchGroupMembers(scimId, add.map(([, s]) => s), remove.map(([, s]) => s));
    } catch (e) {
      // Deleted in the directory by someone else: made again, with everyone it should hold.
      if (!(e instanceof ScimError && e.kind === 'not-found' && group.scimId)) throw e;
      ({ scimId, linked } = await linkOrCreate(group));
      recreated = true;
      for (const id of group.remove) members.delete(id);
      add = toScim(new Set([...members, ...group.add]));
      remove = [];
      members.clear();
      await scim.patchGroupMembers(scimId, add.map(([, s]) => s), []);
    }
    for (const [id] of add) members.add(id);
    for (const id of group.remove) members.delete(id);
    snapshot.put({ jumpcloudId: groupKey(group.jumpcloudId), scimId, pushed: { displayName: group.displayName, members: [...members] }, updatedAt: world.now() });
    if (linked) counts.groupsLinked++;
    else if (recreated || !group.scimId) counts.groupsCreated++;
    counts.membersAdded += add.length;
    counts.membersRemoved += remove.length;
    return {
      reason: recreated
        ? 'was missing from the directory: created again with its members'
        : linked
          ? 'a group of that name was already in the directory: linked, not duplicated'
          : undefined,
      changed: [`+${add.length} members`, `-${remove.length} members`],
    };
  }

  await snapshot.flush();
  if (stop) throw stop;
}
