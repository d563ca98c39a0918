// The shapes the SCIM store keeps and accepts: User and Group records (RFC 7643 core attributes plus the enterprise extension) and their inputs.
import { ENTERPRISE_USER_SCHEMA } from '../protocol.js';

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
