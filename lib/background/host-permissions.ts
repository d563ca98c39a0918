// Least privilege for hosts: a Sync endpoint on a host the manifest does not name is asked for
// when the admin saves it; once the saved endpoint moves elsewhere, that host is given back.
import { originOf } from '../secrets/scim-token';

/** The granted origins (as `https://host/*` patterns) that the saved endpoint no longer needs. */
export function unusedOrigins(granted: readonly string[], required: readonly string[], endpoint: string | undefined): string[] {
  const keep = originOf(endpoint);
  return granted.filter((pattern) => !required.includes(pattern) && (!keep || pattern !== `${keep}/*`));
}
