// The fake JumpCloud tenant (JumpCloudDirectory): users and groups kept in id order, plus the mutation API tests use to change the directory mid-sync.
import { MemberGraph } from './graph.js';
import { hex, isObjectId, ObjectIdMinter } from './ids.js';
import type { GraphReach, GroupPatch, MemberType, SystemUser, UserGroup, UserPatch, UserState } from './model.js';
import { baseGroup, baseUser, stateFlags } from './records.js';

function pick<T extends object, K extends keyof T>(obj: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

export class JumpCloudDirectory {
  readonly orgId: string;
  orgName: string;
  /** Sorted by _id, so sort=_id paging is a slice. */
  readonly users: SystemUser[] = [];
  readonly usersById = new Map<string, SystemUser>();
  /** Sorted by id. */
  readonly groups: UserGroup[] = [];
  readonly groupsById = new Map<string, UserGroup>();
  /** Labels of the deliberately awkward users and structural groups → their ids. */
  readonly special = { users: new Map<string, string>(), groups: new Map<string, string>() };
  /** Bumped by every mutation; servers key their caches on it. */
  version = 0;

  private readonly ids: ObjectIdMinter;
  private readonly graph = new MemberGraph(this);

  constructor(orgId: string, orgName: string, idSalt: string, startSeconds: number) {
    if (!isObjectId(orgId)) throw new Error(`orgId must be 24 hex characters: ${orgId}`);
    this.orgId = orgId;
    this.orgName = orgName;
    this.ids = new ObjectIdMinter(idSalt, startSeconds);
  }

  /** A new ObjectId-like id (see ObjectIdMinter); `seconds` defaults to just after the latest one. */
  newId(seconds?: number): string {
    return this.ids.next(seconds);
  }

  private touch(): void {
    this.version += 1;
  }

  // ---- users ----

  getUser(id: string): SystemUser | undefined {
    return this.usersById.get(id);
  }

  /** Inserts without validation; used by the generator, which guarantees sorted, unique input. */
  pushGenerated(user: SystemUser): void {
    this.users.push(user);
    this.usersById.set(user._id, user);
  }

  private assertUnique(user: Pick<SystemUser, 'username' | 'email' | 'employeeIdentifier'>, except?: string): void {
    const email = user.email.toLowerCase();
    for (const u of this.users) {
      if (u._id === except) continue;
      if (u.username === user.username) throw new Error(`username already exists: ${user.username}`);
      if (u.email.toLowerCase() === email) throw new Error(`email already exists: ${user.email}`);
      if (user.employeeIdentifier && u.employeeIdentifier === user.employeeIdentifier) {
        throw new Error(`employeeIdentifier already exists: ${user.employeeIdentifier}`);
      }
    }
  }

  /** Adds a user (ACTIVATED unless `state` says otherwise). Pass `_id` to place it anywhere in id order. */
  addUser(init: UserPatch & { _id?: string } = {}): SystemUser {
    const { _id, ...patch } = init;
    if (_id !== undefined && (!isObjectId(_id) || this.usersById.has(_id))) throw new Error(`bad or duplicate _id: ${_id}`);
    const id = _id ?? this.newId();
    const n = this.ids.count;
    const username = patch.username ?? `new.user${n}`;
    const state = patch.state ?? 'ACTIVATED';
    const created = new Date(parseInt(id.slice(0, 8), 16) * 1000).toISOString();
    const user: SystemUser = {
      ...baseUser(id, this.orgId, created, 100000 + n),
      username,
      email: `${username}@example.com`,
      employeeIdentifier: `N${hex(n, 6)}`,
      ...patch,
      ...stateFlags(state),
      state,
    };
    this.assertUnique(user);
    this.users.splice(this.insertionIndex(id), 0, user);
    this.usersById.set(id, user);
    this.touch();
    return user;
  }

  private insertionIndex(id: string): number {
    let lo = 0;
    let hi = this.users.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.users[mid]!._id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Replaces top-level fields. Setting `state` also sets activated/suspended unless the patch gives them. */
  updateUser(id: string, patch: UserPatch): SystemUser {
    const user = this.usersById.get(id);
    if (!user) throw new Error(`no such user: ${id}`);
    if ('_id' in patch || 'organization' in patch) throw new Error('_id and organization cannot change');
    const next = { ...user, ...patch };
    if (patch.state) Object.assign(next, stateFlags(patch.state), pick(patch, 'activated', 'suspended'));
    if (patch.username !== undefined || patch.email !== undefined || patch.employeeIdentifier !== undefined) {
      this.assertUnique(next, id);
    }
    Object.assign(user, next);
    this.touch();
    return user;
  }

  setState(id: string, state: UserState): SystemUser {
    return this.updateUser(id, { state });
  }

  /** Removes the user and its group edges. Users it managed keep a dangling `manager`, as after a plain delete. */
  removeUser(id: string): boolean {
    if (!this.usersById.delete(id)) return false;
    this.users.splice(this.insertionIndex(id), 1);
    this.graph.removeUser(id);
    this.touch();
    return true;
  }

  // ---- groups ----

  getGroup(id: string): UserGroup | undefined {
    return this.groupsById.get(id);
  }

  addGroup(init: Partial<Omit<UserGroup, 'type' | 'organizationObjectId'>> = {}): UserGroup {
    const { id: given, ...patch } = init;
    if (given !== undefined && (!isObjectId(given) || this.groupsById.has(given))) throw new Error(`bad or duplicate id: ${given}`);
    const id = given ?? this.newId();
    const group: UserGroup = {
      ...baseGroup(id, this.orgId),
      name: `Group ${id.slice(-6)}`,
      ...patch,
      type: 'user_group',
    };
    let i = this.groups.findIndex((g) => g.id > id);
    if (i < 0) i = this.groups.length;
    this.groups.splice(i, 0, group);
    this.groupsById.set(id, group);
    this.graph.addGroup(id);
    this.touch();
    return group;
  }

  updateGroup(id: string, patch: GroupPatch): UserGroup {
    const group = this.groupsById.get(id);
    if (!group) throw new Error(`no such group: ${id}`);
    Object.assign(group, patch);
    this.touch();
    return group;
  }

  /** Removes the group, its edges, and every edge that nests it in another group. */
  removeGroup(id: string): boolean {
    if (!this.groupsById.delete(id)) return false;
    this.groups.splice(this.groups.findIndex((g) => g.id === id), 1);
    this.graph.removeGroup(id);
    this.touch();
    return true;
  }

  // ---- membership (the graph does the work; the directory validates and versions) ----

  private typeOf(memberId: string): MemberType {
    if (this.usersById.has(memberId)) return 'user';
    if (this.groupsById.has(memberId)) return 'user_group';
    throw new Error(`no such user or group: ${memberId}`);
  }

  /** Adds a direct edge. A group id as member nests that group (JumpCloud's user_group member edge). */
  addMember(groupId: string, memberId: string): boolean {
    this.graph.requireGroup(groupId);
    const type = this.typeOf(memberId);
    if (memberId === groupId) throw new Error('a group cannot contain itself directly');
    if (!this.graph.add(groupId, memberId, type)) return false;
    this.touch();
    return true;
  }

  removeMember(groupId: string, memberId: string): boolean {
    const removed = this.graph.remove(groupId, memberId);
    if (removed) this.touch();
    return removed;
  }

  /** Direct edges: users first (in insertion order), then nested groups. Cached until the next change. */
  directMembers(groupId: string): readonly { id: string; type: MemberType }[] {
    return this.graph.directMembers(groupId);
  }

  directMemberCount(groupId: string): number {
    return this.graph.directMemberCount(groupId);
  }

  /** Every user in the group, directly or through nested groups, each once, sorted by id (see MemberGraph). */
  membership(groupId: string): GraphReach[] {
    return this.graph.membership(groupId);
  }

  /** Every group the user is in, directly or through nesting, each once, sorted by id (see MemberGraph). */
  memberOf(userId: string): GraphReach[] {
    if (!this.usersById.has(userId)) throw new Error(`no such user: ${userId}`);
    return this.graph.memberOf(userId);
  }
}
