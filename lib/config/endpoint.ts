// Sync endpoints compared as a person reads them: the guide's form check and the snapshot's owner
// both ask whether two URLs name the same SCIM directory.

export const withoutSlash = (url: string) => url.trim().replace(/\/+$/, '');

/** Same URL as far as a person's form can tell: scheme and host in any case, no trailing slash. */
export function sameEndpoint(a: string, b: string): boolean {
  try {
    const x = new URL(withoutSlash(a));
    const y = new URL(withoutSlash(b));
    return x.origin === y.origin && withoutSlash(x.pathname) === withoutSlash(y.pathname) && x.search === y.search;
  } catch {
    return false;
  }
}
