// In-memory Users and Groups for the sandbox SCIM directory (the stand-in for a Zoho Directory
// store's Sync endpoint). Every lookup a sync client makes by key is answered from an index, so a
// store of 100,000 users answers `userName eq "…"` as fast as a store of ten:
//   users:  id → record, lowercased userName → id, externalId → ids
//   groups: id → record, lowercased displayName → id, externalId → ids
//   membership: group → Map(member value → member), member value → Set(group ids)
// Group membership is a Map per group, so adding or removing one member is O(1) whatever the size
// of the group. The store knows nothing about HTTP; server.ts turns its errors into SCIM errors.
import { randomUUID } from 'node:crypto';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface ScimMeta {
  resourceType: 'User' | 'Group';
  created: string;
  lastModified: string;
  location: string;
}

export interface MultiValued {
  value?: string;
  display?: string;
  type?: string;
  primary?: boolean;
  [key: string]: unknown;
}

export interface ScimAddress {
  formatted?: string;
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  type?: string;
  primary?: boolean;
}

export interface EnterpriseUserExtension {
  employeeNumber?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  department?: string;
  manager?: { value?: string; $ref?: string; displayName?: string };
}

/** What a client may set on a User (core attributes plus the enterprise extension). */
export interface UserInput {
  userName: string;
  externalId?: string;
  name?: {
    formatted?: string;
    familyName?: string;
    givenName?: string;
    middleName?: string;
    honorificPrefix?: string;
    honorificSuffix?: string;
  };
  displayName?: string;
  nickName?: string;
  profileUrl?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  active?: boolean;
  emails?: MultiValued[];
  phoneNumbers?: MultiValued[];
  ims?: MultiValued[];
  photos?: MultiValued[];
  addresses?: ScimAddress[];
  entitlements?: MultiValued[];
  roles?: MultiValued[];
  x509Certificates?: MultiValued[];
  [ENTERPRISE_USER_SCHEMA]?: EnterpriseUserExtension;
}

export interface UserRecord extends UserInput {
  id: string;
  meta: ScimMeta;
}

export interface GroupMember {
  value: string;
  display?: string;
  /** "User" or "Group"; filled in from the store when the client leaves it out. */
  type?: string;
}

export interface GroupInput {
  displayName: string;
  externalId?: string;
  members?: GroupMember[];
}

/** A stored group. `members` is keyed by member value (the member's SCIM id). */
export interface GroupRecord {
  id: string;
  displayName: string;
  externalId?: string;
  members: Map<string, GroupMember>;
  meta: ScimMeta;
}

export type ScimErrorType = 'uniqueness' | 'invalidValue' | 'invalidSyntax' | 'noTarget';

/** Thrown by the store; carries the HTTP status and SCIM `scimType` the server should answer with. */
export class ScimStoreError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly scimType: ScimErrorType | null,
    message: string,
  ) {
    super(message);
    this.name = 'ScimStoreError';
  }
}

export interface ScimStoreOptions {
  /** Prefix for `meta.location`, e.g. "https://directory.zoho.com/api/v1/scim". Default "". */
  locationBase?: string;
  /** Clock, for tests. */
  now?: () => Date;
}

/** Attributes a client cannot set: assigned by the server, or (like `groups`) derived by it. */
const SERVER_OWNED = new Set(['id', 'meta', 'schemas', 'groups', 'password']);

function addToIndex(index: Map<string, Set<string>>, key: string | undefined, id: string): void {
  if (key === undefined) return;
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  ids.add(id);
}

function removeFromIndex(index: Map<string, Set<string>>, key: string | undefined, id: string): void {
  if (key === undefined) return;
  const ids = index.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) index.delete(key);
}

function cleanUserInput(input: UserInput): UserInput {
  if (!input || typeof input !== 'object') throw new ScimStoreError(400, 'invalidSyntax', 'User must be an object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || SERVER_OWNED.has(key)) continue;
    out[key] = structuredClone(value);
  }
  const user = out as unknown as UserInput;
  if (typeof user.userName !== 'string' || !user.userName.trim()) {
    throw new ScimStoreError(400, 'invalidValue', 'userName is required');
  }
  if (user.externalId !== undefined && typeof user.externalId !== 'string') {
    throw new ScimStoreError(400, 'invalidValue', 'externalId must be a string');
  }
  return user;
}

export class ScimStore {
  locationBase: string;
  private readonly now: () => Date;

  private readonly users = new Map<string, UserRecord>();
  private readonly userIdByUserName = new Map<string, string>();
  private readonly userIdsByExternalId = new Map<string, Set<string>>();

  private readonly groups = new Map<string, GroupRecord>();
  private readonly groupIdByDisplayName = new Map<string, string>();
  private readonly groupIdsByExternalId = new Map<string, Set<string>>();
  /** Member value (user or group id) → ids of the groups it belongs to directly. */
  private readonly memberOf = new Map<string, Set<string>>();

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
    const id = this.userIdByUserName.get(userName.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  /** Exact match (externalId is caseExact). externalId is not unique, so this can return several. */
  findUsersByExternalId(externalId: string): UserRecord[] {
    return [...(this.userIdsByExternalId.get(externalId) ?? [])].map((id) => this.users.get(id)!);
  }

  /** Users in creation order. */
  listUsers(): UserRecord[] {
    return [...this.users.values()];
  }

  createUser(input: UserInput, options: { id?: string } = {}): UserRecord {
    const data = cleanUserInput(input);
    const key = data.userName.toLowerCase();
    if (this.userIdByUserName.has(key)) {
      throw new ScimStoreError(409, 'uniqueness', `userName "${data.userName}" is already in use`);
    }
    const id = options.id ?? randomUUID();
    if (this.users.has(id) || this.groups.has(id)) throw new ScimStoreError(409, 'uniqueness', `id "${id}" is already in use`);
    const stamp = this.now().toISOString();
    const record: UserRecord = {
      ...data,
      id,
      meta: { resourceType: 'User', created: stamp, lastModified: stamp, location: `${this.locationBase}/Users/${id}` },
    };
    this.users.set(id, record);
    this.userIdByUserName.set(key, id);
    addToIndex(this.userIdsByExternalId, record.externalId, id);
    return record;
  }

  /** Replaces every client-settable attribute (PUT semantics). */
  replaceUser(id: string, input: UserInput): UserRecord {
    const existing = this.users.get(id);
    if (!existing) throw new ScimStoreError(404, null, `User ${id} not found`);
    const data = cleanUserInput(input);
    const oldKey = existing.userName.toLowerCase();
    const newKey = data.userName.toLowerCase();
    if (newKey !== oldKey && this.userIdByUserName.has(newKey)) {
      throw new ScimStoreError(409, 'uniqueness', `userName "${data.userName}" is already in use`);
    }
    const record: UserRecord = {
      ...data,
      id,
      meta: { ...existing.meta, lastModified: this.now().toISOString() },
    };
    this.users.set(id, record);
    if (newKey !== oldKey) {
      this.userIdByUserName.delete(oldKey);
      this.userIdByUserName.set(newKey, id);
    }
    if (existing.externalId !== record.externalId) {
      removeFromIndex(this.userIdsByExternalId, existing.externalId, id);
      addToIndex(this.userIdsByExternalId, record.externalId, id);
    }
    return record;
  }

  /** Deletes a user and takes it out of every group it belonged to. */
  deleteUser(id: string): boolean {
    const existing = this.users.get(id);
    if (!existing) return false;
    this.users.delete(id);
    this.userIdByUserName.delete(existing.userName.toLowerCase());
    removeFromIndex(this.userIdsByExternalId, existing.externalId, id);
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
    const id = this.groupIdByDisplayName.get(displayName.toLowerCase());
    return id === undefined ? undefined : this.groups.get(id);
  }

  findGroupsByExternalId(externalId: string): GroupRecord[] {
    return [...(this.groupIdsByExternalId.get(externalId) ?? [])].map((id) => this.groups.get(id)!);
  }

  /** Groups in creation order. */
  listGroups(): GroupRecord[] {
    return [...this.groups.values()];
  }

  /** Groups that `memberId` (a user or group id) belongs to directly. */
  groupsOf(memberId: string): GroupRecord[] {
    return [...(this.memberOf.get(memberId) ?? [])].map((id) => this.groups.get(id)!);
  }

  hasMember(groupId: string, memberId: string): boolean {
    return this.groups.get(groupId)?.members.has(memberId) ?? false;
  }

  createGroup(input: GroupInput, options: { id?: string } = {}): GroupRecord {
    const { displayName, externalId } = this.cleanGroupInput(input);
    const key = displayName.toLowerCase();
    if (this.groupIdByDisplayName.has(key)) {
      throw new ScimStoreError(409, 'uniqueness', `Group displayName "${displayName}" is already in use`);
    }
    const id = options.id ?? randomUUID();
    if (this.users.has(id) || this.groups.has(id)) throw new ScimStoreError(409, 'uniqueness', `id "${id}" is already in use`);
    const members = this.resolveMembers(input.members ?? [], id);
    const stamp = this.now().toISOString();
    const record: GroupRecord = {
      id,
      displayName,
      ...(externalId !== undefined ? { externalId } : {}),
      members: new Map(),
      meta: { resourceType: 'Group', created: stamp, lastModified: stamp, location: `${this.locationBase}/Groups/${id}` },
    };
    this.groups.set(id, record);
    this.groupIdByDisplayName.set(key, id);
    addToIndex(this.groupIdsByExternalId, externalId, id);
    for (const member of members) this.attach(record, member);
    return record;
  }

  /**
   * Replaces displayName and externalId, and the member list too unless `keepMembers` is set (a
   * PATCH that touches only other attributes goes through here with `keepMembers`).
   */
  replaceGroup(id: string, input: GroupInput, options: { keepMembers?: boolean } = {}): GroupRecord {
    const record = this.groups.get(id);
    if (!record) throw new ScimStoreError(404, null, `Group ${id} not found`);
    const { displayName, externalId } = this.cleanGroupInput(input);
    const oldKey = record.displayName.toLowerCase();
    const newKey = displayName.toLowerCase();
    if (newKey !== oldKey && this.groupIdByDisplayName.has(newKey)) {
      throw new ScimStoreError(409, 'uniqueness', `Group displayName "${displayName}" is already in use`);
    }
    const members = options.keepMembers ? undefined : this.resolveMembers(input.members ?? [], id);
    if (newKey !== oldKey) {
      this.groupIdByDisplayName.delete(oldKey);
      this.groupIdByDisplayName.set(newKey, id);
    }
    if (record.externalId !== externalId) {
      removeFromIndex(this.groupIdsByExternalId, record.externalId, id);
      addToIndex(this.groupIdsByExternalId, externalId, id);
    }
    record.displayName = displayName;
    if (externalId !== undefined) record.externalId = externalId;
    else delete record.externalId;
    if (members) {
      for (const value of [...record.members.keys()]) this.detach(record, value);
      for (const member of members) this.attach(record, member);
    }
    record.meta = { ...record.meta, lastModified: this.now().toISOString() };
    return record;
  }

  /**
   * Adds members (each must name an existing user or group); members already present are left
   * as they are. Returns how many were added.
   */
  addGroupMembers(groupId: string, members: GroupMember[]): number {
    const record = this.groups.get(groupId);
    if (!record) throw new ScimStoreError(404, null, `Group ${groupId} not found`);
    let added = 0;
    for (const member of this.resolveMembers(members, groupId)) {
      if (record.members.has(member.value)) continue;
      this.attach(record, member);
      added += 1;
    }
    if (added) this.touch(record);
    return added;
  }

  /** Removes members by value; values that are not members are ignored. Returns how many went. */
  removeGroupMembers(groupId: string, values: Iterable<string>): number {
    const record = this.groups.get(groupId);
    if (!record) throw new ScimStoreError(404, null, `Group ${groupId} not found`);
    let removed = 0;
    for (const value of values) if (this.detach(record, value)) removed += 1;
    if (removed) this.touch(record);
    return removed;
  }

  /** Replaces the whole member list. */
  setGroupMembers(groupId: string, members: GroupMember[]): void {
    const record = this.groups.get(groupId);
    if (!record) throw new ScimStoreError(404, null, `Group ${groupId} not found`);
    const resolved = this.resolveMembers(members, groupId);
    for (const value of [...record.members.keys()]) this.detach(record, value);
    for (const member of resolved) this.attach(record, member);
    this.touch(record);
  }

  deleteGroup(id: string): boolean {
    const record = this.groups.get(id);
    if (!record) return false;
    for (const value of [...record.members.keys()]) this.detach(record, value);
    this.groups.delete(id);
    this.groupIdByDisplayName.delete(record.displayName.toLowerCase());
    removeFromIndex(this.groupIdsByExternalId, record.externalId, id);
    this.detachMember(id);
    return true;
  }

  /** Empties the store. */
  clear(): void {
    for (const map of [
      this.users,
      this.userIdByUserName,
      this.userIdsByExternalId,
      this.groups,
      this.groupIdByDisplayName,
      this.groupIdsByExternalId,
      this.memberOf,
    ]) {
      map.clear();
    }
  }

  // -------------------------------------------------------------- helpers

  private cleanGroupInput(input: GroupInput): { displayName: string; externalId?: string } {
    if (!input || typeof input !== 'object') throw new ScimStoreError(400, 'invalidSyntax', 'Group must be an object');
    const { displayName, externalId } = input;
    if (typeof displayName !== 'string' || !displayName.trim()) {
      throw new ScimStoreError(400, 'invalidValue', 'displayName is required');
    }
    if (externalId !== undefined && typeof externalId !== 'string') {
      throw new ScimStoreError(400, 'invalidValue', 'externalId must be a string');
    }
    return externalId === undefined ? { displayName } : { displayName, externalId };
  }

  /** Throws the error addGroupMembers / setGroupMembers would throw for these members, if any. */
  validateMembers(groupId: string, members: GroupMember[]): void {
    this.resolveMembers(members, groupId);
  }

  /** Checks that every member names an existing user or group, and fills in its type. */
  private resolveMembers(members: GroupMember[], groupId: string): GroupMember[] {
    if (!Array.isArray(members)) throw new ScimStoreError(400, 'invalidValue', 'members must be an array');
    const out: GroupMember[] = [];
    for (const member of members) {
      const value = member?.value;
      if (typeof value !== 'string' || !value) {
        throw new ScimStoreError(400, 'invalidValue', 'Each member needs a "value" holding a user or group id');
      }
      if (value === groupId) throw new ScimStoreError(400, 'invalidValue', 'A group cannot be a member of itself');
      const type = this.users.has(value) ? 'User' : this.groups.has(value) ? 'Group' : undefined;
      if (!type) throw new ScimStoreError(400, 'invalidValue', `Member "${value}" is not a user or group in this directory`);
      out.push({
        value,
        type,
        ...(typeof member.display === 'string' ? { display: member.display } : {}),
      });
    }
    return out;
  }

  private attach(record: GroupRecord, member: GroupMember): void {
    record.members.set(member.value, member);
    addToIndex(this.memberOf, member.value, record.id);
  }

  private detach(record: GroupRecord, value: string): boolean {
    if (!record.members.delete(value)) return false;
    removeFromIndex(this.memberOf, value, record.id);
    return true;
  }

  /** Takes a deleted user or group out of every group that listed it. */
  private detachMember(memberId: string): void {
    for (const groupId of [...(this.memberOf.get(memberId) ?? [])]) {
      const group = this.groups.get(groupId);
      if (group && this.detach(group, memberId)) this.touch(group);
    }
    this.memberOf.delete(memberId);
  }

  private touch(record: GroupRecord): void {
    record.meta = { ...record.meta, lastModified: this.now().toISOString() };
  }
}
