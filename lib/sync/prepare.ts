// Each JumpCloud user, as the plan needs them: in scope or not (and why), and mapped to the target's
// form. Done as the pages arrive, so the raw records never pile up: at 100,000 users they would
// take most of the engine's memory. Pure, like the plan it feeds.
import type { Config } from '../config/schema';
import { compileCriteria, type CriteriaResult } from '../criteria/evaluate';
import type { JumpCloudGroup, JumpCloudUser } from '../jumpcloud/schemas';
import { mapUser, planMapping, type MappedUser } from '../mapping/map-user';
import type { TargetCapabilities } from './types';
import type { SnapshotEntry, SourceMark } from '../store/records';
import { carriedUser, mappingMark, markOf } from './carry';

export interface PreparedUser {
  id: string;
  /** How messages name the user: the email, else the username. */
  label: string;
  verdict: CriteriaResult;
  /** Set when the user is in scope; `source` when its record's mark is known (lib/sync/carry.ts). */
  mapped?: PreparedMapping;
}

/** A user's mapped form, with what it was mapped from when that is known (lib/sync/carry.ts). */
export type PreparedMapping = MappedUser & { source?: SourceMark };

export interface Preparer {
  /** `fingerprint`: of the record as sent (lib/jumpcloud/page-scan.ts), when known. */
  prepare(user: JumpCloudUser, fingerprint?: string): PreparedUser;
  /** The user as `entry` has it, when the entry was mapped from a record with this fingerprint under this mapping; else undefined. */
  carry(entry: SnapshotEntry | undefined, fingerprint: string): PreparedUser | undefined;
  /** Custom attribute names the mapping uses that at least one user in scope has. */
  attributesSeen: Set<string>;
}

export function createPreparer(
  config: Config,
  target: TargetCapabilities,
  groups: readonly JumpCloudGroup[],
  groupMembers: ReadonlyMap<string, readonly string[]>,
): Preparer {
  const { plan: mapping } = planMapping(config.mapping, target.supports, target.customAttribute);
  const groupNames = new Map(groups.map((g) => [g.id, g.name]));
  const inScope = compileCriteria(config.settings.criteria, { groupNames: (id) => groupNames.get(id) });
  const groupsOf = new Map<string, Set<string>>();
  for (const [groupId, members] of groupMembers) {
    for (const userId of members) {
      let set = groupsOf.get(userId);
      if (!set) groupsOf.set(userId, (set = new Set()));
      set.add(groupId);
    }
  }
  const noGroups: ReadonlySet<string> = new Set();
  const attributeNames = new Set(
    [...Object.values(config.mapping.fields), ...config.mapping.customFields.map((f) => f.source)].flatMap((s) =>
      s.from === 'attribute' ? [s.name] : [],
    ),
  );
  const attributesSeen = new Set<string>();
  const mark = mappingMark(config, mapping);

  return {
    attributesSeen,
    prepare(user, fingerprint) {
      const verdict = inScope(user, groupsOf.get(user._id) ?? noGroups);
      const label = user.email || user.username;
      if (!verdict.included) return { id: user._id, label, verdict };
      let seen: string[] | undefined;
      for (const a of user.attributes) {
        if (!attributeNames.has(a.name)) continue;
        attributesSeen.add(a.name);
        (seen ??= []).push(a.name);
      }
      const mapped: PreparedMapping = mapUser(user, mapping);
      if (mark !== undefined && fingerprint !== undefined) {
        const { managerJumpcloudId: manager } = mapped;
        mapped.source = { mark: markOf(mark, fingerprint), ...(manager ? { manager } : {}), ...(seen ? { seen } : {}) };
      }
      return { id: user._id, label, verdict, mapped };
    },
    carry(entry, fingerprint) {
      const user = mark === undefined ? undefined : carriedUser(entry, mark, fingerprint);
      for (const name of user?.mapped?.source?.seen ?? []) attributesSeen.add(name);
      return user;
    },
  };
}
