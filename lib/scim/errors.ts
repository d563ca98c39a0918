// Every way a SCIM request can fail, as one error type: the message says what happened in plain
// words, the hint says what the admin can do about it, and the kind is for code (a refused token
// stops the schedule, 'conflict' sends the engine to find and adopt the existing user,
// 'unavailable' is worth a later retry). The run record shows message and hint as they are, so
// neither may carry the SCIM token: everything quoted from a server passes redact() first, in case
// a proxy or a chatty server echoes the Authorization header back.
import { redact } from '../secrets/redact';
import type { ScimErrorBody } from './schemas';

export type ScimErrorKind = 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'invalid' | 'unavailable' | 'malformed';

export class ScimError extends Error {
  override readonly name = 'ScimError';
  readonly kind: ScimErrorKind;
  /** The HTTP status the directory answered with, when there was an answer. */
  readonly status?: number;
  /** RFC 7644 §3.12 scimType (e.g. "uniqueness", "invalidFilter"), when the server sent one. */
  readonly scimType?: string;
  /** The server's own words (redacted, one line, shortened), when it sent any. */
  readonly detail?: string;
  /** What the admin can do about it. */
  readonly hint: string;

  constructor(init: { kind: ScimErrorKind; message: string; hint: string; status?: number; scimType?: string; detail?: string }) {
    super(init.message);
    this.kind = init.kind;
    this.hint = init.hint;
    if (init.status !== undefined) this.status = init.status;
    if (init.scimType !== undefined) this.scimType = init.scimType;
    if (init.detail !== undefined) this.detail = init.detail;
  }
}

export const HINT_TOKEN =
  "In Zoho Directory open Admin Panel → Directory Stores → JumpCloud, copy the SCIM token again and paste it in the assistant's settings.";
const HINT_ENDPOINT =
  "In Zoho Directory open Admin Panel → Directory Stores → JumpCloud, copy the Sync endpoint again and paste it in the assistant's settings (the whole URL, as shown).";
const HINT_FORBIDDEN =
  'Check in Zoho Directory (Admin Panel → Directory Stores → JumpCloud) that the store is active and allowed to change users and groups; if it is, copy a fresh SCIM token into the assistant.';
const HINT_RETRY_LATER = 'Check the network connection and try the sync again later; nothing more was changed after this request.';
const HINT_REPORT = 'Run the sync again; if this keeps happening, update the assistant or report the problem with this message.';

/** What a request was about, for the sentence the admin reads. */
export interface RequestContext {
  /** "create the user ann@example.com", "read the list of users", … */
  action: string;
  /** A collection or discovery URL: a 404 there means the base URL is wrong, not that a resource is gone. */
  onBase: boolean;
  /** The Sync endpoint, as configured (shown on "not found" and "unreachable"). */
  baseUrl: string;
  /** Secrets to scrub from everything quoted: the SCIM token. */
  known: readonly string[];
}

/** The server's words from an error body, in one short line; '' when it said nothing useful. */
function serverWords(body: ScimErrorBody | undefined, text: string): string {
  const said = body?.detail ?? body?.Errors?.find((e) => e.description)?.description ?? body?.message ?? (body ? '' : text);
  const line = (said ?? '').replace(/\s+/g, ' ').trim();
  // An HTML error page says nothing a person can use in a sentence.
  if (/^<(!doctype|html|head|body)\b/i.test(line)) return '';
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}

/** Turns a non-2xx answer (after retries) into the error the admin reads. */
export function errorFromResponse(
  ctx: RequestContext,
  status: number,
  body: ScimErrorBody | undefined,
  text: string,
): ScimError {
  const detail = redact(serverWords(body, text), ctx.known) || undefined;
  const scimType = body?.scimType ? redact(body.scimType, ctx.known) : undefined;
  const said = detail ? ` The directory said: "${detail}".` : '';
  const make = (kind: ScimErrorKind, message: string, hint: string) =>
    new ScimError({
      kind,
      message: redact(message, ctx.known),
      hint,
      status,
      ...(scimType !== undefined ? { scimType } : {}),
      ...(detail !== undefined ? { detail } : {}),
    });

  if (status === 401) {
    return make('unauthorized', 'The Sync endpoint refused the SCIM token: it is wrong, or was regenerated in Zoho Directory.', HINT_TOKEN);
  }
  if (status === 403) {
    return make('forbidden', `The Sync endpoint accepted the SCIM token but refused to ${ctx.action} (HTTP 403).${said}`, HINT_FORBIDDEN);
  }
  if (status === 404 && ctx.onBase) {
    return make(
      'not-found',
      `Nothing answers at the Sync endpoint ${endpointForHumans(ctx.baseUrl)} (HTTP 404 while trying to ${ctx.action}): the URL is wrong or incomplete.`,
      HINT_ENDPOINT,
    );
  }
  if (status === 404) {
    return make(
      'not-found',
      `Could not ${ctx.action}: it no longer exists in the directory (HTTP 404). Someone may have deleted it there.`,
      'Run the sync again: the assistant looks the user or group up afresh and creates it again if it is still selected.',
    );
  }
  if (status === 409) {
    return make(
      'conflict',
      `Could not ${ctx.action}: the directory already has one with the same unique value (HTTP 409${scimType ? ` ${scimType}` : ''}).${said}`,
      'The assistant links to the existing entry on the next run. If the existing entry belongs to someone else, change the mapped user name or email in JumpCloud.',
    );
  }
  if (status === 429) {
    return make(
      'unavailable',
      `The directory kept asking the assistant to slow down (HTTP 429) while trying to ${ctx.action}, and it gave up after waiting repeatedly.`,
      'The directory limits how fast it accepts changes. Run the sync again later, or at a quieter time.',
    );
  }
  if (status >= 500 && status !== 501) {
    return make(
      'unavailable',
      `The directory kept failing (HTTP ${status}) while trying to ${ctx.action}, even after several retries.${said}`,
      HINT_RETRY_LATER,
    );
  }
  // 400, 405, 412, 413, 415, 422, 501 …: the request itself was refused.
  return make(
    'invalid',
    `The directory rejected the request to ${ctx.action} (HTTP ${status}${scimType ? ` ${scimType}` : ''}).${said}`,
    status === 400
      ? 'Check the field mapping for values the directory may not accept (an empty or malformed email, an unknown language code), then run the sync again.'
      : HINT_REPORT,
  );
}

/** The server could not be reached at all, after retries. */
export function unreachable(ctx: RequestContext, cause: unknown): ScimError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ScimError({
    kind: 'unavailable',
    message: redact(`The Sync endpoint ${endpointForHumans(ctx.baseUrl)} could not be reached while trying to ${ctx.action} (${reason}).`, ctx.known),
    hint: 'Check the network connection and that the Sync endpoint URL is right, then run the sync again.',
  });
}

/**
 * The answer was not SCIM: not JSON (an HTML login page, a proxy's error page), or a shape the
 * schema refuses. `reason` names a field or position, never a value (values can be personal data).
 */
export function malformed(ctx: RequestContext, reason: string, status?: number): ScimError {
  return new ScimError({
    kind: 'malformed',
    message: redact(`The Sync endpoint answered with something that is not SCIM while trying to ${ctx.action} (${reason}).`, ctx.known),
    hint: `Check that the Sync endpoint URL is the one Zoho Directory shows. ${HINT_REPORT}`,
    ...(status !== undefined ? { status } : {}),
  });
}

/** Origin and path, without any query string (where a misconfigured URL might carry a secret). */
function endpointForHumans(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return '(not a valid URL)';
  }
}

/** A directory user found for a JumpCloud user by name, but linked to another JumpCloud user. */
export function claimedError(by: string, value: string, scimId: string, owner: string): ScimError {
  return new ScimError({
    kind: 'conflict',
    message: `The directory user ${scimId} has the ${by} "${value}" but is linked to another JumpCloud user (${owner}), so it is not linked to this one and nothing was written for it.`,
    hint: 'If both are the same person, remove the other JumpCloud user or clear the directory user’s externalId, then sync again; if not, give one of them another email.',
  });
}

/** Several resources answer to one value: acting on either could be acting on the wrong one. */
export function ambiguousError(noun: string, by: string, value: string, ids: readonly string[]): ScimError {
  return new ScimError({
    kind: 'conflict',
    message: `${ids.length} ${noun}s in the directory have the ${by} "${value}" (ids ${ids.join(', ')}), so neither is linked and nothing was written for it.`,
    hint: 'Remove or rename the duplicate in the directory, then sync again.',
  });
}
