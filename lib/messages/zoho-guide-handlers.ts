// The background's answers to the guide on a Zoho Directory or Zoho One tab: the saved API key for
// Zoho's API INTEGRATION field, and the store's Sync endpoint and SCIM token taken as the
// assistant's target — each at the admin's click, each checked here, whatever the page sent.
import { defaultConfig } from '../config/defaults';
import { ZOHO_FIELD_KEYS, ZOHO_FIELDS } from '../config/fields';
import { ConfigError } from '../config/parse';
import { scimTokenSchema, syncEndpointSchema, type Config, type FieldSource } from '../config/schema';
import { isGrantedHost, zohoDataCentreOf } from '../hosts';
import { saveConfigKeepingToken } from '../secrets/scim-token';
import { SetupError } from '../sync/connect';
import type { Handler } from './handler';
import type { ResponseData } from './protocol';
import type { ZohoMappingEntry } from '../guide/types';

const apiKeyForZoho: Handler<'guide.apiKeyForZoho'> = async (_r, ctx) => {
  // Decrypted only now, for the one field it goes into (principle 3); never logged.
  const key = await ctx.store.secrets.get('jumpcloudApiKey');
  if (!key) {
    throw new SetupError(
      'No JumpCloud API key is saved in the assistant.',
      'Run the guide "Get a JumpCloud API key" in the JumpCloud console first, or paste the key on the assistant’s options page.',
    );
  }
  return { value: key };
};

function invalid(path: string, message: string): never {
  throw new ConfigError(message, [{ path, message }]);
}

/**
 * The Sync endpoint must be on the Zoho host of the data centre the admin is signed in to: a page
 * cannot make the assistant send its token anywhere else.
 */
const saveTarget: Handler<'guide.saveTarget'> = async (r, ctx, sender) => {
  const endpoint = syncEndpointSchema.safeParse(r.syncEndpoint);
  if (!endpoint.success) invalid('syncEndpoint', `That is not a Sync endpoint: ${endpoint.error.issues[0]?.message ?? 'not a URL'}.`);
  const token = scimTokenSchema.safeParse(r.token);
  if (!token.success) invalid('scimToken', `That is not a SCIM token: ${token.error.issues[0]?.message ?? 'wrong form'}.`);
  const url = new URL(endpoint.data);
  const consoleDc = sender.url ? zohoDataCentreOf(new URL(sender.url).hostname) : null;
  const endpointDc = zohoDataCentreOf(url.hostname);
  if (!consoleDc || !isGrantedHost(url) || endpointDc !== consoleDc) {
    invalid('syncEndpoint', `The Sync endpoint is not on this Zoho data centre’s host (${url.hostname}): the assistant keeps only an endpoint on the Zoho host you are signed in to.`);
  }
  const config = (await ctx.store.config.get()) ?? defaultConfig();
  const replaced = !!config.target.syncEndpoint && config.target.syncEndpoint !== endpoint.data;
  await saveConfigKeepingToken(ctx.store, { ...config, target: { ...config.target, dataCentre: consoleDc, syncEndpoint: endpoint.data } }, token.data);
  await ctx.configChanged();
  return { saved: true, replaced };
};

/** Zoho fields whose value the assistant takes from a hard-coded value or a custom attribute. */
function zohoMapping(config: Config): ZohoMappingEntry[] {
  const entry = (field: string, source: FieldSource): ZohoMappingEntry[] =>
    source.from === 'hardcoded' && source.value.trim() !== ''
      ? [{ field, kind: 'hardcoded', value: source.value }]
      : source.from === 'attribute'
        ? [{ field, kind: 'attribute', value: source.name }]
        : [];
  return [
    ...ZOHO_FIELD_KEYS.flatMap((k) => entry(ZOHO_FIELDS[k], config.mapping.fields[k])),
    ...config.mapping.customFields.flatMap((f) => entry(f.name, f.source)),
  ];
}

/** What the guide on a Zoho tab compares the page with: no secret. */
export async function zohoKnown(config: Config | undefined): Promise<Partial<ResponseData<'guide.known'>>> {
  const c = config ?? defaultConfig();
  const s = c.settings;
  return {
    zohoMapping: zohoMapping(c),
    zohoSettings: {
      mail: s.mailNotification,
      password: s.passwordNotification,
      status: s.statusSync.mode,
      criteria: s.criteria.mode,
      criteriaCount: s.criteria.mode === 'match' ? s.criteria.rules.length : 0,
      schedule: { enabled: s.schedule.enabled, frequency: s.schedule.frequency, time: s.schedule.time, weekdays: s.schedule.weekdays, monthDates: s.schedule.monthDates },
    },
  };
}

export const zohoGuideHandlers = {
  'guide.apiKeyForZoho': apiKeyForZoho,
  'guide.saveTarget': saveTarget,
};
