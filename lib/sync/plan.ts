// The plan: a pure function of (what JumpCloud holds, the config, what was last pushed, what the
// target declares). It is the preview, the dry run and the audit record; applying it is separate.
import type { Config } from '../config/schema';
import { planMapping } from '../mapping/map-user';
import { MANAGER_PATH } from '../mapping/zoho-to-scim';
import type { FlatUser } from '../scim/flat-user';
import type { SnapshotEntry } from '../store/records';
import { groupKey, groupIdOf, isGroupKey, userEntries } from './snapshot-keys';
import { removalThreshold, type Approval } from './threshold';
import { notificationWarning } from './notices';
import type { SourceMark } from '../store/records';
import type { PreparedMapping } from './prepare';
import type { GroupAction, PendingManager, Plan, SkippedUser, SourceData, TargetCapabilities, UserAction } from './types';

export type { TargetCapabilities };

export interface PlanOptions {
  /** The removals the admin confirmed (those one held run recorded): only these pass the threshold. */
  approval?: Approval;
  /** Reconciling: the attribute paths changed by hand in the directory, per JumpCloud id. */
  drift?: ReadonlyMap<string, readonly string[]>;
  /** JumpCloud ids the plan must not act on (two directory users claim them): no action, and reports keep them as manager. */
  untouchable?: ReadonlySet<string>;
}

const sameValue = (a: unknown, b: unknown) => a === b;
/** The attributes a user signs in to Zoho with. */
export const signsInBy = (path: string) => path === 'userName' || /^emails\[type eq "work"\]\.value$/i.test(path);

/** `form` with `path` set to `value` (or removed, for undefined): copied only when that changes it, so 100,000 unchanged users are not held twice. */
function withValue(form: FlatUser, path: string, value: string | boolean | undefined): FlatUser {
  if (form[path] === value && (value !== undefined || !(path in form))) return form;
  const copy = { ...form };
  if (value === undefined) delete copy[path];
  else copy[path] = value;
  return copy;
}

export function changedPaths(before: FlatUser, after: FlatUser): string[] {
  // A carried user's form is its entry's (lib/sync/carry.ts).
  if (before === after) return [];
  // Nearly every user of a re-sync is unchanged: that is answered without building the set of paths.
  const afterPaths = Object.keys(after);
  if (afterPaths.length === Object.keys(before).length && afterPaths.every((p) => p in before && sameValue(before[p], after[p]))) return [];
  const paths = new Set([...Object.keys(before), ...afterPaths]);
  return [...paths].filter((p) => !sameValue(before[p], after[p])).sort();
}

const sourceOf = (mapped: { source?: SourceMark }) => (mapped.source ? { source: mapped.source } : {});

export function plan(
  source: SourceData,
  config: Config,
  snapshot: ReadonlyMap<string, SnapshotEntry>,
  target: TargetCapabilities,
  options: PlanOptions = {},
): Plan {
  const { settings } = config;
  const warnings: string[] = [];
  const skipped: SkippedUser[] = [];
  const actions: UserAction[] = [];
  const pendingManagers: PendingManager[] = [];
  let unchanged = 0;
  const marked: SnapshotEntry[] = [];

  const { unsupported } = planMapping(config.mapping, target.supports, target.customAttribute);
  if (unsupported.length) {
    warnings.push(`The target does not declare these attributes, so they are not sent: ${unsupported.join('; ')}.`);
  }

  // Users in scope, each email once; out-of-scope ones are kept only to explain them.
  const desired = new Map<string, PreparedMapping>();
  const seenUserNames = new Map<string, string>();
  const excluded = new Map<string, string>();
  for (const user of source.users) {
    if (!user.verdict.included) {
      excluded.set(user.id, user.verdict.reason);
      continue;
    }
    const mapped = user.mapped!;
    if (!mapped.userName) {
      skipped.push({ jumpcloudId: user.id, userName: user.label, reason: 'no email address to sign in with: Zoho Directory needs one' });
      continue;
    }
    const holder = seenUserNames.get(mapped.userName);
    if (holder) {
      skipped.push({ jumpcloudId: user.id, userName: mapped.userName, reason: `same email as JumpCloud user ${holder}; Zoho Directory needs it unique` });
      continue;
    }
    seenUserNames.set(mapped.userName, user.id);
    desired.set(user.id, mapped);
  }
  if (!settings.resourceSync.users) {
    warnings.push('Resource sync for users is off: users are not created or changed, only group membership of users already synced.');
  }

  // A custom attribute that no user in scope has would silently blank a Zoho field: say so.
  const attributeNames = [
    ...Object.values(config.mapping.fields),
    ...config.mapping.customFields.map((f) => f.source),
  ].flatMap((s) => (s.from === 'attribute' ? [s.name] : []));
  for (const name of new Set(attributeNames)) {
    if (!source.attributesSeen.has(name)) {
      warnings.push(`No user in scope has the JumpCloud custom attribute "${name}" (names are case-sensitive); the Zoho field mapped to it stays empty.`);
    }
  }

  // Managers: by JumpCloud id, or by email when the mapping takes "Reporting To" from elsewhere.
  const idByEmail = new Map<string, string>();
  const managerIdOf = (ref: string): string | undefined => {
    if (desired.has(ref) || snapshot.has(ref)) return ref;
    // A sign-in name is an email: a reference without "@" (a JumpCloud id out of scope) names no
    // one by it, and does not cost an index of everyone's.
    if (!ref.includes('@')) return undefined;
    if (idByEmail.size === 0) for (const [id, m] of desired) idByEmail.set(m.userName, id);
    return idByEmail.get(ref.trim().toLowerCase());
  };
  let managersOutOfScope = 0;

  const statusMirrored = settings.statusSync.mode === 'mirror';
  /** Users in scope who have an entry: when that is every user entry, no one synced before has left. */
  let stayed = 0;
  if (settings.resourceSync.users) {
    for (const [id, mapped] of desired) {
      if (options.untouchable?.has(id)) {
        if (snapshot.has(id)) stayed++;
        continue;
      }
      // The mapped form of an unchanged user is also the snapshot's and carries the manager
      // pushed last time (lib/sync/snapshot-load.ts): the manager is resolved and set here anyway.
      let managerScimId: string | undefined;
      if (mapped.managerJumpcloudId) {
        const managerId = managerIdOf(mapped.managerJumpcloudId);
        managerScimId = managerId ? snapshot.get(managerId)?.scimId : undefined;
        // A manager the plan may not touch stays as the directory has it.
        if (managerId && options.untouchable?.has(managerId)) managerScimId = snapshot.get(id)?.pushed[MANAGER_PATH] as string | undefined;
        else if (!managerScimId) {
          if (managerId && desired.has(managerId)) pendingManagers.push({ jumpcloudId: id, managerJumpcloudId: managerId });
          else managersOutOfScope++;
        }
      }
      let after = withValue(mapped.attributes, MANAGER_PATH, managerScimId);
      const previous = snapshot.get(id);
      if (!previous) {
        actions.push({ kind: 'create', jumpcloudId: id, userName: mapped.userName, attributes: after, ...sourceOf(mapped) });
        continue;
      }
      stayed++;
      const before = previous.pushed as FlatUser;
      // Status sync "do nothing": the target keeps whatever status it has.
      if (!statusMirrored) after = withValue(after, 'active', before.active ?? true);
      const changed = changedPaths(before, after);
      if (changed.length === 0) {
        unchanged++;
        if (mapped.source && previous.source?.mark !== mapped.source.mark) marked.push({ ...previous, source: mapped.source });
        continue;
      }
      const deactivating = after.active === false && before.active !== false;
      const drifted = options.drift?.get(id)?.filter((p) => changed.includes(p));
      actions.push({
        kind: deactivating ? 'deactivate' : 'update',
        jumpcloudId: id,
        userName: mapped.userName,
        scimId: previous.scimId,
        before,
        after,
        changed,
        ...sourceOf(mapped),
        ...(deactivating
          ? { reason: 'suspended in JumpCloud' }
          : drifted?.length
            ? { reason: `drift: changed by hand in the directory (${drifted.join(', ')}); put back` }
            : {}),
      });
    }
    if (managersOutOfScope) {
      warnings.push(`${managersOutOfScope} users report to a manager who is not synced; their "Reporting To" is left empty.`);
    }
  }

  // Users pushed before who are gone from JumpCloud or out of scope now: looked for only when
  // someone may be removed and not every entry is of a user in scope.
  const syncedUsers = userEntries(snapshot);
  const someoneLeft = source.complete && statusMirrored && settings.resourceSync.users && stayed < syncedUsers;
  if (someoneLeft) {
    const inSource = new Set(source.users.map((u) => u.id));
    for (const [key, entry] of snapshot) {
      if (isGroupKey(key) || desired.has(key) || options.untouchable?.has(key)) continue;
      const before = entry.pushed as FlatUser;
      const userName = typeof before.userName === 'string' ? before.userName : key;
      const gone = !inSource.has(key);
      const reason = gone ? 'deleted in JumpCloud' : `no longer in scope: ${excluded.get(key) ?? 'excluded'}`;
      if (gone && settings.statusSync.onDelete === 'delete') {
        actions.push({ kind: 'delete', jumpcloudId: key, userName, scimId: entry.scimId, reason });
      } else if (before.active !== false) {
        actions.push({ kind: 'deactivate', jumpcloudId: key, userName, scimId: entry.scimId, before, after: { ...before, active: false }, changed: ['active'], reason });
      }
    }
  }
  if (!source.complete) {
    warnings.push('JumpCloud could not be read completely, so no user is deactivated or deleted in this run.');
  }

  const removed = actions.filter((a) => a.kind === 'deactivate' || a.kind === 'delete').map((a) => a.jumpcloudId);
  const removals = removed.length;
  const threshold = removalThreshold(removed, syncedUsers, config.safety, options.approval);

  // A mapping change can rename everyone's sign-in at once: held like removals, the rest goes on.
  // A rename replaces a value the user signed in with; setting one that was missing is not.
  const renaming = actions.filter(
    (a): a is Extract<UserAction, { kind: 'update' }> =>
      a.kind === 'update' && a.changed.some((p) => signsInBy(p) && typeof a.before[p] === 'string' && a.before[p] !== ''),
  );
  const renameHold = removalThreshold(renaming.map((a) => a.jumpcloudId), syncedUsers, config.safety, options.approval, 'renames');
  if (renameHold.blocked) {
    const held = new Set<UserAction>(renaming);
    actions.splice(0, actions.length, ...actions.filter((a) => !held.has(a)));
  }

  // Groups.
  const groups: GroupAction[] = [];
  const releasedGroups: string[] = [];
  if (settings.resourceSync.groups) {
    const pushedOrPlanned = (id: string) =>
      (settings.resourceSync.users && desired.has(id)) || (!settings.resourceSync.users && snapshot.has(id));
    const selected = new Set(settings.resourceSync.groupIds);
    // Taking someone out of a group is a removal too: not while removals are held, nor on a read
    // that may have missed them (the users' or the group's own).
    const mayRemove = (groupId: string) => !threshold.blocked && source.complete && !source.unprovenGroups.has(groupId);
    let heldMemberships = 0;
    for (const group of source.groups.filter((g) => selected.has(g.id))) {
      const want = new Set((source.groupMembers.get(group.id) ?? []).filter(pushedOrPlanned));
      const previous = snapshot.get(groupKey(group.id));
      const had = new Set(((previous?.pushed.members as string[] | undefined) ?? []).filter(Boolean));
      const add = [...want].filter((m) => !had.has(m));
      const leaving = [...had].filter((m) => !want.has(m));
      const remove = mayRemove(group.id) ? leaving : [];
      heldMemberships += leaving.length - remove.length;
      if (source.unprovenGroups.has(group.id)) {
        warnings.push(`The members of JumpCloud group "${group.name}" could not be read completely, so no one is taken out of it in this run.`);
      }
      const rename = !!previous && previous.pushed.displayName !== group.name;
      if (!previous || rename || add.length || remove.length) {
        groups.push({ jumpcloudId: group.id, displayName: group.name, ...(previous ? { scimId: previous.scimId } : {}), rename, add, remove });
      }
    }
    if (heldMemberships && threshold.blocked) {
      warnings.push(`${heldMemberships} group memberships would end: they wait, with the removals, for your confirmation.`);
    }
    for (const id of selected) {
      if (!source.groups.some((g) => g.id === id)) warnings.push(`The selected JumpCloud group ${id} no longer exists; it is skipped.`);
    }
    for (const key of snapshot.keys()) {
      if (isGroupKey(key) && !selected.has(groupIdOf(key))) releasedGroups.push(groupIdOf(key));
    }
    if (releasedGroups.length) {
      warnings.push(`${releasedGroups.length} groups are no longer selected: they stop syncing and stay as they are in the directory.`);
    }
  }

  // Staged users and users outside the criteria who were never pushed: say why they are left out.
  for (const user of excluded.size ? source.users : []) {
    const reason = excluded.get(user.id);
    if (reason && !snapshot.has(user.id)) skipped.push({ jumpcloudId: user.id, userName: user.label, reason });
  }

  const notificationNote = notificationWarning(config, actions.filter((a) => a.kind === 'create').length);
  if (notificationNote) warnings.push(notificationNote);

  return {
    actions,
    pendingManagers,
    unchanged,
    marked,
    skipped,
    groups,
    releasedGroups,
    warnings,
    removals: { count: removals, synced: syncedUsers, ...threshold },
    renames: { held: renameHold.blocked ? renaming : [], ...renameHold },
  };
}
