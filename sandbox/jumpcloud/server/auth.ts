// JumpCloud's key and x-org-id rules: which API key is calling, and which organization's directory the request may see.
import type { IncomingMessage } from 'node:http';
import { isObjectId, type JumpCloudDirectory } from '../directory.js';
import type { OrgDirectories } from './orgs.js';
import { badRequest, HttpError, notFound, UNAUTHORIZED } from './responses.js';

/** Current key format: "jca_" + 36 letters/digits (40 characters). Fixed so demos and tests can share it. */
export const SANDBOX_API_KEY = 'jca_SandboxK3yForJumpCloudZohoAssistant1';

/** A key with orgIds belongs to a multi-tenant (MTP) admin, who must pick an org with x-org-id. */
export interface ApiKey {
  key: string;
  orgIds?: string[];
}

/** Who is calling and the directory of the organization the request is about. */
export interface Caller {
  directory: JumpCloudDirectory;
  key: ApiKey;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  // JumpCloud's own code samples send an empty x-org-id; treat empty as absent.
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

export function authenticate(req: IncomingMessage, path: string, apiKeys: readonly ApiKey[], orgs: OrgDirectories): Caller {
  const key = apiKeys.find((k) => k.key === header(req, 'x-api-key'));
  if (!key) throw new HttpError(401, UNAUTHORIZED);
  const orgId = header(req, 'x-org-id');
  const isOrgList = path === '/api/organizations';
  if (orgId !== undefined && !isObjectId(orgId)) throw badRequest('invalid x-org-id header: malformed organization id');
  if (key.orgIds) {
    if (isOrgList) {
      if (orgId !== undefined) throw new HttpError(403, { message: 'Forbidden: x-org-id header is not allowed on this route' });
      return { directory: orgs.home, key };
    }
    if (orgId === undefined) throw new HttpError(401, { message: 'Unauthorized: no organization selected' });
    if (!key.orgIds.includes(orgId)) throw notFound('organization not found');
    return { directory: orgs.get(orgId), key };
  }
  if (orgId !== undefined && orgId !== orgs.home.orgId) throw notFound('organization not found');
  return { directory: orgs.home, key };
}
