// The email a directory signs a user in by: the one marked primary, or the only one. A user whose
// other addresses happen to match is not that user, so only this one is matched on.
import type { ScimUser } from './schemas';

export function primaryEmailOf(user: ScimUser): string | undefined {
  const emails = (user.emails ?? []).filter((e) => typeof e.value === 'string' && e.value !== '');
  const primary = emails.filter((e) => e.primary === true);
  const chosen = primary.length === 1 ? primary[0] : primary.length === 0 && emails.length === 1 ? emails[0] : undefined;
  return chosen?.value?.toLowerCase();
}
