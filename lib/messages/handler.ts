// The background's answer to each request from the extension's own pages. Anything else — a web
// page, another extension — is refused before the message is even parsed. This extension's content
// scripts on a JumpCloud or Zoho console page may send their console's narrow requests
// (consoleRequests) and no other.
import { defaultConfig } from '../config/defaults';
import { ConfigError, parseConfig } from '../config/parse';
import { apiKeySchema, scimTokenSchema, type SecretName } from '../config/schema';
import { describeChanges } from '../config/changes';
import { exportSettings, importSettings } from '../config/transfer';
import { planMapping } from '../mapping/map-user';
import { MANAGER_PATH } from '../mapping/zoho-to-scim';
import { ENTERPRISE_USER_SCHEMA, type FlatUser } from '../scim/flat-user';
import { permissiveSchema } from '../scim/target-schema';
import { hasScimToken, readScimToken, saveConfigKeepingToken, saveScimToken } from '../secrets/scim-token';
import { leadingRun } from '../store/records';
import type { Store } from '../store/types';
import { provisionOne } from '../sync/on-demand';
import { SetupError } from '../sync/connect';
import { runOwedSlot, scheduleWaiting } from '../background/schedule';
import { describeOwner, snapshotMismatch, startFresh } from '../sync/snapshot-owner';
import { createPreparer } from '../sync/prepare';
import { attributeChanges } from '../sync/diffs';
import { changedPaths } from '../sync/plan';
import type { World } from '../world';
import type { Runner } from '../background/runner';
import { summarize } from '../background/runner';
import { isJumpCloudConsoleUrl, isZohoConsoleUrl } from '../hosts';
import { failure, jumpcloudClient, scimClient } from './clients';
import { guideHandlers, type GuideTabs } from './guide-handlers';
import { consoleRequests, contentScriptRequests, requestSchema, type Reply, type RequestType, type ResponseData, type Status } from './protocol';

export interface Sender {
  id?: string;
  url?: string;
  /** Present when a content script in a tab sent the message. */
  tab?: { id?: number };
  frameId?: number;
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
  /** The guide's tabs: absent where there are none (the command line, most tests). */
  guideTabs?: GuideTabs;
  /** Opens one of the extension's own pages in a tab (e.g. options.html#replace-key). */
  openPage?(path: string): Promise<void>;
  /**
   * An API key a console tab asked to save over the saved one, waiting, in this worker's memory
   * only, for the admin's word on an extension page (the console's page cannot give it).
   */
  pending: { apiKey?: string };
}

const SECRET_SCHEMAS = { jumpcloudApiKey: apiKeySchema, scimToken: scimTokenSchema } as const;
const PREVIEW_SAMPLE = 20;
const PREVIEW_SHOWN = 5;

export async function readStatus(store: Store): Promise<Status> {
  const config = await store.config.get();
  const [apiKey, token] = await Promise.all([store.secrets.has('jumpcloudApiKey'), hasScimToken(store, config?.target.syncEndpoint)]);
  const missing: Status['missing'] = [];
  if (!apiKey) missing.push('apiKey');
  if (!config?.target.syncEndpoint) missing.push('syncEndpoint');
  if (!token) missing.push('scimToken');
  const mismatch = config ? await snapshotMismatch(store, config) : undefined;
  const finished = (['scim', 'zoho-api'] as const).filter((f) => config?.guidesFinished?.[f] !== undefined);
  const [lock, waiting] = await Promise.all([store.lock?.state() ?? ('off' as const), scheduleWaiting(store)]);
  return {
    configured: missing.length === 0,
    missing,
    lock,
    ...(waiting ? { scheduleWaiting: true } : {}),
    ...(config?.setupPath ? { setupPath: config.setupPath } : {}),
    ...(finished.length ? { guidesFinished: finished } : {}),
    ...(mismatch ? { snapshotMismatch: { was: describeOwner(mismatch.was), now: describeOwner(mismatch.now) } } : {}),
  };
}

const lockOf = (ctx: HandlerContext) => {
  if (!ctx.store.lock) throw new SetupError('This store has no passphrase lock.', 'The lock is part of the extension; the command line takes its secrets from the environment.');
  return ctx.store.lock;
};
const wrongPassphrase = () => new SetupError('That passphrase does not unlock the assistant.', 'Type it again, exactly as you set it (it is case-sensitive).');

type Handlers = { [T in RequestType]: Handler<T> };
export type Handler<T extends RequestType> = (
  request: Extract<ReturnType<typeof requestSchema.parse>, { type: T }>,
  ctx: HandlerContext,
  sender: Sender,
) => Promise<ResponseData<T>>;

const handlers: Handlers = {
  ...guideHandlers,
  async status(_r, ctx) {
    const [status, recent, nextRunAt] = await Promise.all([readStatus(ctx.store), ctx.store.runs.list(1), ctx.nextRunAt()]);
    // Past a one-user run only when there is one: the whole history is read rarely.
    const lastRun = recent[0]?.trigger === 'on-demand' ? leadingRun(await ctx.store.runs.list()) : recent[0];
    const running = ctx.runner.progress();
    return {
      ...status,
      ...(lastRun ? { lastRun: summarize(lastRun) } : {}),
      ...(nextRunAt !== undefined ? { nextRunAt } : {}),
      ...(running ? { running } : {}),
    };
  },
  async 'config.get'(_r, ctx) {
    const config = await ctx.store.config.get();
    const [jumpcloudApiKey, scimToken] = await Promise.all([ctx.store.secrets.has('jumpcloudApiKey'), hasScimToken(ctx.store, config?.target.syncEndpoint)]);
    return { config: config ?? defaultConfig(), secrets: { jumpcloudApiKey, scimToken } };
  },
  async 'config.save'(r, ctx) {
    const { tokenDropped } = await saveConfigKeepingToken(ctx.store, parseConfig(r.config, 'The settings'));
    await ctx.configChanged();
    return { saved: true, tokenDropped };
  },
  async 'secret.save'(r, ctx) {
    const parsed = SECRET_SCHEMAS[r.name as SecretName].safeParse(r.value);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'not valid';
      throw new ConfigError(message, [{ path: r.name, message }]);
    }
    if (r.name === 'scimToken') {
      const endpoint = (await ctx.store.config.get())?.target.syncEndpoint;
      if (!endpoint) {
        const message = 'Save the Sync endpoint first: the SCIM token is kept for that endpoint alone.';
        throw new ConfigError(message, [{ path: r.name, message }]);
      }
      await saveScimToken(ctx.store, endpoint, parsed.data);
    } else {
      await ctx.store.secrets.put(r.name, parsed.data);
    }
    return { saved: true };
  },
  async 'apiKey.pending'(_r, ctx) {
    return { pending: !!ctx.pending.apiKey };
  },
  async 'apiKey.replace'(r, ctx) {
    const key = ctx.pending.apiKey;
    delete ctx.pending.apiKey;
    if (!key) throw new SetupError('No API key is waiting to replace the saved one.', 'Save the key again from the JumpCloud console.');
    if (r.accept) await ctx.store.secrets.put('jumpcloudApiKey', key);
    return { replaced: r.accept };
  },
  async 'lock.enable'(r, ctx) {
    await lockOf(ctx).enable(r.passphrase);
    return { lock: 'unlocked' };
  },
  async 'lock.disable'(r, ctx) {
    if (!(await lockOf(ctx).disable(r.passphrase))) throw wrongPassphrase();
    return { lock: 'off' };
  },
  async 'lock.unlock'(r, ctx) {
    if (!(await lockOf(ctx).unlock(r.passphrase))) throw wrongPassphrase();
    // A scheduled sync that came due while locked runs now.
    if (await scheduleWaiting(ctx.store)) void runOwedSlot(ctx.store, () => ctx.runner.start({ trigger: 'schedule' }).done, ctx.world.now());
    return { lock: 'unlocked' };
  },
  async 'lock.lock'(_r, ctx) {
    const lock = lockOf(ctx);
    if ((await lock.state()) === 'off') return { lock: 'off' };
    if (ctx.runner.progress()) throw new SetupError('A sync is running.', 'Lock the assistant once it has ended.');
    await lock.lock();
    return { lock: 'locked' };
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
    // The directory's schema comes from the saved Sync endpoint, never one in the message.
    const target = (await hasScimToken(ctx.store, (await ctx.store.config.get())?.target.syncEndpoint))
      ? await (await scimClient(ctx)).discover()
      : permissiveSchema;
    // Criteria are for the sync, not this preview: map everyone sampled.
    const preparer = createPreparer({ ...config, settings: { ...config.settings, criteria: { mode: 'all' } } }, target, [], new Map());
    const mapped = users.map((u) => preparer.prepare(u)).filter((u) => u.mapped);
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
    const shown = mapped.slice(0, PREVIEW_SHOWN);
    // A user synced before: what this mapping would change of what was last pushed. The manager is
    // resolved by the sync, not here, and status only when the sync mirrors it.
    const pushed = new Map((await ctx.store.snapshot.getMany(shown.map((u) => u.id))).map((e) => [e.jumpcloudId, e.pushed as FlatUser]));
    const compared = (path: string) => path !== MANAGER_PATH && (path !== 'active' || config.settings.statusSync.mode === 'mirror');
    return {
      users: shown.map((u) => {
        const attributes = u.mapped!.attributes;
        const before = pushed.get(u.id);
        if (!before) return { label: u.label, attributes };
        const changed = changedPaths(before, attributes).filter((p) => compared(p) && (before[p] ?? '') !== (attributes[p] ?? ''));
        return { label: u.label, attributes, changes: attributeChanges(before, attributes, changed) };
      }),
      warnings,
    };
  },
  async 'sync.start'(r, ctx) {
    const { runId, joined } = ctx.runner.start({ trigger: r.dryRun ? 'preview' : 'manual', dryRun: r.dryRun, confirmRemovals: r.confirmRemovals, reconcile: r.reconcile });
    return { runId, joined };
  },
  async 'sync.startFresh'(_r, ctx) {
    if (ctx.runner.progress()) throw new SetupError('A sync is running.', 'Wait for it to end, then start fresh.');
    await startFresh(ctx.store, (await ctx.store.config.get()) ?? defaultConfig());
    return { cleared: true };
  },
  async 'sync.provision'(r, ctx) {
    // The run writes the snapshot as it goes: one user's writes wait for it (a check only reads).
    if (!r.dryRun && ctx.runner.progress()) {
      throw new SetupError('A sync is running, so this user is not provisioned now.', 'Provision the user once the sync has ended (the History tab shows when).');
    }
    const { run, ...result } = await provisionOne({ world: ctx.world, store: ctx.store, jumpcloudApiBase: ctx.jumpcloudApiBase }, r.who, { dryRun: r.dryRun });
    return { ...result, ...(run ? { runId: run.id } : {}) };
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
      ? { jumpcloudApiKey: await ctx.store.secrets.get('jumpcloudApiKey'), scimToken: await readScimToken(ctx.store, config.target.syncEndpoint) }
      : undefined;
    return { text: exportSettings(config, secrets) };
  },
  async 'settings.importPreview'(r, ctx) {
    const { config, secrets } = importSettings(r.text);
    const changes = describeChanges((await ctx.store.config.get()) ?? defaultConfig(), config);
    return {
      changes,
      secrets: { jumpcloudApiKey: !!secrets?.jumpcloudApiKey, scimToken: !!secrets?.scimToken },
      ...(config.target.syncEndpoint ? { syncEndpoint: config.target.syncEndpoint } : {}),
    };
  },
  async 'settings.import'(r, ctx) {
    const { config, secrets } = importSettings(r.text);
    // A token comes in only with the endpoint it was exported with; the saved one stays only if
    // the endpoint's origin does.
    const { tokenDropped } = await saveConfigKeepingToken(ctx.store, config, secrets?.scimToken);
    if (secrets?.jumpcloudApiKey) await ctx.store.secrets.put('jumpcloudApiKey', secrets.jumpcloudApiKey);
    await ctx.configChanged();
    return { imported: true, secrets: !!(secrets?.jumpcloudApiKey || secrets?.scimToken), tokenDropped };
  },
};

export async function handleMessage(message: unknown, sender: Sender, ctx: HandlerContext): Promise<Reply<RequestType>> {
  const ours = sender.id === ctx.extensionId;
  const fromPage = ours && !!sender.url?.startsWith(ctx.extensionOrigin);
  const consoleKind = !ours || !sender.tab ? null : isJumpCloudConsoleUrl(sender.url) ? 'jumpcloud' : isZohoConsoleUrl(sender.url) ? 'zoho' : null;
  if (!fromPage && !consoleKind) {
    return { ok: false, error: 'Refused: only the assistant’s own pages may ask this' };
  }
  const request = requestSchema.safeParse(message);
  if (!request.success) return { ok: false, error: 'Refused: not a message this extension understands' };
  // A console's content script may send only its console's requests; the extension's pages none of them.
  const allowed = consoleKind ? consoleRequests[consoleKind].includes(request.data.type) : !contentScriptRequests.includes(request.data.type);
  if (!allowed) return { ok: false, error: 'Refused: only the assistant’s own pages may ask this' };
  const r = request.data;
  const secret =
    r.type === 'secret.save' || r.type === 'guide.saveApiKey'
      ? r.value
      : r.type === 'guide.saveTarget'
        ? r.token
        : r.type === 'lock.enable' || r.type === 'lock.disable' || r.type === 'lock.unlock'
          ? r.passphrase
          : undefined;
  try {
    const handler = handlers[request.data.type] as (r: typeof request.data, c: HandlerContext, s: Sender) => Promise<unknown>;
    return { ok: true, data: (await handler(request.data, ctx, sender)) as never };
  } catch (e) {
    return failure(e, [secret]);
  }
}
