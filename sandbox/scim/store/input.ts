// Validation and cleaning of what a client sends for a User or Group, done before the store touches any index so a bad input changes nothing.
import type { GroupInput, UserInput } from './records.js';
import { ScimStoreError } from './store-error.js';

/** Attributes a client cannot set: assigned by the server, or (like `groups`) derived by it. */
const SERVER_OWNED = new Set(['id', 'meta', 'schemas', 'groups', 'password']);

export function cleanUserInput(input: UserInput): UserInput {
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

export function cleanGroupInput(input: GroupInput): { displayName: string; externalId?: string } {
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
