// The form in which the engine holds a target user: SCIM attribute path → value. Mapping
// produces it, the planner diffs two of them attribute by attribute, and lib/scim turns it into
// a resource for POST or into PATCH operations. Paths are the ones a SCIM PATCH takes:
//   "userName", "displayName", "active", "externalId"      simple attributes
//   "name.givenName"                                        sub-attributes
//   'emails[type eq "work"].value'                          a multi-valued attribute, by type
//   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"   extensions
//   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
export type FlatUser = Record<string, string | boolean>;

export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const enterprise = (attribute: string) => `${ENTERPRISE_USER_SCHEMA}:${attribute}`;
export const typed = (attribute: string, type: string, sub: string) => `${attribute}[type eq "${type}"].${sub}`;
