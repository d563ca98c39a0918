// The first sync adopts users who are already in the directory: it reads the target once and
// matches each JumpCloud user by externalId, then userName, then the primary email alone — one
// pass of paged reads instead of a lookup per user. Where two directory users match at the same
// step, neither is linked: the admin is told, and nothing is written for that user. Nor is a
// directory user linked to another JumpCloud user (its externalId that user's id) taken over by
// name: a new hire given a leaver's old address would otherwise inherit the leaver's account.
import type { ScimClient } from '../scim/client';
import { claimedError } from '../scim/errors';
import { linkedJumpCloudId, listedUserOf, type AdoptionCandidate, type ListedUser } from './listed-user';

export type AdoptionMatch =
  | { user: AdoptionCandidate }
  | { ambiguous: AdoptionCandidate[]; by: string }
  | { claimed: AdoptionCandidate; by: string; owner: string }
  | undefined;

export interface AdoptionIndex {
  /** The user's userName is also the address Zoho signs them in by: the primary email looked for. */
  match(jumpcloudId: string, userName: string): AdoptionMatch;
  size: number;
}

export async function adoptionIndex(scim: ScimClient): Promise<AdoptionIndex> {
  return adoptionIndexOf(await scim.listUsers({ keep: listedUserOf }));
}

/** The same, from a list already read (a reconciling run has just read every directory user). */
export function adoptionIndexOf(users: readonly AdoptionCandidate[]): AdoptionIndex {
  const byExternalId = new Map<string, AdoptionCandidate[]>();
  const byUserName = new Map<string, AdoptionCandidate[]>();
  const byEmail = new Map<string, AdoptionCandidate[]>();
  const add = (map: Map<string, AdoptionCandidate[]>, key: string | undefined, user: AdoptionCandidate) => {
    if (key) map.set(key, [...(map.get(key) ?? []), user]);
  };
  for (const user of users) {
    add(byExternalId, user.externalId, user);
    add(byUserName, user.userName.toLowerCase(), user);
    add(byEmail, user.primaryEmail, user);
  }
  const pick = (jumpcloudId: string, found: AdoptionCandidate[] | undefined, by: string): AdoptionMatch | null => {
    if (!found?.length) return null;
    if (found.length > 1) return { ambiguous: found, by };
    const owner = claimedByAnother(found[0]!, jumpcloudId);
    return owner ? { claimed: found[0]!, by, owner } : { user: found[0]! };
  };
  return {
    size: users.length,
    match: (jumpcloudId, userName) =>
      pick(jumpcloudId, byExternalId.get(jumpcloudId), 'externalId') ??
      pick(jumpcloudId, byUserName.get(userName.toLowerCase()), 'userName') ??
      pick(jumpcloudId, byEmail.get(userName.toLowerCase()), 'primary email') ??
      undefined,
  };
}

/** The other JumpCloud user a directory user is linked to, when it is not this one. */
export function claimedByAnother(user: { externalId?: string }, jumpcloudId: string): string | undefined {
  const owner = linkedJumpCloudId(user);
  return owner !== undefined && owner !== jumpcloudId.toLowerCase() ? owner : undefined;
}

/**
 * The directory user a JumpCloud user already has, looked up a request at a time (a create that
 * met 409, provisioning one user) and matched as the index matches: by externalId, then userName,
 * then the primary email (ScimClient.findUser). One linked to another JumpCloud user is refused,
 * as two that answer the same lookup are (ScimError).
 */
export async function findInDirectory(scim: ScimClient, jumpcloudId: string, userName: string): Promise<ListedUser | null> {
  const linked = await scim.findUser('externalId', jumpcloudId);
  if (linked) return listedUserOf(linked);
  for (const [by, attribute] of [['userName', 'userName'], ['primary email', 'emails.value']] as const) {
    const found = await scim.findUser(attribute, userName);
    const user = found && listedUserOf(found);
    if (!user) continue;
    const owner = claimedByAnother(user, jumpcloudId);
    if (owner) throw claimedError(by, userName, user.id, owner);
    return user;
  }
  return null;
}
