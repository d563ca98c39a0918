// Every way a JumpCloud read can fail, as one error type whose message says what happened in plain
// words and whose hint says what the admin can do about it. The run record shows both, so they are
// written for a person, not a log parser. The kind is for code (e.g. a revoked key stops the
// schedule; 'unavailable' is worth a later retry). Messages never carry the API key or raw headers:
// text taken from a server passes redact() before it is quoted, in case a proxy echoes the request.
import { redact } from '../secrets/redact';

export type JumpCloudErrorKind = 'revoked-key' | 'forbidden' | 'org' | 'malformed' | 'unavailable' | 'rejected' | 'ambiguous';

export class JumpCloudError extends Error {
  override readonly name = 'JumpCloudError';
  readonly kind: JumpCloudErrorKind;
  /** The HTTP status JumpCloud answered with, when there was an answer. */
  readonly status?: number;
  /** What the admin can do about it. */
  readonly hint: string;

  constructor(kind: JumpCloudErrorKind, message: string, hint: string, status?: number) {
    super(message);
    this.kind = kind;
    this.hint = hint;
    if (status !== undefined) this.status = status;
  }
}

/** What a request was for, in the words the admin sees in the console ("user groups"). */
export interface Route {
  /** For "cannot read …" / "refused access to …". */
  name: string;
  /** For "… is not the expected …". */
  expected: string;
}

export const ROUTES = {
  users: { name: 'users', expected: 'list of users' },
  user: { name: 'users', expected: 'user record' },
  groups: { name: 'user groups', expected: 'list of user groups' },
  membership: { name: 'user group membership', expected: 'list of group members' },
  organizations: { name: 'organizations', expected: 'list of organizations' },
} as const satisfies Record<string, Route>;

const NOTHING_WRITTEN = 'nothing was written';

const HINT_NEW_KEY =
  "In the JumpCloud console open your profile menu → My API Key → Generate New API Key, then paste the new key in the assistant's settings.";
const HINT_ORG =
  "A multi-tenant administrator's key needs the ID of the organization to read: use Test connection to list your organizations, or copy the ID from that organization's Settings → Organization Profile, and enter it as the Organization ID in the assistant's settings. Leave it empty if you manage a single organization.";
const HINT_ROLE =
  'Ask an Administrator with Billing to give this admin a role that can read users and user groups, or use the API key of an admin whose role can.';
const HINT_RETRY_LATER =
  "Check the network connection and JumpCloud's status page (status.jumpcloud.com), then run the sync again.";
const HINT_REPORT =
  'Run the sync again; if this keeps happening, update the assistant or report the problem with this message.';

/** The `message` (or `error`) of a JumpCloud error body; the shape varies, so read it defensively. */
export function serverMessage(body: string): string {
  let text = body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>;
      const m = [o.message, o.error, o.status].find((v): v is string => typeof v === 'string' && v.trim() !== '');
      text = m ?? '';
    }
  } catch {
    // Not JSON (an HTML error page from a proxy, say): quote the start of it.
  }
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Server text for inside a sentence: redacted first, then cut short (cutting first could leave a
 * fragment of a key that no longer looks like one).
 */
function quoted(text: string, known: readonly string[]): string {
  if (!text) return '';
  const safe = redact(text, known);
  return ` JumpCloud said: "${safe.length > 160 ? `${safe.slice(0, 157)}…` : safe}".`;
}

export interface FailureContext {
  route: Route;
  status: number;
  /** The raw response body (only its message is quoted, redacted). */
  body: string;
  orgId?: string;
  /** Secrets to scrub from anything quoted: the API key. */
  known: readonly string[];
}

/** Turns a non-2xx answer (after retries) into the error the admin reads. */
export function errorFromResponse(ctx: FailureContext): JumpCloudError {
  const { route, status, orgId, known } = ctx;
  const said = serverMessage(ctx.body);
  const lower = said.toLowerCase();
  const aboutOrg = lower.includes('organization') || lower.includes('x-org-id');

  if (status === 401 && aboutOrg) {
    return new JumpCloudError(
      'org',
      orgId
        ? `JumpCloud did not accept the organization ID ${orgId} for this API key.`
        : 'JumpCloud needs to know which organization to read: this API key belongs to a multi-tenant administrator, so every request must name an organization ID.',
      HINT_ORG,
      status,
    );
  }
  if (status === 401) {
    return new JumpCloudError(
      'revoked-key',
      'JumpCloud refused the API key: it was revoked, has expired, or a newer key was generated (generating a key revokes the old one).',
      HINT_NEW_KEY,
      status,
    );
  }
  // JumpCloud's multi-tenant rules: 400 malformed ID, 403 ID on a route that takes none, 404 org not found.
  if ((status === 400 || status === 403 || status === 404) && aboutOrg) {
    return new JumpCloudError(
      'org',
      orgId
        ? `JumpCloud did not accept the organization ID ${orgId}: it is malformed, or this API key cannot manage that organization.${quoted(said, known)}`
        : `JumpCloud refused the request because of the organization ID header.${quoted(said, known)}`,
      HINT_ORG,
      status,
    );
  }
  if (status === 403) {
    return new JumpCloudError(
      'forbidden',
      `JumpCloud refused access to ${route.name}: the administrator whose API key this is has a role that cannot read ${route.name}.${quoted(said, known)}`,
      HINT_ROLE,
      status,
    );
  }
  if (status === 429) {
    return new JumpCloudError(
      'unavailable',
      `JumpCloud kept asking the assistant to slow down (HTTP 429) while reading ${route.name}, and it gave up after waiting repeatedly; ${NOTHING_WRITTEN}.`,
      'JumpCloud limits how fast an API key may read. Run the sync again later, or at a quieter time.',
      status,
    );
  }
  if (status >= 500) {
    return new JumpCloudError(
      'unavailable',
      `JumpCloud kept failing (HTTP ${status}) while reading ${route.name}, even after several retries; ${NOTHING_WRITTEN}.${quoted(said, known)}`,
      HINT_RETRY_LATER,
      status,
    );
  }
  return new JumpCloudError(
    'rejected',
    `JumpCloud rejected the request for ${route.name} (HTTP ${status}); ${NOTHING_WRITTEN}.${quoted(said, known)}`,
    HINT_REPORT,
    status,
  );
}

/** The server could not be reached at all, after retries. */
export function unreachable(route: Route, cause: unknown, known: readonly string[]): JumpCloudError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new JumpCloudError(
    'unavailable',
    redact(`JumpCloud could not be reached while reading ${route.name} (${reason}); ${NOTHING_WRITTEN}.`, known),
    HINT_RETRY_LATER,
  );
}

/**
 * The answer was not what the API documents: not JSON, or a shape the schema refuses. `reason`
 * names a position or field, never a value (values can be personal data).
 */
export function malformed(route: Route, reason: string, known: readonly string[], status?: number): JumpCloudError {
  return new JumpCloudError(
    'malformed',
    redact(`JumpCloud answered with something that is not the expected ${route.expected} (${reason}); ${NOTHING_WRITTEN}.`, known),
    'This is usually a passing problem at JumpCloud, or a proxy or captive portal between this browser and JumpCloud. ' + HINT_REPORT,
    status,
  );
}
