// One zod schema for everything the admin configures. Secrets (the API key, the SCIM token) have
// their own schemas here but are stored apart from the config, encrypted (lib/secrets).
import { z } from 'zod';
import { JUMPCLOUD_REGIONS, ZOHO_DATA_CENTRES, type JumpCloudRegion, type ZohoDataCentre } from '../hosts';
import { JUMPCLOUD_FIELDS, ZOHO_FIELD_KEYS, type ZohoField } from './fields';

export const CONFIG_VERSION = 2;

const regionKeys = Object.keys(JUMPCLOUD_REGIONS) as [JumpCloudRegion, ...JumpCloudRegion[]];
const dataCentreKeys = Object.keys(ZOHO_DATA_CENTRES) as [ZohoDataCentre, ...ZohoDataCentre[]];

/** JumpCloud keys: current ones are `jca_` and 36 letters or digits; older ones 40 letters or digits. */
export const apiKeySchema = z
  .string()
  .trim()
  .regex(/^(jca_[A-Za-z0-9]{36}|[A-Za-z0-9]{40})$/, {
    error: 'a JumpCloud API key is "jca_" and 36 letters or digits, or 40 letters or digits for older keys',
  });

export const scimTokenSchema = z
  .string()
  .trim()
  .min(16, { error: 'a SCIM token is at least 16 characters; copy the whole token Zoho shows' })
  .regex(/^\S+$/, { error: 'a SCIM token has no spaces' });

export const secretsSchema = z.object({
  jumpcloudApiKey: apiKeySchema.optional(),
  scimToken: scimTokenSchema.optional(),
});
export type Secrets = z.infer<typeof secretsSchema>;
export type SecretName = keyof Secrets;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The Sync endpoint: https (plain http only on loopback, for a local SCIM directory), no query or
 * fragment, and no trailing slash — JumpCloud's Base URL field rejects one, and paths are joined to it.
 */
export const syncEndpointSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a URL; paste the whole Sync endpoint, starting with https://' });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
      ctx.addIssue({ code: 'custom', message: 'the Sync endpoint must start with https://' });
      return z.NEVER;
    }
    if (url.search || url.hash || url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'the Sync endpoint has no query, fragment or credentials' });
      return z.NEVER;
    }
    return url.href.replace(/\/+$/, '');
  });

export const orgIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{24}$/i, { error: 'an organization ID is 24 hexadecimal characters (Settings → Organization Profile)' });

/** Where a Zoho field takes its value from, as Zoho's mapping dialog offers it. */
export const fieldSourceSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('jumpcloud'), field: z.enum(JUMPCLOUD_FIELDS) }),
  z.object({ from: z.literal('hardcoded'), value: z.string().max(1024) }),
  // Custom JumpCloud attribute, matched by its exact, case-sensitive name.
  z.object({ from: z.literal('attribute'), name: z.string().min(1).max(1024) }),
  z.object({ from: z.literal('none') }),
]);
export type FieldSource = z.infer<typeof fieldSourceSchema>;

const fieldsShape = Object.fromEntries(ZOHO_FIELD_KEYS.map((k) => [k, fieldSourceSchema])) as Record<
  ZohoField,
  typeof fieldSourceSchema
>;

export const mappingSchema = z.object({
  fields: z.object(fieldsShape),
  /** Admin-defined Zoho fields, by their name in Zoho. */
  customFields: z
    .array(z.object({ name: z.string().trim().min(1).max(256), source: fieldSourceSchema }))
    .max(100)
    .refine((list) => new Set(list.map((f) => f.name)).size === list.length, {
      error: 'each custom Zoho field is mapped once',
    }),
});
export type Mapping = z.infer<typeof mappingSchema>;

export const RELATIONS = ['equals', 'notEquals', 'contains', 'startsWith', 'endsWith', 'isEmpty', 'isNotEmpty'] as const;

export const criteriaRuleSchema = z.object({
  subject: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('field'), field: z.enum(JUMPCLOUD_FIELDS) }),
    z.object({ kind: z.literal('attribute'), name: z.string().min(1) }),
    z.object({ kind: z.literal('memberOf') }),
  ]),
  relation: z.enum(RELATIONS),
  value: z.string().max(1024).default(''),
}).refine((r) => r.subject.kind !== 'memberOf' || /^[0-9a-f]{24}$/i.test(r.value), {
  // Checked where settings come in (saved, imported, on the command line), not first in a sync.
  path: ['value'],
  error: 'a JumpCloud group id (24 hexadecimal characters): choose the group from the list',
});
export type CriteriaRule = z.infer<typeof criteriaRuleSchema>;

export const criteriaSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all') }),
  z
    .object({
      mode: z.literal('match'),
      rules: z.array(criteriaRuleSchema).min(1).max(50),
      combine: z.enum(['and', 'or', 'pattern']),
      /** e.g. "(1 AND 2) OR 3"; numbers are 1-based rule positions. */
      pattern: z.string().max(500).optional(),
    })
    .superRefine((c, ctx) => {
      if (c.combine !== 'pattern') return;
      const pattern = c.pattern ?? '';
      if (!/^[\s()0-9]*$/.test(pattern.replace(/\b(AND|OR)\b/gi, ''))) {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'a pattern uses rule numbers, AND, OR and brackets' });
      }
      const numbers = (pattern.match(/\d+/g) ?? []).map(Number);
      if (numbers.length === 0 || numbers.some((n) => n < 1 || n > c.rules.length)) {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: `the pattern names rules 1 to ${c.rules.length}` });
      }
    }),
]);
export type Criteria = z.infer<typeof criteriaSchema>;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'a time is HH:MM, 24-hour' });

export const scheduleSchema = z
  .object({
    enabled: z.boolean(),
    frequency: z.enum(['hourly', 'daily', 'weekly', 'monthly']),
    everyHours: z.number().int().min(1).max(24),
    time,
    /** 0 = Sunday … 6 = Saturday. */
    weekdays: z.array(z.number().int().min(0).max(6)).max(7),
    monthDates: z.array(z.number().int().min(1).max(31)).max(31),
  })
  .superRefine((s, ctx) => {
    if (!s.enabled) return;
    if (s.frequency === 'weekly' && s.weekdays.length === 0)
      ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'choose at least one day of the week' });
    if (s.frequency === 'monthly' && s.monthDates.length === 0)
      ctx.addIssue({ code: 'custom', path: ['monthDates'], message: 'choose at least one date of the month' });
  });
export type Schedule = z.infer<typeof scheduleSchema>;

export const settingsSchema = z.object({
  /** Zoho's Mail Notification: tell new users by mail, or not. */
  mailNotification: z.enum(['notify', 'dontNotify']),
  /** Zoho's Password Notification (only with mail notification, only for verified domains). */
  passwordNotification: z.enum(['user', 'admin', 'none']),
  /** Zoho's Status Sync: mirror activation, suspension and deletion, or do nothing. */
  statusSync: z.object({ mode: z.enum(['mirror', 'nothing']), onDelete: z.enum(['deactivate', 'delete']) }),
  /** Zoho's Resource Sync: users and/or groups; groupIds are the JumpCloud groups pushed. */
  resourceSync: z.object({
    users: z.boolean(),
    groups: z.boolean(),
    groupIds: z.array(z.string().regex(/^[0-9a-f]{24}$/i)).max(1000),
  }),
  criteria: criteriaSchema,
  schedule: scheduleSchema,
  /**
   * How often a scheduled run also reads every directory user and reconciles with them
   * (lib/sync/reconcile.ts); the first sync always does. Absent in settings saved before it existed.
   */
  reconcile: z.enum(['daily', 'weekly', 'monthly', 'never']).default('weekly'),
});
export type Settings = z.infer<typeof settingsSchema>;

export const safetySchema = z.object({
  /** A run that would deactivate or delete more than this share of synced users stops and asks. */
  deletionThresholdPercent: z.number().min(0).max(100),
  /** …or more than this many of them. */
  deletionThresholdCount: z.number().int().min(0),
});

/** How users reach Zoho: Zoho pulls with the API key, JumpCloud pushes over SCIM, or this assistant syncs. */
export const SETUP_PATHS = ['zoho-pulls', 'jumpcloud-pushes', 'assistant-syncs'] as const;
export type SetupPath = (typeof SETUP_PATHS)[number];

export const configSchema = z.object({
  version: z.literal(CONFIG_VERSION),
  /** The admin's choice in the setup checklist; unset until chosen. */
  setupPath: z.enum(SETUP_PATHS).optional(),
  /**
   * The console-side steps of setup the assistant cannot check itself (JumpCloud's SCIM application,
   * Zoho's API-key store): when their guide last ran to its end, in ms since the epoch.
   */
  guidesFinished: z.object({ scim: z.number().optional(), 'zoho-api': z.number().optional() }).optional(),
  jumpcloud: z.object({
    region: z.enum(regionKeys),
    /** Only multi-tenant (MTP) admins need one. */
    orgId: orgIdSchema.optional(),
  }),
  target: z.object({
    dataCentre: z.enum(dataCentreKeys),
    syncEndpoint: syncEndpointSchema.optional(),
    /** Domains verified in Zoho: password notification reaches only users on these. */
    verifiedDomains: z.array(z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)).max(500),
  }),
  mapping: mappingSchema,
  settings: settingsSchema,
  safety: safetySchema,
});
export type Config = z.infer<typeof configSchema>;
