// JumpCloud's responses as the engine reads them, checked where they enter (DESIGN.md principle 1).
// Only the fields the engine uses are requested (USER_FIELDS) and kept; the rest is dropped here.
import { z } from 'zod';
import { JUMPCLOUD_TEXT_FIELDS } from '../config/fields';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, { error: 'not a JumpCloud object id' });
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

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
  value: z
    .union([z.string(), z.number(), z.boolean(), z.null()])
    .optional()
    .transform((v) => (v === null || v === undefined ? '' : String(v))),
});

export const jumpcloudUserSchema = z
  .object({
    _id: objectId,
    username: z.string(),
    email: text,
    alternateEmail: text,
    firstname: text,
    middlename: text,
    lastname: text,
    displayname: text,
    employeeIdentifier: text,
    jobTitle: text,
    department: text,
    costCenter: text,
    company: text,
    location: text,
    employeeType: text,
    description: text,
    manager: text,
    phoneNumbers: z
      .array(phoneNumberSchema)
      .nullish()
      .transform((v) => v ?? []),
    addresses: z
      .array(addressSchema)
      .nullish()
      .transform((v) => v ?? []),
    attributes: z
      .array(attributeSchema)
      .nullish()
      .transform((v) => v ?? []),
    state: z.enum(['STAGED', 'ACTIVATED', 'SUSPENDED']).optional(),
    activated: z.boolean().optional(),
    suspended: z.boolean().optional(),
  })
  .transform((u) => ({
    ...u,
    // Older records carry only the booleans; newer ones the state. Derive one from the other.
    state: u.state ?? (u.suspended ? 'SUSPENDED' : u.activated === false ? 'STAGED' : 'ACTIVATED'),
  }));
export type JumpCloudUser = z.output<typeof jumpcloudUserSchema>;

export const userListSchema = z.object({ totalCount: z.number().int().min(0), results: z.array(z.unknown()) });

export const userGroupSchema = z.object({ id: objectId, name: z.string(), description: text });
export type JumpCloudGroup = z.output<typeof userGroupSchema>;

/** v2 /membership and /memberof entries: only the id and type are used. */
export const graphObjectSchema = z.object({ id: objectId, type: z.string() });

export const organizationListSchema = z.object({
  totalCount: z.number().int().min(0),
  results: z.array(z.object({ _id: objectId, displayName: text })),
});
