// The first sync adopts users who are already in the directory: it reads the target once and
// matches each JumpCloud user by externalId, then userName, then the primary email alone — one
// pass of paged reads instead of a lookup per user. Where two directory users match at the same
// step, neither is linked: the admin is told, and nothing is written for that user.
import type { ScimClient } from '../scim/client';
import { listedUserOf, type AdoptionCandidate } from './listed-user';

export type AdoptionMatch = { user: AdoptionCandidate } | { ambiguous: AdoptionCandidate[]; by: string } | undefined;

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
  const pick = (found: AdoptionCandidate[] | undefined, by: string): AdoptionMatch | null =>
    !found?.length ? null : found.length === 1 ? { user: found[0]! } : { ambiguous: found, by };
  return {
    size: users.length,
    match: (jumpcloudId, userName) =>
      pick(byExternalId.get(jumpcloudId), 'externalId') ??
      pick(byUserName.get(userName.toLowerCase()), 'userName') ??
      pick(byEmail.get(userName.toLowerCase()), 'primary email') ??
      undefined,
  };
}
