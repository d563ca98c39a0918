// What a SCIMMY handler call gets through scimmy-routers' `context`: this app's store (SCIMMY's registry is process-wide) and the request's member options.
import type { Request } from 'express';
import { attrKey, GROUP_PREFIX } from '../protocol.js';
import type { ScimStore } from '../store.js';
import { scimError } from './errors.js';

export interface HandlerContext {
  store: ScimStore;
  /** The request asked for groups without their members (attributes / excludedAttributes). */
  omitMembers: boolean;
  /** A write must leave the group's members alone (our own group PATCH path). */
  keepMembers: boolean;
}

export function contextOf(ctx: unknown): HandlerContext {
  const c = ctx as Partial<HandlerContext> | undefined;
  if (!c?.store) throw scimError(500, null, 'SCIM handler called without a sandbox store in its context');
  return c as HandlerContext;
}

function queryList(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map((a) => attrKey(a.trim(), GROUP_PREFIX)) : [];
}

/** Whether `attributes` / `excludedAttributes` leave a group's members out of the response. */
export function membersExcluded(query: Request['query']): boolean {
  if (typeof query['attributes'] === 'string') {
    return !queryList(query['attributes']).some((a) => a === 'members' || a.startsWith('members.'));
  }
  return queryList(query['excludedAttributes']).includes('members');
}
