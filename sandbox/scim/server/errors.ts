// SCIM Error bodies (RFC 7644 §3.12) and the translations into them: store errors to SCIMMY errors, and any error to a SCIM response.
import type { Response } from 'express';
import SCIMMY from 'scimmy';
import { SCIM_CONTENT_TYPE, SCIM_ERROR_SCHEMA } from '../protocol.js';
import { ScimStoreError } from '../store.js';

const DEFAULT_DETAIL: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication failed: send Authorization: Bearer <SCIM token>',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request body too large',
  429: 'Too many requests; slow down and retry later',
  500: 'Internal server error',
  501: 'Not implemented',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** A SCIM Error message body (RFC 7644 §3.12). */
export function scimErrorBody(
  status: number,
  detail?: string,
  scimType?: string,
): { schemas: [string]; status: string; scimType?: string; detail: string } {
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail: detail ?? DEFAULT_DETAIL[status] ?? `HTTP ${status}`,
  };
}

export function scimError(status: number, scimType: string | null, message: string): SCIMMY.Types.SCIMError {
  return new SCIMMY.Types.Error(status, scimType as string, message);
}

/** Turns store errors into SCIMMY errors (SCIMMY maps any other exception to 404). */
export function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (ex) {
    if (ex instanceof ScimStoreError) throw scimError(ex.status, ex.scimType, ex.message);
    throw ex;
  }
}

export function sendScimError(res: Response, status: number, detail?: string, scimType?: string): void {
  if (res.headersSent) return;
  res.status(status).set('Content-Type', SCIM_CONTENT_TYPE).send(JSON.stringify(scimErrorBody(status, detail, scimType)));
}
