// Bearer-token auth for every SCIM route, compared in constant time, with the sandbox's fixed token for demos and tests.
import type { RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { sendScimError } from './errors.js';

/** The bearer token the sandbox accepts unless another is configured. */
export const SANDBOX_SCIM_TOKEN = 'zds_sandbox_7f3c9a51e2b84d06a9c1f58e3b27d4c6.Qm9ndXNTYW5kYm94VG9rZW4tWm9ob0RpcmVjdG9yeQ';

export function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Answers 401 with a SCIM Error and a WWW-Authenticate challenge unless the request carries `token`. */
export function requireBearer(token: string): RequestHandler {
  return (req, res, next) => {
    if (tokenMatches(req.get('authorization'), token)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="Zoho Directory sandbox SCIM"');
    sendScimError(res, 401);
  };
}
