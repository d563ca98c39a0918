// The fake JumpCloud tenant's public import path: tests, the server and sandbox/index.ts import the model, the directory and its generator from here.
export { generateDirectory, type GenerateOptions } from './directory/generate.js';
export { HARD_USERS } from './directory/hard-users.js';
export { isObjectId, SANDBOX_ORG_ID } from './directory/ids.js';
export type {
  Address,
  CustomAttribute,
  GraphReach,
  GroupAttributes,
  GroupMembershipMethod,
  GroupPatch,
  MemberType,
  Mfa,
  MfaEnrollment,
  MfaEnrollmentStatus,
  PhoneNumber,
  SshKey,
  SystemUser,
  UserGroup,
  UserPatch,
  UserState,
} from './directory/model.js';
export { JumpCloudDirectory } from './directory/tenant.js';
