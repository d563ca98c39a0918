// JumpCloud's responses as the engine reads them, checked where they enter (DESIGN.md principle 1).
// Only the fields the engine uses are requested (USER_FIELDS) and kept; the rest is dropped here.
import { z } from 'zod';
import { JUMPCLOUD_TEXT_FIELDS } from '../config/fields';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, { error: 'not a JumpCloud object id' });
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

/** One user from JumpCloud, checked and with its defaults: what the client reads every user with. */
export function parseJumpCloudUser(raw: unknown): z.ZodSafeParseResult<JumpCloudUser> {
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
