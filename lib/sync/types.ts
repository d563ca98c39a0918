// The shapes that flow through a sync: what was read, what the plan says, what a run recorded.
import type { JumpCloudGroup } from '../jumpcloud/schemas';
import type { FlatUser } from '../scim/flat-user';
import type { PreparedUser } from './prepare';
import type { SnapshotEntry, SourceMark } from '../store/records';

/** What the target declares, as far as the plan needs it. */
export interface TargetCapabilities {
  supports(path: string): boolean;
  customAttribute(name: string): string | undefined;
}

export interface SourceData {
  /** Every user read, prepared (lib/sync/prepare.ts), sorted by id. */
  users: PreparedUser[];
  /** Custom attribute names the mapping uses that some user in scope has. */
  attributesSeen: ReadonlySet<string>;
  /** The groups the config refers to (criteria and group sync), with their resolved members. */
  groups: JumpCloudGroup[];
  groupMembers: ReadonlyMap<string, readonly string[]>;
  /** Groups whose member list could not be proven whole: no one is taken out of them this run. */
  unprovenGroups: ReadonlySet<string>;
  /**
   * False when the read may have missed users. The planner then removes no one: a failed or
   * partial read of JumpCloud never leads to a deactivation or deletion.
   */
  complete: boolean;
}

interface Subject {
  jumpcloudId: string;
  userName: string;
}

interface Change extends Subject {
  scimId: string;
  before: FlatUser;
  after: FlatUser;
  changed: string[];
  reason?: string;
  /** What `after` was mapped from, remembered with it (lib/sync/carry.ts). */
  source?: SourceMark;
}

export type UserAction =
  | (Subject & { kind: 'create'; attributes: FlatUser; source?: SourceMark })
  | (Change & { kind: 'update' })
  | (Change & { kind: 'deactivate' })
  | (Subject & { kind: 'delete'; scimId: string; reason: string });

export interface SkippedUser extends Subject {
  reason: string;
}

/** A manager that exists in the target only after this run creates it: linked in a second pass. */
export interface PendingManager {
  jumpcloudId: string;
  managerJumpcloudId: string;
}

export interface GroupAction {
  jumpcloudId: string;
  displayName: string;
  /** Known when the group was pushed before. */
  scimId?: string;
  rename: boolean;
  /** JumpCloud user ids to add to and remove from the target group. */
  add: string[];
  remove: string[];
}

export interface NewUserNotice {
  userName: string;
  domainVerified: boolean;
  /** Who Zoho would send the first-sign-in OTP to, under the configured notification settings. */
  notified: 'user' | 'admin' | 'nobody';
}

export interface Plan {
  actions: UserAction[];
  pendingManagers: PendingManager[];
  unchanged: number;
  /** Unchanged users whose entries are to remember the record they were just mapped from (lib/sync/carry.ts). */
  marked: SnapshotEntry[];
  skipped: SkippedUser[];
  groups: GroupAction[];
  /** Groups pushed before and no longer selected: left as they are in the target. */
  releasedGroups: string[];
  warnings: string[];
  removals: { count: number; synced: number; blocked: boolean; reason?: string };
  /** Updates that change a userName or primary email, held beyond the same threshold (out of `actions`). */
  renames: { held: Extract<UserAction, { kind: 'update' }>[]; blocked: boolean; reason?: string };
}
