// The background's answer to each request from the extension's own pages. Anything else — a web
// page, another extension — is refused before the message is even parsed. This extension's content
// script on a JumpCloud console page may send one narrow request (contentScriptRequests) and no other.
import { defaultConfig } from '../config/defaults';
import { ConfigError, parseConfig } from '../config/parse';
import { apiKeySchema, scimTokenSchema, type SecretName } from '../config/schema';
import { exportSettings, importSettings } from '../config/transfer';
import { createJumpCloudClient, JumpCloudError } from '../jumpcloud/client';
import { planMapping } from '../mapping/map-user';
import { createScimClient } from '../scim/client';
import { ScimError } from '../scim/errors';
import { ENTERPRISE_USER_SCHEMA } from '../scim/flat-user';
import { permissiveSchema } from '../scim/target-schema';
import { safeErrorMessage } from '../secrets/redact';
import type { Store } from '../store/types';
import { SetupError } from '../sync/connect';
import { provisionOne } from '../sync/on-demand';
import { createPreparer } from '../sync/prepare';
import type { World } from '../world';
import type { Runner } from '../background/runner';
import { summarize } from '../background/runner';
import { isJumpCloudConsoleUrl } from '../hosts';
import { contentScriptRequests, requestSchema, type Failure, type Reply, type RequestType, type ResponseData, type Status } from './protocol';

export interface Sender {
  id?: string;
  url?: string;
  /** Present when a content script in a tab sent the message. */
  tab?: object;
}

export interface HandlerContext {
  store: Store;
  world: World;
  runner: Runner;
  extensionId: string;
  /** e.g. chrome-extension://<id>/ — only pages under it may ask. */
  extensionOrigin: string;
  jumpcloudApiBase?: string;
  nextRunAt(): Promise<number | undefined>;
  /** Called after the config changes, to re-arm the schedule. */
  configChanged(): Promise<void>;
}

const SECRET_SCHEMAS = { jumpcloudApiKey: apiKeySchema, scimToken: scimTokenSchema } as const;
const PREVIEW_SAMPLE = 20;
const PREVIEW_SHOWN = 5;

export async function readStatus(store: Store): Promise<Status> {
  const [config, apiKey, token] = await Promise.all([
    store.config.get(),
    store.secrets.has('jumpcloudApiKey'),
    store.secrets.has('scimToken'),
  ]);
  const missing: Status['missing'] = [];
  if (!apiKey) missing.push('apiKey');
  if (!config?.target.syncEndpoint) missing.push('syncEndpoint');
  if (!token) missing.push('scimToken');
  return { configured: missing.length === 0, missing };
}

function failure(e: unknown, secrets: (string | undefined)[] = []): Failure {
  if (e instanceof ConfigError) return { ok: false, error: e.message, issues: e.issues };
  if (e instanceof JumpCloudError || e instanceof ScimError || e instanceof SetupError) {
    return { ok: false, error: e.message, hint: e.hint };
  }
  return { ok: false, error: safeErrorMessage(e, secrets) };
}

async function jumpcloudClient(ctx: HandlerContext) {
  const [config, apiKey] = await Promise.all([ctx.store.config.get(), ctx.store.secrets.get('jumpcloudApiKey')]);
  if (!apiKey) throw new SetupError('No JumpCloud API key is saved.', 'Paste the API key in the field above and save it.');
  const c = config ?? defaultConfig();
  return createJumpCloudClient({ world: ctx.world, apiKey, region: c.jumpcloud.region, orgId: c.jumpcloud.orgId, baseUrl: ctx.jumpcloudApiBase });
}

async function scimClient(ctx: HandlerContext) {
  const [config, token] = await Promise.all([ctx.store.config.get(), ctx.store.secrets.get('scimToken')]);
  if (!config?.target.syncEndpoint || !token) {
    throw new SetupError('The Sync endpoint and SCIM token are not both saved.', 'Save both, as Zoho Directory shows them, then test again.');
  }
  return createScimClient({ world: ctx.world, baseUrl: config.target.syncEndpoint, token });
}

type Handlers = { [T in RequestType]: (request: Extract<ReturnType<typeof requestSchema.parse>, { type: T }>, ctx: HandlerContext) => Promise<ResponseData<T>> };

const handlers: Handlers = {
  async status(_r, ctx) {
    const [status, runs, nextRunAt] = await Promise.all([readStatus(ctx.store), ctx.store.runs.list(1), ctx.nextRunAt()]);
    const running = ctx.runner.progress();
    return {
      ...status,
      ...(runs[0] ? { lastRun: summarize(runs[0]) } : {}),
      ...(nextRunAt !== undefined ? { nextRunAt } : {}),
      ...(running ? { running } : {}),
    };
  },
  async 'config.get'(_r, ctx) {
    const [config, jumpcloudApiKey, scimToken] = await Promise.all([
      ctx.store.config.get(),
      ctx.store.secrets.has('jumpcloudApiKey'),
      ctx.store.secrets.has('scimToken'),
    ]);
    return { config: config ?? defaultConfig(), secrets: { jumpcloudApiKey, scimToken } };
  },
  async 'config.save'(r, ctx) {
    await ctx.store.config.put(parseConfig(r.config, 'The settings'));
    await ctx.configChanged();
    return { saved: true };
  },
  async 'secret.save'(r, ctx) {
    const parsed = SECRET_SCHEMAS[r.name as SecretName].safeParse(r.value);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'not valid';
      throw new ConfigError(message, [{ path: r.name, message }]);
    }
    await ctx.store.secrets.put(r.name, parsed.data);
    return { saved: true };
  },
  async 'secret.delete'(r, ctx) {
    await ctx.store.secrets.delete(r.name);
    return { deleted: true };
  },
  async 'test.jumpcloud'(_r, ctx) {
    const client = await jumpcloudClient(ctx);
    const [organizations, sample] = await Promise.all([client.readOrganizations(), client.sampleUsers(1)]);
    return { organizations: organizations.map((o) => o.name), users: sample.totalCount };
  },
  async 'test.scim'(_r, ctx) {
    const client = await scimClient(ctx);
    const target = await client.discover();
    const users = await client.countUsers();
    return {
      patch: target.patch,
      bulk: target.bulk.supported,
      filter: target.filter,
      enterprise: target.extensions.some((e) => e.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase()),
      users,
    };
  },
  async 'groups.list'(_r, ctx) {
    const groups = await (await jumpcloudClient(ctx)).readGroups();
    return groups.map((g) => ({ id: g.id, name: g.name })).sort((a, b) => a.name.localeCompare(b.name));
  },
  async 'mapping.preview'(r, ctx) {
    const config = parseConfig(r.config, 'The settings');
    const client = await jumpcloudClient(ctx);
    const { users } = await client.sampleUsers(PREVIEW_SAMPLE);
    const token = await ctx.store.secrets.get('scimToken');
    const target =
      config.target.syncEndpoint && token
        ? await createScimClient({ world: ctx.world, baseUrl: config.target.syncEndpoint, token }).discover()
        : permissiveSchema;
    // Criteria are for the sync, not this preview: map everyone sampled.
    const preparer = createPreparer({ ...config, settings: { ...config.settings, criteria: { mode: 'all' } } }, target, [], new Map());
    const mapped = users.map(preparer.prepare).filter((u) => u.mapped);
    const warnings = planMapping(config.mapping, target.supports, target.customAttribute).unsupported.map(
      (u) => `Not sent, the directory does not declare it: ${u}.`,
    );
    const attributeNames = [...Object.values(config.mapping.fields), ...config.mapping.customFields.map((f) => f.source)].flatMap((s) =>
      s.from === 'attribute' ? [s.name] : [],
    );
    for (const name of new Set(attributeNames)) {
      if (!preparer.attributesSeen.has(name)) {
        warnings.push(`None of the ${users.length} users sampled has the custom attribute "${name}" (names are case-sensitive).`);
      }
    }
    return { users: mapped.slice(0, PREVIEW_SHOWN).map((u) => ({ label: u.label, attributes: u.mapped!.attributes })), warnings };
  },
  async 'sync.start'(r, ctx) {
    const { runId, joined } = ctx.runner.start({ trigger: r.dryRun ? 'preview' : 'manual', dryRun: r.dryRun, confirmRemovals: r.confirmRemovals });
    return { runId, joined };
  },
  async 'sync.provision'(r, ctx) {
    const result = await provisionOne({ world: ctx.world, store: ctx.store, jumpcloudApiBase: ctx.jumpcloudApiBase }, r.who);
    return { steps: result.steps, runId: result.run.id };
  },
  async 'runs.list'(_r, ctx) {
    return (await ctx.store.runs.list()).map(summarize);
  },
  async 'runs.get'(r, ctx) {
    const run = await ctx.store.runs.get(r.id);
    if (!run) throw new Error(`No run ${r.id} in the history (only the last 50 are kept).`);
    return { ...summarize(run), outcomes: Array.isArray(run.outcomes) ? (run.outcomes as never[]) : [] };
  },
  async 'settings.export'(r, ctx) {
    const config = (await ctx.store.config.get()) ?? defaultConfig();
    const secrets = r.includeSecrets
      ? { jumpcloudApiKey: await ctx.store.secrets.get('jumpcloudApiKey'), scimToken: await ctx.store.secrets.get('scimToken') }
      : undefined;
    return { text: exportSettings(config, secrets) };
  },
  async 'guide.saveApiKey'(r, ctx) {
    const parsed = apiKeySchema.safeParse(r.value);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'not valid';
      throw new ConfigError(message, [{ path: 'jumpcloudApiKey', message }]);
    }
    await ctx.store.secrets.put('jumpcloudApiKey', parsed.data);
    return { saved: true };
  },
  async 'guide.fillValue'(r, ctx) {
    // One field, one value, decrypted only now (principle 3); never logged, never sent elsewhere.
    const where = 'Paste it on the assistant’s options page (Sync endpoint and SCIM token, as Zoho Directory shows them), then click Fill again.';
    if (r.field === 'baseUrl') {
      const endpoint = (await ctx.store.config.get())?.target.syncEndpoint;
      if (!endpoint) throw new SetupError('No Sync endpoint is saved in the assistant.', where);
      // JumpCloud's Base URL field refuses a trailing slash.
      return { value: endpoint.replace(/\/+$/, '') };
    }
    const token = await ctx.store.secrets.get('scimToken');
    if (!token) throw new SetupError('No SCIM token is saved in the assistant.', where);
    return { value: token };
  },
  async 'guide.groupsToBind'(_r, ctx) {
    const ids = (await ctx.store.config.get())?.settings.resourceSync.groupIds ?? [];
    const byHand = 'Tick the user groups you want to sync to Zoho Directory yourself.';
    if (ids.length === 0) return { names: [], message: `No groups are chosen in the assistant. ${byHand}` };
    if (!(await ctx.store.secrets.has('jumpcloudApiKey'))) {
      return { names: [], message: `The assistant has no JumpCloud API key to name the ${ids.length} chosen groups. ${byHand}` };
    }
    let groups: { id: string; name: string }[];
    try {
      groups = await (await jumpcloudClient(ctx)).readGroups();
    } catch (e) {
      return { names: [], message: `The assistant could not read the groups from JumpCloud (${failure(e).error}). ${byHand}` };
    }
    const names = new Map(groups.map((g) => [g.id, g.name]));
    const found = ids.flatMap((id) => (names.has(id) ? [names.get(id)!] : []));
    const lost = ids.length - found.length;
    return lost > 0
      ? { names: found, message: `${lost} chosen group${lost === 1 ? ' no longer exists' : 's no longer exist'} in JumpCloud.` }
      : { names: found };
  },
  async 'settings.import'(r, ctx) {
    const { config, secrets } = importSettings(r.text);
    await ctx.store.config.put(config);
    if (secrets?.jumpcloudApiKey) await ctx.store.secrets.put('jumpcloudApiKey', secrets.jumpcloudApiKey);
    if (secrets?.scimToken) await ctx.store.secrets.put('scimToken', secrets.scimToken);
    await ctx.configChanged();
    return { imported: true, secrets: !!(secrets?.jumpcloudApiKey || secrets?.scimToken) };
  },
};

export async function handleMessage(message: unknown, sender: Sender, ctx: HandlerContext): Promise<Reply<RequestType>> {
  const ours = sender.id === ctx.extensionId;
  const fromPage = ours && !!sender.url?.startsWith(ctx.extensionOrigin);
  const fromConsole = ours && !!sender.tab && isJumpCloudConsoleUrl(sender.url);
  if (!fromPage && !fromConsole) {
    return { ok: false, error: 'Refused: only the assistant’s own pages may ask this' };
  }
  const request = requestSchema.safeParse(message);
  if (!request.success) return { ok: false, error: 'Refused: not a message this extension understands' };
  if (fromConsole !== contentScriptRequests.includes(request.data.type)) {
    return { ok: false, error: 'Refused: only the assistant’s own pages may ask this' };
  }
  const secret = request.data.type === 'secret.save' || request.data.type === 'guide.saveApiKey' ? request.data.value : undefined;
  try {
    const handler = handlers[request.data.type] as (r: typeof request.data, c: HandlerContext) => Promise<unknown>;
    return { ok: true, data: (await handler(request.data, ctx)) as never };
  } catch (e) {
    return failure(e, [secret]);
  }
}
