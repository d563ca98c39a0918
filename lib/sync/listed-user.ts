// A directory user as a reconciling run keeps it once its page is read: what reconciliation and
// adoption look at, and nothing else of the resource. At 100,000 users the resources as read
// (names, emails, addresses, meta, each an object of its own) held at once with JumpCloud's users
// and the snapshot were most of a reconciling run's memory (bench/RESULTS.md).
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
