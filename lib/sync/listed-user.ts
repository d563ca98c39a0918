// A directory user as a reconciling run keeps it once its page is read: what reconciliation and
// adoption look at, in the flat form they compare, made once per user; the rest of the resource
// (its nested names, emails, addresses and meta) is not held past its page.
import type { ScimUser } from '../scim/client';
import { fromResource } from '../scim/flat';
import type { FlatUser } from '../scim/flat-user';
import { primaryEmailOf } from '../scim/primary-email';

export interface ListedUser {
  id: string;
  userName: string;
  externalId?: string;
  /** Lower case, as primaryEmailOf gives it. */
  primaryEmail?: string;
  /** The resource in the flat form the plan compares (lib/scim/flat.ts fromResource). */
  flat: FlatUser;
}

/** JumpCloud's object ids: 24 hexadecimal digits. */
const JUMPCLOUD_ID = /^[0-9a-f]{24}$/i;

/** The JumpCloud user a directory user is linked to by its externalId (lower case), if that is a JumpCloud id. */
export const linkedJumpCloudId = (user: { externalId?: string }): string | undefined =>
  user.externalId !== undefined && JUMPCLOUD_ID.test(user.externalId) ? user.externalId.toLowerCase() : undefined;

/** What adoption matches a JumpCloud user against; the flat form is left out of users the snapshot has a copy of already. */
export type AdoptionCandidate = Omit<ListedUser, 'flat'> & { flat?: FlatUser };

export function listedUserOf(user: ScimUser): ListedUser {
  const primaryEmail = primaryEmailOf(user);
  return {
    id: user.id,
    userName: user.userName,
    ...(typeof user.externalId === 'string' ? { externalId: user.externalId } : {}),
    ...(primaryEmail ? { primaryEmail } : {}),
    flat: fromResource(user),
  };
}
