// The in-memory SCIM directory (ScimStore): Users and Groups answered from indexes, so 100,000 users answer `userName eq "…"` as fast as ten; knows nothing of HTTP.
import { randomUUID } from 'node:crypto';
import { MemberIndex, resolveMembers } from './group-members.js';
import { cleanGroupInput, cleanUserInput } from './input.js';
import type { GroupInput, GroupMember, GroupRecord, UserInput, UserRecord } from './records.js';
import { ResourceIndex } from './resource-index.js';
import { ScimStoreError } from './store-error.js';

export interface ScimStoreOptions {
  /** Prefix for `meta.location`, e.g. "https://directory.zoho.com/api/v1/scim". Default "". */
  locationBase?: string;
  /** Clock, for tests. */
  now?: () => Date;
}

export class ScimStore {
  locationBase: string;
  private readonly now: () => Date;

  private readonly users = new ResourceIndex<UserRecord>((u) => u.userName);
  private readonly groups = new ResourceIndex<GroupRecord>((g) => g.displayName);
  /** Group membership is a Map per group (GroupRecord.members); this is the reverse direction. */
  private readonly memberOf = new MemberIndex();

  constructor(options: ScimStoreOptions = {}) {
    this.locationBase = options.locationBase ?? '';
    this.now = options.now ?? (() => new Date());
  }

  // ---------------------------------------------------------------- users

  get userCount(): number {
    return this.users.size;
  }

  getUser(id: string): UserRecord | undefined {
    return this.users.get(id);
  }

  /** Case-insensitive, as RFC 7643 makes userName (caseExact false). */
  findUserByUserName(userName: string): UserRecord | undefined {
    return this.users.findByName(userName);
  }

  /** Exact match (externalId is caseExact). externalId is not unique, so this can return several. */
  findUsersByExternalId(externalId: string): UserRecord[] {
    return this.users.findByExternalId(externalId);
  }

  /** Users in creation order. */
  listUsers(): UserRecord[] {
    return this.users.list();
  }

  createUser(input: UserInput, options: { id?: string } = {}): UserRecord {
    const data = cleanUserInput(input);
    if (this.users.nameInUse(data.userName)) {
      throw new ScimStoreError(409, 'uniqueness', `userName "${data.userName}" is already in use`);
    }
    const id = this.newId(options.id);
    const stamp = this.now().toISOString();
    const record: UserRecord = {
      ...data,
      id,
      meta: { resourceType: 'User', created: stamp, lastModified: stamp, location: `${this.locationBase}/Users/${id}` },
    };
    this.users.add(record);
    return record;
  }

  /** Replaces every client-settable attribute (PUT semantics). */
  replaceUser(id: string, input: UserInput): UserRecord {
    const existing = this.users.get(id);
    if (!existing) throw new ScimStoreError(404, null, `User ${id} not found`);
    const data = cleanUserInput(input);
    if (data.userName.toLowerCase() !== existing.userName.toLowerCase() && this.users.nameInUse(data.userName)) {
      throw new ScimStoreError(409, 'uniqueness', `userName "${data.userName}" is already in use`);
    }
    const record: UserRecord = {
      ...data,
      id,
      meta: { ...existing.meta, lastModified: this.now().toISOString() },
    };
    this.users.update(this.users.keysOf(existing), record);
    return record;
  }

  /** Deletes a user and takes it out of every group it belonged to. */
  deleteUser(id: string): boolean {
    const existing = this.users.get(id);
    if (!existing) return false;
    this.users.remove(existing);
    this.detachMember(id);
    return true;
  }

  // --------------------------------------------------------------- groups

  get groupCount(): number {
    return this.groups.size;
  }

  getGroup(id: string): GroupRecord | undefined {
    return this.groups.get(id);
  }

  /** Case-insensitive, as RFC 7643 makes a group's displayName (caseExact false). */
  findGroupByDisplayName(displayName: string): GroupRecord | undefined {
    return this.groups.findByName(displayName);
  }

  findGroupsByExternalId(externalId: string): GroupRecord[] {
    return this.groups.findByExternalId(externalId);
  }

  /** Groups in creation order. */
  listGroups(): GroupRecord[] {
    return this.groups.list();
  }

  /** Groups that `memberId` (a user or group id) belongs to directly. */
  groupsOf(memberId: string): GroupRecord[] {
    return this.memberOf.groupIdsOf(memberId).map((id) => this.groups.get(id)!);
  }

  hasMember(groupId: string, memberId: string): boolean {
    return this.groups.get(groupId)?.members.has(memberId) ?? false;
  }

  createGroup(input: GroupInput, options: { id?: string } = {}): GroupRecord {
    const { displayName, externalId } = cleanGroupInput(input);
    if (this.groups.nameInUse(displayName)) {
      throw new ScimStoreError(409, 'uniqueness', `Group displayName "${displayName}" is already in use`);
    }
    const id = this.newId(options.id);
    const members = this.resolveMembers(input.members ?? [], id);
    const stamp = this.now().toISOString();
    const record: GroupRecord = {
      id,
      displayName,
      ...(externalId !== undefined ? { externalId } : {}),
      members: new Map(),
      meta: { resourceType: 'Group', created: stamp, lastModified: stamp, location: `${this.locationBase}/Groups/${id}` },
    };
    this.groups.add(record);
    for (const member of members) this.memberOf.attach(record, member);
    return record;
  }

  /**
   * Replaces displayName and externalId, and the member list too unless `keepMembers` is set (a
   * PATCH that touches only other attributes goes through here with `keepMembers`).
   */
  replaceGroup(id: string, input: GroupInput, options: { keepMembers?: boolean } = {}): GroupRecord {
    const record = this.groups.get(id);
    if (!record) throw new ScimStoreError(404, null, `Group ${id} not found`);
    const { displayName, externalId } = cleanGroupInput(input);
    if (displayName.toLowerCase() !== record.displayName.toLowerCase() && this.groups.nameInUse(displayName)) {
      throw new ScimStoreError(409, 'uniqueness', `Group displayName "${displayName}" is already in use`);
    }
    const members = options.keepMembers ? undefined : this.resolveMembers(input.members ?? [], id);
    const before = this.groups.keysOf(record);
    record.displayName = displayName;
    if (externalId !== undefined) record.externalId = externalId;
    else delete record.externalId;
    this.groups.update(before, record);
    if (members) this.swapMembers(record, members);
    record.meta = { ...record.meta, lastModified: this.now().toISOString() };
    return record;
  }

  /**
   * Adds members (each must name an existing user or group); members already present are left
   * as they are. Returns how many were added.
   */
  addGroupMembers(groupId: string, members: GroupMember[]): number {
    const record = this.requireGroup(groupId);
    let added = 0;
    for (const member of this.resolveMembers(members, groupId)) {
      if (record.members.has(member.value)) continue;
      this.memberOf.attach(record, member);
      added += 1;
    }
    if (added) this.touch(record);
    return added;
  }

  /** Removes members by value; values that are not members are ignored. Returns how many went. */
  removeGroupMembers(groupId: string, values: Iterable<string>): number {
    const record = this.requireGroup(groupId);
    let removed = 0;
    for (const value of values) if (this.memberOf.detach(record, value)) removed += 1;
    if (removed) this.touch(record);
    return removed;
  }

  /** Replaces the whole member list. */
  setGroupMembers(groupId: string, members: GroupMember[]): void {
    const record = this.requireGroup(groupId);
    this.swapMembers(record, this.resolveMembers(members, groupId));
    this.touch(record);
  }

  deleteGroup(id: string): boolean {
    const record = this.groups.get(id);
    if (!record) return false;
    for (const value of [...record.members.keys()]) this.memberOf.detach(record, value);
    this.groups.remove(record);
    this.detachMember(id);
    return true;
  }

  /** Empties the store. */
  clear(): void {
    this.users.clear();
    this.groups.clear();
    this.memberOf.clear();
  }

  /** Throws the error addGroupMembers / setGroupMembers would throw for these members, if any. */
  validateMembers(groupId: string, members: GroupMember[]): void {
    this.resolveMembers(members, groupId);
  }

  // -------------------------------------------------------------- helpers

  /** The given id or a fresh UUID; users and groups share one id space, so member values are unambiguous. */
  private newId(given: string | undefined): string {
    const id = given ?? randomUUID();
    if (this.users.has(id) || this.groups.has(id)) throw new ScimStoreError(409, 'uniqueness', `id "${id}" is already in use`);
    return id;
  }

  private requireGroup(groupId: string): GroupRecord {
    const record = this.groups.get(groupId);
    if (!record) throw new ScimStoreError(404, null, `Group ${groupId} not found`);
    return record;
  }

  private resolveMembers(members: GroupMember[], groupId: string): GroupMember[] {
    return resolveMembers(members, groupId, (value) => (this.users.has(value) ? 'User' : this.groups.has(value) ? 'Group' : undefined));
  }

  /** Detaches every current member, then attaches `members` (already resolved). */
  private swapMembers(record: GroupRecord, members: GroupMember[]): void {
    for (const value of [...record.members.keys()]) this.memberOf.detach(record, value);
    for (const member of members) this.memberOf.attach(record, member);
  }

  /** Takes a deleted user or group out of every group that listed it. */
  private detachMember(memberId: string): void {
    for (const groupId of this.memberOf.groupIdsOf(memberId)) {
      const group = this.groups.get(groupId);
      if (group && this.memberOf.detach(group, memberId)) this.touch(group);
    }
    this.memberOf.forget(memberId);
  }

  private touch(record: GroupRecord): void {
    record.meta = { ...record.meta, lastModified: this.now().toISOString() };
  }
}
