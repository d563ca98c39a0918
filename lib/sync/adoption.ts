// The first sync adopts users who are already in the directory: it reads the target once and
// matches each JumpCloud user by externalId, then userName, then email — one pass of paged reads
// instead of a lookup per user.
import type { ScimClient, ScimUser } from '../scim/client';
import { fromResource } from '../scim/flat';

export interface AdoptionIndex {
  match(jumpcloudId: string, userName: string): ScimUser | undefined;
  size: number;
}

export async function adoptionIndex(scim: ScimClient): Promise<AdoptionIndex> {
  const byExternalId = new Map<string, ScimUser>();
  const byUserName = new Map<string, ScimUser>();
  const byEmail = new Map<string, ScimUser>();
  const users = await scim.listUsers();
  for (const user of users) {
    const flat = fromResource(user);
    if (typeof flat.externalId === 'string') byExternalId.set(flat.externalId, user);
    if (typeof flat.userName === 'string') byUserName.set(flat.userName.toLowerCase(), user);
    for (const [path, value] of Object.entries(flat)) {
      if (path.startsWith('emails[') && typeof value === 'string') byEmail.set(value.toLowerCase(), user);
    }
  }
  return {
    size: users.length,
    match: (jumpcloudId, userName) => byExternalId.get(jumpcloudId) ?? byUserName.get(userName) ?? byEmail.get(userName),
  };
}
