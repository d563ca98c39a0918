// The sandbox SCIM directory's store, public import path (the stand-in for a Zoho Directory store's Sync endpoint data; pieces live in ./store/).
export { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './protocol.js';
export type {
  EnterpriseUserExtension,
  GroupInput,
  GroupMember,
  GroupRecord,
  MultiValued,
  ScimAddress,
  ScimMeta,
  UserInput,
  UserRecord,
} from './store/records.js';
export { ScimStore, type ScimStoreOptions } from './store/scim-store.js';
export { ScimStoreError, type ScimErrorType } from './store/store-error.js';
