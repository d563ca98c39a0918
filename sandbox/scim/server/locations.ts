// Where this app's resources say they live (meta.location, Location): its base path, its public base, and pointing SCIMMY's process-wide base paths at it.
import type { Request } from 'express';
import SCIMMY from 'scimmy';

export function normaliseBasePath(path: string | undefined): string {
  const p = (path ?? '/scim/v2').trim().replace(/\/+$/, '');
  return p === '' ? '' : p.startsWith('/') ? p : `/${p}`;
}

/**
 * The public SCIM base: fixed when `baseUri` is given (an origin gets `basePath` appended, a URL with
 * a path is used as it is), else built per request from the Host header.
 */
export function publicBase(baseUri: string | undefined, basePath: string): { fixed: string | undefined; of: (req: Request) => string } {
  let fixed: string | undefined;
  if (baseUri) {
    const url = new URL(baseUri);
    const path = url.pathname.replace(/\/+$/, '');
    fixed = `${url.origin}${path === '' ? basePath : path}`;
  }
  return { fixed, of: (req) => fixed ?? `${req.protocol}://${req.get('host') ?? '127.0.0.1'}${basePath}` };
}

/**
 * SCIMMY builds meta.location from process-wide base paths. Call this whenever one of an app's
 * requests is about to reach SCIMMY (everything after that is synchronous in-memory work, so
 * another app in the same process cannot change them in between).
 */
export function pointScimmyAt(base: string): void {
  SCIMMY.Resources.Schema.basepath(base);
  SCIMMY.Resources.ResourceType.basepath(base);
  SCIMMY.Resources.ServiceProviderConfig.basepath(base);
  SCIMMY.Resources.User.basepath(base);
  SCIMMY.Resources.Group.basepath(base);
}
