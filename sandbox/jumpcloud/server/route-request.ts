// What every route is given: the authenticated caller, the parsed request, and the handler's shared lists and org directories.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from './auth.js';
import type { OrgDirectories } from './orgs.js';
import { HttpError } from './responses.js';
import type { UserLists } from './user-lists.js';

export interface RouteRequest extends Caller {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The URL path without trailing slashes. */
  path: string;
  method: string;
  lists: UserLists;
  orgs: OrgDirectories;
}

/** Routes answer one method each; any other gets JumpCloud's 405. */
export function only(r: RouteRequest, allowed: string): void {
  if (r.method !== allowed) throw new HttpError(405, { message: `Method Not Allowed: ${r.method} ${r.path}` });
}
