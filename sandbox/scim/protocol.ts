// SCIM's names in one place, since store, filters and routes all use them: schema and message URNs, the media type, and URN-free attribute keys.

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_CONTENT_TYPE = 'application/scim+json';

// Lowercased "<schema>:" prefixes, for spotting fully qualified attribute names in filters and paths.
export const USER_PREFIX = `${USER_SCHEMA}:`.toLowerCase();
export const GROUP_PREFIX = `${GROUP_SCHEMA}:`.toLowerCase();
export const ENTERPRISE_PREFIX = `${ENTERPRISE_USER_SCHEMA}:`.toLowerCase();

/** An attribute name lowercased, without its core schema URN (`urn:…:User:userName` → `username`). */
export function attrKey(key: string, prefix: string): string {
  const k = key.toLowerCase();
  return k.startsWith(prefix) ? k.slice(prefix.length) : k;
}
