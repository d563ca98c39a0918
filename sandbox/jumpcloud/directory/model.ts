// The fake tenant's data model (v1 `systemuserreturn` users, v2 `UserGroup` groups, graph types), shared by generator, directory and server.

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
