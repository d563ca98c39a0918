// SCIM responses as the engine reads them, checked where they enter (DESIGN.md principle 1). Loose
// on purpose: a directory may return attributes we never asked about (kept, so fromResource can
// diff an adopted user's custom extension fields) and may send `null` for anything unassigned
// (RFC 7643 §2.5 makes null and absent the same). Strict only where the engine depends on a type:
// ids, userName, displayName, active, externalId, and ListResponse counters.
import { z } from 'zod';
import { ENTERPRISE_USER_SCHEMA } from './flat-user';

const text = z.string().nullish();
const flag = z.boolean().nullish();

/** One entry of a multi-valued attribute (emails, phoneNumbers, ims, photos, …). */
const multiValued = z.looseObject({
  value: text,
  display: text,
  type: text,
  primary: flag,
});

const address = z.looseObject({
  formatted: text,
  streetAddress: text,
  locality: text,
  region: text,
  postalCode: text,
  country: text,
  type: text,
  primary: flag,
});

const enterpriseExtension = z.looseObject({
  employeeNumber: text,
  costCenter: text,
  organization: text,
  division: text,
  department: text,
  manager: z.looseObject({ value: text, $ref: text, displayName: text }).nullish(),
});

const meta = z.looseObject({
  resourceType: text,
  created: text,
  lastModified: text,
  location: text,
  version: text,
});

/**
 * A resource's id, as it goes into the path of every later request: "." and ".." would make
 * /Users/.. the endpoint itself, so a directory that answers with one is refused at the boundary.
 */
export const resourceIdSchema = z
  .string()
  .min(1)
  .refine((id) => id !== '.' && id !== '..', { error: 'a SCIM id is never "." or ".."' });

export const scimUserSchema = z.looseObject({
  schemas: z.array(z.string()).nullish(),
  id: resourceIdSchema,
  externalId: text,
  userName: z.string(),
  active: flag,
  name: z
    .looseObject({
      formatted: text,
      familyName: text,
      givenName: text,
      middleName: text,
      honorificPrefix: text,
      honorificSuffix: text,
    })
    .nullish(),
  displayName: text,
  nickName: text,
  title: text,
  userType: text,
  preferredLanguage: text,
  locale: text,
  timezone: text,
  emails: z.array(multiValued).nullish(),
  phoneNumbers: z.array(multiValued).nullish(),
  addresses: z.array(address).nullish(),
  [ENTERPRISE_USER_SCHEMA]: enterpriseExtension.nullish(),
  meta: meta.nullish(),
});
export type ScimUser = z.infer<typeof scimUserSchema>;

export const scimGroupMemberSchema = z.looseObject({ value: resourceIdSchema, display: text, type: text, $ref: text });

export const scimGroupSchema = z.looseObject({
  schemas: z.array(z.string()).nullish(),
  id: resourceIdSchema,
  displayName: z.string(),
  externalId: text,
  members: z.array(scimGroupMemberSchema).nullish(),
  meta: meta.nullish(),
});
export type ScimGroup = z.infer<typeof scimGroupSchema>;

/** RFC 7644 §3.4.2 ListResponse of `item`. Resources may be left out when there are none. */
export function listResponseSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    schemas: z.array(z.string()).nullish(),
    totalResults: z.number().int().nonnegative(),
    startIndex: z.number().int().nullish(),
    itemsPerPage: z.number().int().nullish(),
    Resources: z
      .array(item)
      .nullish()
      .transform((r) => r ?? []),
  });
}

/**
 * RFC 7644 §3.12 Error body. `status` is a string in the RFC and a number in its errata'd
 * examples and in many servers; `Errors[].description` and `message` are what SCIM 1.1 servers
 * and some gateways send instead of `detail`.
 */
export const scimErrorBodySchema = z.looseObject({
  schemas: z.array(z.string()).nullish(),
  status: z.union([z.string(), z.number()]).nullish(),
  scimType: z.string().nullish(),
  detail: z.string().nullish(),
  message: z.string().nullish(),
  Errors: z.array(z.looseObject({ description: z.string().nullish(), code: z.union([z.string(), z.number()]).nullish() })).nullish(),
});
export type ScimErrorBody = z.infer<typeof scimErrorBodySchema>;

const supported = z.looseObject({ supported: flag });

/** RFC 7643 §5: every part optional, since some directories publish only what they support. */
export const serviceProviderConfigSchema = z.looseObject({
  patch: supported.nullish(),
  bulk: z.looseObject({ supported: flag, maxOperations: z.number().nullish(), maxPayloadSize: z.number().nullish() }).nullish(),
  filter: z.looseObject({ supported: flag, maxResults: z.number().nullish() }).nullish(),
  changePassword: supported.nullish(),
  sort: supported.nullish(),
  etag: supported.nullish(),
  authenticationSchemes: z.array(z.looseObject({ type: text, name: text })).nullish(),
});
export type ServiceProviderConfig = z.infer<typeof serviceProviderConfigSchema>;

const attributeBase = {
  name: z.string().min(1),
  type: text,
  multiValued: flag,
  required: flag,
  caseExact: flag,
  mutability: text,
  returned: text,
  uniqueness: text,
  canonicalValues: z.array(z.unknown()).nullish(),
  description: text,
};

/** RFC 7643 §7: sub-attributes go one level deep only ("complex" cannot contain "complex"). */
export const schemaAttributeSchema = z.looseObject({
  ...attributeBase,
  subAttributes: z.array(z.looseObject(attributeBase)).nullish(),
});
export type SchemaAttribute = z.infer<typeof schemaAttributeSchema>;

export const scimSchemaSchema = z.looseObject({
  id: z.string().min(1),
  name: text,
  description: text,
  attributes: z
    .array(schemaAttributeSchema)
    .nullish()
    .transform((a) => a ?? []),
});
export type ScimSchema = z.infer<typeof scimSchemaSchema>;

/** GET /Schemas: a ListResponse per RFC 7644 §4, or a bare array from some older servers. */
export const schemasResponseSchema = z.union([
  listResponseSchema(scimSchemaSchema).transform((list) => list.Resources),
  z.array(scimSchemaSchema),
]);
