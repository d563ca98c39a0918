// The plain Express steps around SCIMMY: fault injection, request counting with fixes to what SCIMMY sends, and SCIM Error bodies for errors that reach us.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Faults } from '../../faults.js';
import { LIST_RESPONSE_SCHEMA } from '../protocol.js';
import { scimErrorBody, sendScimError } from './errors.js';

export interface ScimCounts {
  /** SCIM GET requests served (and POST /.search queries). */
  reads: number;
  /** SCIM POST, PUT, PATCH and DELETE requests served. */
  writes: number;
}

/** Latency, then maybe a 429 / 5xx with a SCIM Error body. */
export function injectFaults(faults: Faults): RequestHandler {
  return async (_req, res, next) => {
    try {
      if (await faults.apply(res, (status) => scimErrorBody(status))) return;
      next();
    } catch (ex) {
      next(ex);
    }
  };
}

/**
 * Counts reads and writes, and fixes what SCIMMY sends: a Location header on 201 Created, and
 * itemsPerPage as the number of resources actually returned (RFC 7644 §3.4.2).
 */
export function countAndFixResponses(counts: ScimCounts): RequestHandler {
  return (req, res, next) => {
    const isSearch = req.method === 'POST' && req.path.endsWith('/.search');
    if (req.method === 'GET' || req.method === 'HEAD' || isSearch) counts.reads += 1;
    else counts.writes += 1;
    const send = res.send.bind(res);
    res.send = ((body?: unknown) => {
      if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
        const b = body as { meta?: { location?: unknown }; schemas?: unknown; Resources?: unknown[]; itemsPerPage?: number };
        if (res.statusCode === 201 && typeof b.meta?.location === 'string') res.location(b.meta.location);
        if (Array.isArray(b.schemas) && b.schemas.includes(LIST_RESPONSE_SCHEMA) && Array.isArray(b.Resources)) {
          b.itemsPerPage = b.Resources.length;
        }
      }
      return send(body);
    }) as Response['send'];
    next();
  };
}

/** Errors that reach us (body parser, our PATCH route, 5xx after SCIMMY answered): SCIM Error bodies, and nothing printed to the console. */
export const scimErrorHandler: ErrorRequestHandler = (ex: unknown, _req, res, _next) => {
  const e = ex as { status?: unknown; statusCode?: unknown; scimType?: unknown; message?: unknown; type?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  const scimType =
    typeof e.scimType === 'string' ? e.scimType : e.type === 'entity.parse.failed' ? 'invalidSyntax' : undefined;
  sendScimError(res, status, typeof e.message === 'string' && status < 500 ? e.message : undefined, scimType);
};
