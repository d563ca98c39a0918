// Older shapes of the configuration and the step that lifts each one to the next version. A
// stored or imported config of any older version is migrated step by step, then validated as
// the current version; every step is tested (tests/unit/config-migrations.test.ts).
import { z } from 'zod';
import { defaultConfig } from './defaults';
import { criteriaSchema, fieldSourceSchema, orgIdSchema, scheduleSchema } from './schema';
import { ZOHO_FIELD_KEYS } from './fields';

/**
 * Version 1, the first draft: laid out in the order of Zoho's own wizard (connection, a flat
 * field mapping, settings), with status sync as a plain on/off and no safety settings.
 */
export const configV1Schema = z.object({
  version: z.literal(1),
  jumpcloud: z.object({ region: z.enum(['us', 'eu']), orgId: orgIdSchema.optional() }),
  zoho: z.object({ dataCentre: z.string(), syncEndpoint: z.string().optional() }),
  mapping: z.partialRecord(z.enum(ZOHO_FIELD_KEYS), fieldSourceSchema),
  settings: z.object({
    passwordNotification: z.enum(['user', 'admin', 'none']),
    statusSync: z.boolean(),
    criteria: criteriaSchema,
    schedule: scheduleSchema,
  }),
});

function fromV1(input: unknown): unknown {
  const v1 = configV1Schema.parse(input);
  const base = defaultConfig();
  return {
    ...base,
    jumpcloud: v1.jumpcloud,
    target: { dataCentre: v1.zoho.dataCentre, syncEndpoint: v1.zoho.syncEndpoint, verifiedDomains: [] },
    mapping: { fields: { ...base.mapping.fields, ...v1.mapping }, customFields: [] },
    settings: {
      ...base.settings,
      passwordNotification: v1.settings.passwordNotification,
      statusSync: { mode: v1.settings.statusSync ? 'mirror' : 'nothing', onDelete: 'deactivate' },
      criteria: v1.settings.criteria,
      schedule: v1.settings.schedule,
    },
  };
}

/** migrations[n] lifts a version-n config to version n + 1. */
export const migrations: Record<number, (input: unknown) => unknown> = { 1: fromV1 };
