// The fake JumpCloud tenant: users in the v1 `systemuserreturn` shape, user groups in the v2 `UserGroup`
// shape, and the membership graph (users and nested groups as member edges of a group). A seeded
// generator fills it deterministically, with deliberately awkward data mixed in, and a small mutation
// API lets tests change the directory in the middle of a sync run.
import { seededRandom } from '../faults.js';

export const SANDBOX_ORG_ID = '5f0c1a2b3c4d5e6f7a8b9c0d';

export type UserState = 'STAGED' | 'ACTIVATED' | 'SUSPENDED';

export interface PhoneNumber {
  id: string;
  type: string;
  number: string;
}

export interface Address {
  id: string;
  type: string;
  poBox: string;
  extendedAddress: string;
  streetAddress: string;
  locality: string;
  region: string;
  postalCode: string;
  country: string;
}

/** A custom attribute. Names are case-sensitive: "Building" and "building" are different attributes. */
export interface CustomAttribute {
  name: string;
  value: string;
}

export interface Mfa {
  configured: boolean;
  exclusion: boolean;
  exclusionDays?: number;
  exclusionUntil?: string;
}

export type MfaEnrollmentStatus =
  | 'NOT_ENROLLED'
  | 'DISABLED'
  | 'PENDING_ACTIVATION'
  | 'ENROLLMENT_EXPIRED'
  | 'IN_ENROLLMENT'
  | 'PRE_ENROLLMENT'
  | 'ENROLLED';

export interface MfaEnrollment {
  overallStatus: MfaEnrollmentStatus;
  totpStatus: MfaEnrollmentStatus;
  webAuthnStatus: MfaEnrollmentStatus;
  pushStatus: MfaEnrollmentStatus;
}

export interface SshKey {
  _id: string;
  name: string;
  public_key: string;
  create_date: string;
}

/** A v1 system user. Every property exists in the spec's `systemuserreturn` definition. */
export interface SystemUser {
  _id: string;
  username: string;
  email: string;
  firstname: string;
  middlename: string;
  lastname: string;
  displayname: string;
  jobTitle: string;
  department: string;
  costCenter: string;
  company: string;
  location: string;
  employeeIdentifier: string;
  employeeType: string;
  description: string;
  /** Another user's _id. Absent when the user has no manager; may dangle after that manager is removed. */
  manager?: string;
  alternateEmail?: string;
  phoneNumbers: PhoneNumber[];
  addresses: Address[];
  attributes: CustomAttribute[];
  state: UserState;
  activated: boolean;
  suspended: boolean;
  account_locked: boolean;
  account_locked_date: string | null;
  badLoginAttempts: number;
  password_expired: boolean;
  password_never_expires: boolean;
  password_date: string | null;
  password_expiration_date: string | null;
  sudo: boolean;
  passwordless_sudo: boolean;
  allow_public_key: boolean;
  enable_managed_uid: boolean;
  enable_user_portal_multifactor: boolean;
  externally_managed: boolean;
  ldap_binding_user: boolean;
  samba_service_user: boolean;
  totp_enabled: boolean;
  disableDeviceMaxLoginAttempts: boolean;
  mfa: Mfa;
  mfaEnrollment: MfaEnrollment;
  ssh_keys: SshKey[];
  unix_uid: number;
  unix_guid: number;
  created: string;
  creationSource: string;
  organization: string;
}

export type UserPatch = Partial<Omit<SystemUser, '_id' | 'organization'>>;

export type GroupMembershipMethod = 'NOTSET' | 'STATIC' | 'DYNAMIC_REVIEW_REQUIRED' | 'DYNAMIC_AUTOMATED';

export interface GroupAttributes {
  sudo?: { enabled: boolean; withoutPassword: boolean };
  ldapGroups?: { name: string }[];
  posixGroups?: { id: number; name: string }[];
  sambaEnabled?: boolean;
}

/** A v2 user group. Every property exists in the spec's `UserGroup` definition. */
export interface UserGroup {
  id: string;
  name: string;
  description: string;
  email?: string;
  type: 'user_group';
  membershipMethod: GroupMembershipMethod;
  attributes?: GroupAttributes;
  memberQueryExemptions: { id: string; type: string }[];
  memberSuggestionsNotify: boolean;
  suggestionCounts: { add: number; remove: number; total: number };
  organizationObjectId: string;
}

export type GroupPatch = Partial<Omit<UserGroup, 'id' | 'type' | 'organizationObjectId'>>;

export type MemberType = 'user' | 'user_group';

/**
 * One object reached through the graph, with every route found to it. A chain lists group ids in
 * walking order; the server turns each chain into a path of GraphConnections.
 */
export interface GraphReach {
  id: string;
  chains: string[][];
}

const OBJECT_ID = /^[0-9a-f]{24}$/;
export const isObjectId = (s: string): boolean => OBJECT_ID.test(s);

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

// Constant sub-objects are shared between users and frozen, so 100,000 users do not carry 100,000
// copies of the same defaults. Mutations replace them through updateUser instead of editing in place.
const NO_MFA: Mfa = Object.freeze({ configured: false, exclusion: false }) as Mfa;
const NOT_ENROLLED: MfaEnrollment = Object.freeze({
  overallStatus: 'NOT_ENROLLED',
  totpStatus: 'NOT_ENROLLED',
  webAuthnStatus: 'NOT_ENROLLED',
  pushStatus: 'NOT_ENROLLED',
}) as MfaEnrollment;
const none = <T>(): T[] => EMPTY as unknown as T[];
const EMPTY: readonly never[] = Object.freeze([]);

/** activated/suspended follow state: STAGED users were never activated; suspended ones were. */
function stateFlags(state: UserState): { activated: boolean; suspended: boolean } {
  return { activated: state !== 'STAGED', suspended: state === 'SUSPENDED' };
}

const FIRST_NAMES = [
  'Alice', 'Bob', 'Carlos', 'Dana', 'Élodie', 'Fatima', 'Gustavo', 'Hiro', 'Ingrid', 'Jamal', 'Kasia',
  'Liam', 'Mei', 'Nikolai', 'Olga', 'Priya', 'Quentin', 'Rosa', 'Søren', 'Tomás', 'Uma', 'Vikram',
  'Wen', 'Xavier', 'Yara', 'Zoë', 'Amélie', 'Björn', 'Chloé', 'Dmitri',
];
const LAST_NAMES = [
  'Smith', 'García', 'Müller', 'Nguyen', "O'Connor", 'Kowalski', 'Dubois', 'Rossi', 'Svensson', 'Novák',
  'Ivanova', 'Okafor', 'Kim', 'Tanaka', 'Silva', 'Jensen', 'Moreau', 'Ålund', 'Łukasiewicz', 'Fernández',
  'Papadopoulos', 'Van der Berg', 'MacDonald', 'Nakamura',
];
/** Departments double as the names of the department groups, so membership follows department. */
const DEPARTMENTS = ['Engineering', 'Sales', 'Support', 'Finance', 'Operations'];
const JOB_TITLES = ['Engineer', 'Senior Engineer', 'Account Executive', 'Support Specialist', 'Analyst', 'Manager', 'Director', ''];
const EMPLOYEE_TYPES = ['Full-time', 'Part-time', 'Contractor', 'Intern'];
const COMPANIES = ['Example Corp', 'Example Corp GmbH', 'Exemple SARL'];
const LOCATIONS = ['London', 'Berlin', 'Chennai', 'Austin', 'São Paulo', 'Remote'];
const CITIES = [
  ['London', 'England', 'EC1A 1BB', 'GB'],
  ['Berlin', 'Berlin', '10115', 'DE'],
  ['Chennai', 'Tamil Nadu', '600001', 'IN'],
  ['Austin', 'TX', '73301', 'US'],
  ['São Paulo', 'SP', '01000-000', 'BR'],
] as const;
const BUILDINGS = ['HQ', 'North', 'South', 'Annex'];

/** ASCII-folds a name for usernames and email local parts (JumpCloud usernames are ASCII). */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Long values at the spec's maxLength: 1024 for most strings, 256 for employeeIdentifier. */
const LONG_1024 = 'Ω≈ç√∫˜µ≤≥÷'.repeat(102) + 'end!';
const LONG_256 = 'EMP-' + 'x9'.repeat(126);

/**
 * Awkward users, placed at spread-out positions among the generated ones. `label` names them in
 * `directory.special` so tests can find them; everything else overrides the generated user.
 */
export const HARD_USERS: readonly ({ label: string } & UserPatch)[] = Object.freeze([
  { label: 'accents', firstname: 'José', lastname: 'Ñúñez-Åström', displayname: 'José Ñúñez-Åström', username: 'jose.nunez-astrom', email: 'jose.nunez-astrom@example.com' },
  // Decomposed (NFD) forms: "Zoë" and "Café" written with combining marks, which must survive unnormalised.
  { label: 'combining', firstname: 'Zoe\u0308', lastname: 'Cafe\u0301', displayname: 'Zoe\u0308 Cafe\u0301', username: 'zoe.cafe-nfd', email: 'zoe.cafe-nfd@example.com' },
  { label: 'cjk', firstname: '太郎', lastname: '山田', displayname: '山田 太郎', jobTitle: 'エンジニア', location: '東京', username: 'yamada.taro', email: 'yamada.taro@example.com' },
  { label: 'rtl', firstname: 'محمد', lastname: 'العربي', displayname: 'محمد العربي', department: 'הנדסה', location: 'תל אביב', username: 'mohammed.alarabi', email: 'mohammed.alarabi@example.com' },
  { label: 'emoji', firstname: 'Zoë 🦄', lastname: '👩🏽‍💻 Dev', displayname: 'Zoë 🦄 👩🏽‍💻 🇫🇷', description: 'Family: 👨‍👩‍👧‍👦, flag 🏳️‍🌈, keycap 1️⃣', username: 'zoe.emoji', email: 'zoe.emoji@example.com' },
  { label: 'xss', firstname: '<img src=x onerror=alert(1)>', lastname: "<script>alert('x')</script>", displayname: '<b>bold</b> &amp; &lt;', description: '"><svg/onload=alert(document.domain)>', username: 'xss.user', email: 'xss.user@example.com' },
  { label: 'sql', firstname: "O'Brien", lastname: '"; DROP TABLE users;--', displayname: 'Robert\'); DROP TABLE Students;--', jobTitle: 'Say "hello" \\ back\\slash', username: 'bobby.tables', email: "o'brien+tables@example.com" },
  { label: 'whitespace', firstname: '  Padded  ', lastname: ' Trailing ', displayname: '\u00a0Non\u00a0breaking\u00a0', description: 'line one\nline two\r\n\ttabbed\u2028separator\u2029paragraph\u200bzero-width', username: 'padded.user', email: 'padded.user@example.com', employeeIdentifier: ' E-PAD ' },
  { label: 'long', firstname: LONG_1024, lastname: 'Long', displayname: LONG_1024, description: LONG_1024, jobTitle: LONG_1024, employeeIdentifier: LONG_256, username: 'long.values', email: 'long.values@example.com' },
  { label: 'mixedCaseEmail', firstname: 'Mixed', lastname: 'Case', username: 'mixed.case', email: 'Mixed.Case@Example.COM' },
  { label: 'empty', firstname: '', lastname: '', displayname: '', middlename: '', jobTitle: '', username: 'no.names', email: 'no.names@example.com' },
  { label: 'attributeCase', username: 'attr.case', email: 'attr.case@example.com', attributes: [{ name: 'Building', value: 'HQ' }, { name: 'building', value: 'annex' }, { name: 'costCode', value: '  0042 ' }, { name: 'startDate', value: '2020-02-29' }] },
  { label: 'suspended', state: 'SUSPENDED', username: 'suspended.user', email: 'suspended.user@example.com' },
  { label: 'suspended2', state: 'SUSPENDED', username: 'suspended.two', email: 'suspended.two@example.com' },
  { label: 'staged', state: 'STAGED', username: 'staged.user', email: 'staged.user@example.com' },
  { label: 'staged2', state: 'STAGED', username: 'staged.two', email: 'staged.two@example.com' },
  { label: 'locked', account_locked: true, account_locked_date: '2024-05-01T08:00:00.000Z', badLoginAttempts: 10, username: 'locked.user', email: 'locked.user@example.com' },
]);

/** Structural groups, created first (as far as `groups` allows); names say why each exists. */
const GROUP_SPECS: readonly { label: string; name: string; description: string; email?: string }[] = [
  { label: 'allStaff', name: 'All Staff', description: 'Contains every department group (nested groups only)' },
  ...DEPARTMENTS.map((d) => ({ label: `dept:${d}`, name: d === 'Operations' ? 'Überwachung & Ops ✓' : d, description: `${d} department`, email: `${fold(d)}@example.com` })),
  { label: 'platform', name: 'Platform Team', description: 'Nested in Engineering; some members are also direct Engineering members' },
  { label: 'sre', name: 'SRE on-call', description: 'Nested in Platform Team (two levels below Engineering)' },
  { label: 'cycleA', name: 'Cycle A', description: 'Contains Cycle B, which contains Cycle A' },
  { label: 'cycleB', name: 'Cycle B', description: 'Contains Cycle A, which contains Cycle B' },
  { label: 'empty', name: 'Empty group', description: 'No members at all' },
  { label: 'hostile', name: '<img src=x onerror=alert(1)> "Group"; DROP TABLE groups;--', description: 'Quotes \' " and <tags>' },
  { label: 'spaced', name: '  Spaced Name  ', description: ' leading and trailing spaces ' },
  { label: 'cjk', name: '日本チーム 🇯🇵', description: '東京オフィス' },
];

export interface GenerateOptions {
  users: number;
  /** Total user groups, structural ones included. Default: 14 plus one per 1,000 users, at most 200. */
  groups?: number;
  seed?: number;
  orgId?: string;
  orgName?: string;
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

  private readonly groupUsers = new Map<string, Set<string>>();
  private readonly groupGroups = new Map<string, Set<string>>();
  private readonly idSalt: string;
  private nextCounter = 0;
  private lastSeconds: number;
  private cacheVersion = -1;
  private membershipCache = new Map<string, GraphReach[]>();
  private membersCache = new Map<string, { id: string; type: MemberType }[]>();
  private reverse: { users: Map<string, string[]>; groups: Map<string, string[]> } | null = null;

  constructor(orgId: string, orgName: string, idSalt: string, startSeconds: number) {
    if (!isObjectId(orgId)) throw new Error(`orgId must be 24 hex characters: ${orgId}`);
    this.orgId = orgId;
    this.orgName = orgName;
    this.idSalt = idSalt;
    this.lastSeconds = startSeconds;
  }

  /**
   * ObjectId-like: 4-byte timestamp, 5-byte per-directory salt, 3-byte counter. New ids sort after
   * existing ones, as MongoDB ids do, unless a test passes its own _id.
   */
  newId(seconds = this.lastSeconds + 1): string {
    this.lastSeconds = Math.max(this.lastSeconds, seconds);
    const id = hex(seconds, 8) + this.idSalt + hex(this.nextCounter & 0xffffff, 6);
    this.nextCounter += 1;
    return id;
  }

  private touch(): void {
    this.version += 1;
  }

  private fresh(): void {
    if (this.cacheVersion === this.version) return;
    this.cacheVersion = this.version;
    this.membershipCache.clear();
    this.membersCache.clear();
    this.reverse = null;
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
    const n = this.nextCounter;
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
    for (const members of this.groupUsers.values()) members.delete(id);
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
    this.groupUsers.set(id, new Set());
    this.groupGroups.set(id, new Set());
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
    this.groupUsers.delete(id);
    this.groupGroups.delete(id);
    for (const children of this.groupGroups.values()) children.delete(id);
    this.touch();
    return true;
  }

  private memberSets(groupId: string): { users: Set<string>; groups: Set<string> } {
    const users = this.groupUsers.get(groupId);
    const groups = this.groupGroups.get(groupId);
    if (!users || !groups) throw new Error(`no such group: ${groupId}`);
    return { users, groups };
  }

  private typeOf(memberId: string): MemberType {
    if (this.usersById.has(memberId)) return 'user';
    if (this.groupsById.has(memberId)) return 'user_group';
    throw new Error(`no such user or group: ${memberId}`);
  }

  /** Adds a direct edge. A group id as member nests that group (JumpCloud's user_group member edge). */
  addMember(groupId: string, memberId: string): boolean {
    const sets = this.memberSets(groupId);
    const set = this.typeOf(memberId) === 'user' ? sets.users : sets.groups;
    if (memberId === groupId) throw new Error('a group cannot contain itself directly');
    if (set.has(memberId)) return false;
    set.add(memberId);
    this.touch();
    return true;
  }

  removeMember(groupId: string, memberId: string): boolean {
    const sets = this.memberSets(groupId);
    const removed = sets.users.delete(memberId) || sets.groups.delete(memberId);
    if (removed) this.touch();
    return removed;
  }

  /** Direct edges: users first (in insertion order), then nested groups. Cached until the next change. */
  directMembers(groupId: string): readonly { id: string; type: MemberType }[] {
    const { users, groups } = this.memberSets(groupId);
    this.fresh();
    let out = this.membersCache.get(groupId);
    if (!out) {
      out = [];
      for (const id of users) out.push({ id, type: 'user' });
      for (const id of groups) out.push({ id, type: 'user_group' });
      this.membersCache.set(groupId, out);
    }
    return out;
  }

  directMemberCount(groupId: string): number {
    const { users, groups } = this.memberSets(groupId);
    return users.size + groups.size;
  }

  /**
   * Every user in the group directly or through nested groups, each once, sorted by id. Each chain is
   * the nested-group route (empty when direct). Groups are expanded once each (breadth first), so
   * cycles terminate; a user directly in several reached groups gets one chain per group.
   */
  membership(groupId: string): GraphReach[] {
    this.memberSets(groupId);
    this.fresh();
    const cached = this.membershipCache.get(groupId);
    if (cached) return cached;
    const chainOf = new Map<string, string[]>([[groupId, []]]);
    const queue = [groupId];
    const byUser = new Map<string, string[][]>();
    for (let i = 0; i < queue.length; i++) {
      const g = queue[i]!;
      const chain = chainOf.get(g)!;
      for (const u of this.groupUsers.get(g)!) {
        const chains = byUser.get(u);
        if (chains) chains.push(chain);
        else byUser.set(u, [chain]);
      }
      for (const child of this.groupGroups.get(g)!) {
        if (chainOf.has(child)) continue;
        chainOf.set(child, [...chain, child]);
        queue.push(child);
      }
    }
    const result = [...byUser.keys()].sort().map((id) => ({ id, chains: byUser.get(id)! }));
    this.membershipCache.set(groupId, result);
    return result;
  }

  /**
   * Every group the user is in, directly or because a group containing it is nested in another, each
   * once, sorted by id. A chain runs from the group holding the user directly up to the listed group.
   */
  memberOf(userId: string): GraphReach[] {
    if (!this.usersById.has(userId)) throw new Error(`no such user: ${userId}`);
    const { users, groups } = this.reverseIndex();
    const chains = new Map<string, string[][]>();
    const queue: string[] = [];
    for (const g of users.get(userId) ?? []) {
      chains.set(g, [[g]]);
      queue.push(g);
    }
    for (let i = 0; i < queue.length; i++) {
      const g = queue[i]!;
      const first = chains.get(g)![0]!;
      for (const parent of groups.get(g) ?? []) {
        const seen = chains.get(parent);
        if (first.includes(parent)) continue;
        if (seen) seen.push([...first, parent]);
        else {
          chains.set(parent, [[...first, parent]]);
          queue.push(parent);
        }
      }
    }
    return [...chains.keys()].sort().map((id) => ({ id, chains: chains.get(id)! }));
  }

  /** Who contains whom, rebuilt once per version rather than kept up to date on every edge change. */
  private reverseIndex(): { users: Map<string, string[]>; groups: Map<string, string[]> } {
    this.fresh();
    if (this.reverse) return this.reverse;
    const users = new Map<string, string[]>();
    const groups = new Map<string, string[]>();
    const add = (m: Map<string, string[]>, k: string, v: string) => {
      const list = m.get(k);
      if (list) list.push(v);
      else m.set(k, [v]);
    };
    for (const g of this.groups) {
      for (const u of this.groupUsers.get(g.id)!) add(users, u, g.id);
      for (const c of this.groupGroups.get(g.id)!) add(groups, c, g.id);
    }
    this.reverse = { users, groups };
    return this.reverse;
  }
}

function pick<T extends object, K extends keyof T>(obj: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

function baseUser(id: string, orgId: string, created: string, uid: number): SystemUser {
  return {
    _id: id,
    username: '',
    email: '',
    firstname: '',
    middlename: '',
    lastname: '',
    displayname: '',
    jobTitle: '',
    department: '',
    costCenter: '',
    company: '',
    location: '',
    employeeIdentifier: '',
    employeeType: '',
    description: '',
    phoneNumbers: none(),
    addresses: none(),
    attributes: none(),
    state: 'ACTIVATED',
    activated: true,
    suspended: false,
    account_locked: false,
    account_locked_date: null,
    badLoginAttempts: 0,
    password_expired: false,
    password_never_expires: false,
    password_date: created,
    password_expiration_date: null,
    sudo: false,
    passwordless_sudo: false,
    allow_public_key: true,
    enable_managed_uid: false,
    enable_user_portal_multifactor: false,
    externally_managed: false,
    ldap_binding_user: false,
    samba_service_user: false,
    totp_enabled: false,
    disableDeviceMaxLoginAttempts: false,
    mfa: NO_MFA,
    mfaEnrollment: NOT_ENROLLED,
    ssh_keys: none(),
    unix_uid: uid,
    unix_guid: uid,
    created,
    creationSource: 'jumpcloud:bulk',
    organization: orgId,
  };
}

function baseGroup(id: string, orgId: string): UserGroup {
  return {
    id,
    name: '',
    description: '',
    type: 'user_group',
    membershipMethod: 'STATIC',
    memberQueryExemptions: [],
    memberSuggestionsNotify: false,
    suggestionCounts: { add: 0, remove: 0, total: 0 },
    organizationObjectId: orgId,
  };
}

/** Deterministic for a given option set; 100,000 users take well under the time a test allows. */
export function generateDirectory(options: GenerateOptions): JumpCloudDirectory {
  const n = Math.max(0, Math.floor(options.users));
  const seed = options.seed ?? 1;
  const rng = seededRandom(seed);
  const int = (max: number) => Math.floor(rng() * max);
  const choose = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const orgId = options.orgId ?? SANDBOX_ORG_ID;
  const startSeconds = Date.UTC(2019, 0, 1) / 1000;
  const dir = new JumpCloudDirectory(orgId, options.orgName ?? 'Sandbox Organization', hex(int(0xfffff), 5) + hex(int(0xfffff), 5), startSeconds);

  // Ids and `created` rise together, so generation order is id order and no sort is needed.
  // The spread keeps five years of history whatever the user count.
  const meanGap = Math.max(2, Math.floor((5 * 365 * 86400) / Math.max(n, 1)));
  let seconds = startSeconds;
  const hardAt = new Map<number, number>();
  const hardCount = Math.min(n, HARD_USERS.length);
  for (let j = 0; j < hardCount; j++) hardAt.set(Math.floor(((j + 0.5) * n) / hardCount), j);

  for (let i = 0; i < n; i++) {
    seconds += 1 + int(meanGap * 2);
    const id = dir.newId(seconds);
    const created = new Date(seconds * 1000 + int(1000)).toISOString();
    const first = choose(FIRST_NAMES);
    const last = choose(LAST_NAMES);
    const username = `${fold(first)}.${fold(last)}${i}`;
    const roll = rng();
    const state: UserState = roll < 0.03 ? 'STAGED' : roll < 0.06 ? 'SUSPENDED' : 'ACTIVATED';
    const user = baseUser(id, orgId, created, 5000 + i);
    user.username = username;
    user.email = `${username}@example.com`;
    user.firstname = first;
    user.lastname = last;
    user.middlename = rng() < 0.2 ? choose(FIRST_NAMES) : '';
    user.displayname = rng() < 0.8 ? `${first} ${last}` : '';
    user.jobTitle = choose(JOB_TITLES);
    user.department = choose(DEPARTMENTS);
    user.costCenter = `CC-${100 + int(900)}`;
    user.company = choose(COMPANIES);
    user.location = choose(LOCATIONS);
    user.employeeIdentifier = `E${String(i + 1).padStart(6, '0')}`;
    user.employeeType = choose(EMPLOYEE_TYPES);
    user.description = rng() < 0.1 ? `Joined from ${choose(COMPANIES)}` : '';
    if (i > 0 && rng() < 0.7) user.manager = dir.users[int(Math.min(i, 50 + i / 20))]!._id;
    if (rng() < 0.7) {
      user.phoneNumbers = [{ id: dir.newId(seconds), type: rng() < 0.5 ? 'work' : 'mobile', number: `+1 555 01${String(int(100)).padStart(2, '0')}` }];
    }
    if (rng() < 0.4) {
      const [locality, region, postalCode, country] = choose(CITIES);
      user.addresses = [{ id: dir.newId(seconds), type: 'work', poBox: '', extendedAddress: '', streetAddress: `${1 + int(999)} Example Street`, locality, region, postalCode, country }];
    }
    const attributes: CustomAttribute[] = [];
    if (rng() < 0.6) attributes.push({ name: 'costCode', value: String(1000 + int(9000)) });
    if (rng() < 0.5) attributes.push({ name: 'Building', value: choose(BUILDINGS) });
    if (rng() < 0.7) attributes.push({ name: 'startDate', value: created.slice(0, 10) });
    if (attributes.length) user.attributes = attributes;
    user.state = state;
    Object.assign(user, stateFlags(state));

    const hard = hardAt.get(i);
    if (hard !== undefined) {
      const { label, ...patch } = HARD_USERS[hard]!;
      Object.assign(user, patch);
      Object.assign(user, stateFlags(user.state));
      dir.special.users.set(label, id);
    }
    dir.pushGenerated(user);
  }
  // Someone managed by a suspended user: a manager reference that points at an inactive account.
  const suspended = dir.special.users.get('suspended');
  const managed = dir.special.users.get('accents');
  if (suspended && managed) dir.getUser(managed)!.manager = suspended;

  buildGroups(dir, options.groups ?? Math.min(200, 14 + Math.floor(n / 1000)), seconds, int);
  dir.version = 0;
  return dir;
}

function buildGroups(dir: JumpCloudDirectory, count: number, seconds: number, int: (max: number) => number): void {
  const label = (l: string) => dir.special.groups.get(l);
  for (let k = 0; k < count; k++) {
    const spec = GROUP_SPECS[k];
    const group = dir.addGroup({
      id: dir.newId(seconds + 1 + k),
      name: spec?.name ?? `Project ${String(k - GROUP_SPECS.length + 1).padStart(3, '0')}`,
      description: spec?.description ?? '',
      ...(spec?.email ? { email: spec.email } : {}),
      ...(spec?.label.startsWith('dept:') ? { attributes: { posixGroups: [{ id: 7000 + k, name: fold(spec.name) }] } } : {}),
    });
    if (spec) dir.special.groups.set(spec.label, group.id);
  }
  const link = (parent: string, child: string) => {
    const p = label(parent);
    const c = label(child);
    if (p && c) dir.addMember(p, c);
  };
  for (const d of DEPARTMENTS) link('allStaff', `dept:${d}`);
  link('dept:Engineering', 'platform');
  link('platform', 'sre');
  link('cycleA', 'cycleB');
  link('cycleB', 'cycleA');

  const projects = dir.groups.filter((g) => ![...dir.special.groups.values()].includes(g.id));
  const engineering = label('dept:Engineering');
  const platform = label('platform');
  const sre = label('sre');
  const hostile = label('hostile');
  const cycle = [label('cycleA'), label('cycleB')];
  let engineers = 0;
  for (const user of dir.users) {
    const dept = label(`dept:${user.department}`) ?? engineering;
    if (dept) dir.addMember(dept, user._id);
    if (dept === engineering) {
      engineers += 1;
      // Every 4th engineer is also in Platform (two routes into Engineering); every 20th in SRE.
      if (platform && engineers % 4 === 0) dir.addMember(platform, user._id);
      if (sre && engineers % 20 === 0) dir.addMember(sre, user._id);
    }
    const r = int(100);
    if (r < 2 && cycle[r]) dir.addMember(cycle[r]!, user._id);
    if (projects.length && int(3) === 0) dir.addMember(projects[int(projects.length)]!.id, user._id);
  }
  for (const u of dir.special.users.values()) if (hostile) dir.addMember(hostile, u);
  const cjk = label('cjk');
  const cjkUser = dir.special.users.get('cjk');
  if (cjk && cjkUser) dir.addMember(cjk, cjkUser);
}
