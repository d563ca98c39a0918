// JumpCloud's responses as the engine reads them, checked where they enter (DESIGN.md principle 1).
// Only the fields the engine uses are requested (USER_FIELDS) and kept; the rest is dropped here.
import { z } from 'zod';
import { JUMPCLOUD_TEXT_FIELDS } from '../config/fields';
import { isRecord } from '../is-record';

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const objectId = z.string().regex(OBJECT_ID, { error: 'not a JumpCloud object id' });
/** A text field as JumpCloud may send it: a string, null or absent (read as ''). */
const text = z.string().nullish();
const orEmpty = (v: string | null | undefined) => v ?? '';
/** The same, read as '' by the schema itself: for the few records of the short lists. */
const textOrEmpty = text.transform(orEmpty);

/** The v1 systemuser fields the engine asks for with `fields=`; everything a mapping can use. */
export const USER_FIELDS = [
  '_id',
  ...JUMPCLOUD_TEXT_FIELDS,
  'phoneNumbers',
  'addresses',
  'attributes',
  'state',
  'activated',
  'suspended',
] as const;

const phoneNumberSchema = z.object({ type: text, number: text });
const addressSchema = z.object({
  type: text,
  poBox: text,
  extendedAddress: text,
  streetAddress: text,
  locality: text,
  region: text,
  postalCode: text,
  country: text,
});
// JumpCloud lets an attribute value be any JSON value; Zoho fields are text.
const attributeSchema = z.object({
  name: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
});

type TextField = Exclude<(typeof JUMPCLOUD_TEXT_FIELDS)[number], 'username'>;
const TEXT_FIELDS = JUMPCLOUD_TEXT_FIELDS.filter((f): f is TextField => f !== 'username');

/**
 * A user as JumpCloud sends it. No field has a transform: zod checks an object without them on its
 * compiled fast path, some fifteen times faster (at 100,000 users, seconds of a sync's processor
 * time: bench/RESULTS.md); toJumpCloudUser then fills in the defaults in plain code.
 */
const wireUserSchema = z.object({
  _id: objectId,
  username: z.string(),
  ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, text])) as Record<TextField, typeof text>),
  phoneNumbers: z.array(phoneNumberSchema).nullish(),
  addresses: z.array(addressSchema).nullish(),
  attributes: z.array(attributeSchema).nullish(),
  state: z.enum(['STAGED', 'ACTIVATED', 'SUSPENDED']).optional(),
  activated: z.boolean().optional(),
  suspended: z.boolean().optional(),
});
type WireUser = z.output<typeof wireUserSchema>;

export type JumpCloudUser = { _id: string; username: string } & Record<TextField, string> & {
    phoneNumbers: { type: string; number: string }[];
    addresses: Record<keyof z.output<typeof addressSchema>, string>[];
    attributes: { name: string; value: string }[];
    state: 'STAGED' | 'ACTIVATED' | 'SUSPENDED';
    activated?: boolean;
    suspended?: boolean;
  };

/** Absent and null text as '', absent lists as [], attribute values as text, and the state. */
function toJumpCloudUser(u: WireUser): JumpCloudUser {
  const user = { _id: u._id, username: u.username } as JumpCloudUser;
  for (const f of TEXT_FIELDS) user[f] = orEmpty(u[f]);
  user.phoneNumbers = (u.phoneNumbers ?? []).map((p) => ({ type: orEmpty(p.type), number: orEmpty(p.number) }));
  user.addresses = (u.addresses ?? []).map((a) => ({
    type: orEmpty(a.type),
    poBox: orEmpty(a.poBox),
    extendedAddress: orEmpty(a.extendedAddress),
    streetAddress: orEmpty(a.streetAddress),
    locality: orEmpty(a.locality),
    region: orEmpty(a.region),
    postalCode: orEmpty(a.postalCode),
    country: orEmpty(a.country),
  }));
  user.attributes = (u.attributes ?? []).map((a) => ({ name: a.name, value: a.value === null || a.value === undefined ? '' : String(a.value) }));
  // Older records carry only the booleans; newer ones the state. Derive one from the other.
  user.state = u.state ?? (u.suspended ? 'SUSPENDED' : u.activated === false ? 'STAGED' : 'ACTIVATED');
  if (u.activated !== undefined) user.activated = u.activated;
  if (u.suspended !== undefined) user.suspended = u.suspended;
  return user;
}

const isText = (v: unknown) => v === undefined || v === null || typeof v === 'string';
/** Absent, null, or an array of objects each passing `item`. */
const isListOf = (v: unknown, item: (x: Record<string, unknown>) => boolean) =>
  v === undefined || v === null || (Array.isArray(v) && v.every((x) => isRecord(x) && item(x)));
const ADDRESS_FIELDS = Object.keys(addressSchema.shape);
const STATES: unknown[] = wireUserSchema.shape.state.unwrap().options;
const isAttributeValue = (v: unknown) => v === undefined || v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isFlag = (v: unknown) => v === undefined || typeof v === 'boolean';

/**
 * What wireUserSchema passes, tested in plain code without making a copy: every user of every run
 * is read through here, and the schema's parse (which builds a checked copy for toJumpCloudUser to
 * copy again) was some 10% of a re-sync's processor time. It passes nothing the schema would not
 * (tests/unit/jumpcloud-user-schema.test.ts); whatever it does not pass goes to the schema, whose
 * issues say what is wrong.
 */
function isWireUser(u: unknown): u is WireUser {
  return (
    isRecord(u) &&
    typeof u._id === 'string' &&
    OBJECT_ID.test(u._id) &&
    typeof u.username === 'string' &&
    TEXT_FIELDS.every((f) => isText(u[f])) &&
    isListOf(u.phoneNumbers, (p) => isText(p.type) && isText(p.number)) &&
    isListOf(u.addresses, (a) => ADDRESS_FIELDS.every((f) => isText(a[f]))) &&
    isListOf(u.attributes, (a) => typeof a.name === 'string' && isAttributeValue(a.value)) &&
    (u.state === undefined || STATES.includes(u.state)) &&
    isFlag(u.activated) &&
    isFlag(u.suspended)
  );
}

/** One user from JumpCloud, checked and with its defaults: what the client reads every user with. */
export function parseJumpCloudUser(raw: unknown): z.ZodSafeParseResult<JumpCloudUser> {
  if (isWireUser(raw)) return { success: true, data: toJumpCloudUser(raw) };
  const parsed = wireUserSchema.safeParse(raw);
  // The failure carries the issues only (the input is not kept), so it is the same for either type.
  return parsed.success ? { success: true, data: toJumpCloudUser(parsed.data) } : (parsed as unknown as z.ZodSafeParseError<JumpCloudUser>);
}

/** The same as a schema, for callers that compose schemas (and tests). */
export const jumpcloudUserSchema = wireUserSchema.transform(toJumpCloudUser);

export const userListSchema = z.object({ totalCount: z.number().int().min(0), results: z.array(z.unknown()) });

export const userGroupSchema = z.object({ id: objectId, name: z.string(), description: textOrEmpty });
export type JumpCloudGroup = z.output<typeof userGroupSchema>;

/** v2 /membership and /memberof entries: only the id and type are used. */
export const graphObjectSchema = z.object({ id: objectId, type: z.string() });

export const organizationListSchema = z.object({
  totalCount: z.number().int().min(0),
  results: z.array(z.object({ _id: objectId, displayName: textOrEmpty })),
});
