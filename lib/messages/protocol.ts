// The typed protocol between the extension's pages and the background. Both ends parse with these
// schemas (DESIGN.md principle 1); anything else is refused. Secrets travel only page → background:
// no response ever carries the API key, and only one carries the SCIM token — guide.fillValue, to
// the guide on a JumpCloud console tab, at the admin's click on that field's Fill action.
import { z } from 'zod';
import { SETUP_PATHS } from '../config/schema';
import { MIN_PASSPHRASE } from '../secrets/passphrase';

const secretName = z.enum(['jumpcloudApiKey', 'scimToken']);

/** The guides an extension page can open a console with, and the console each runs in. */
export const GUIDE_CONSOLES = { 'api-key': 'jumpcloud', scim: 'jumpcloud', 'zoho-scim': 'zoho', 'zoho-api': 'zoho' } as const;
const GUIDE_FLOWS_LIST = Object.keys(GUIDE_CONSOLES) as [keyof typeof GUIDE_CONSOLES, ...(keyof typeof GUIDE_CONSOLES)[]];

/** Where a guide stands in one tab: its flow, step and small flags, and how its panel is shown. */
export const guideSessionSchema = z.object({
  position: z
    .object({
      flow: z.string().max(60),
      step: z.string().max(100),
      memo: z.record(z.string().max(100), z.boolean()).refine((m) => Object.keys(m).length <= 100, 'too many flags'),
    })
    .nullable(),
  open: z.boolean(),
  collapsed: z.boolean(),
  /** Where the admin moved the panel, in CSS pixels from the viewport's top left. */
  at: z.object({ x: z.number().finite(), y: z.number().finite() }).optional(),
});
export type GuideSession = z.infer<typeof guideSessionSchema>;

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status') }),
  z.object({ type: z.literal('config.get') }),
  z.object({ type: z.literal('config.save'), config: z.unknown() }),
  z.object({ type: z.literal('secret.save'), name: secretName, value: z.string().max(4096) }),
  z.object({ type: z.literal('secret.delete'), name: secretName }),
  // A key the JumpCloud guide saved over an existing one waits for the admin's word here, on an extension page.
  z.object({ type: z.literal('apiKey.pending') }),
  // The passphrase lock (lib/secrets/passphrase.ts): extension pages only, like every request not a console's.
  z.object({ type: z.literal('lock.enable'), passphrase: z.string().min(MIN_PASSPHRASE, `at least ${MIN_PASSPHRASE} characters`).max(1024) }),
  z.object({ type: z.literal('lock.disable'), passphrase: z.string().max(1024) }),
  z.object({ type: z.literal('lock.unlock'), passphrase: z.string().max(1024) }),
  z.object({ type: z.literal('lock.lock') }),
  z.object({ type: z.literal('apiKey.replace'), accept: z.boolean() }),
  z.object({ type: z.literal('test.jumpcloud') }),
  z.object({ type: z.literal('test.scim') }),
  z.object({ type: z.literal('groups.list') }),
  z.object({ type: z.literal('mapping.preview'), config: z.unknown() }),
    // confirmRemovals: the id of the held run (or preview) whose removals the admin confirms.
  z.object({
    type: z.literal('sync.start'),
    dryRun: z.boolean().default(false),
    confirmRemovals: z.string().max(100).optional(),
    reconcile: z.boolean().default(false),
  }),
  // One user now, by email or JumpCloud id (lib/sync/on-demand.ts); dryRun: the check, which writes nothing.
  z.object({ type: z.literal('sync.provision'), who: z.string().trim().min(1).max(1024), dryRun: z.boolean().default(false) }),
  // "Start fresh with this directory": the record of what was pushed is cleared for the directory the settings point at.
  z.object({ type: z.literal('sync.startFresh') }),
  z.object({ type: z.literal('runs.list') }),
  z.object({ type: z.literal('runs.get'), id: z.string().max(200) }),
  z.object({ type: z.literal('settings.export'), includeSecrets: z.boolean() }),
  // What a settings file would change, shown before it is applied with settings.import.
  z.object({ type: z.literal('settings.importPreview'), text: z.string().max(5_000_000) }),
  z.object({ type: z.literal('settings.import'), text: z.string().max(5_000_000) }),
  // From the extension's pages: open the console a guide runs in, with that guide started.
  z.object({ type: z.literal('guide.start'), flow: z.enum(GUIDE_FLOWS_LIST) }),
  // From the guide's content script on a JumpCloud console page, and from nowhere else.
  z.object({ type: z.literal('guide.saveApiKey'), value: z.string().max(4096) }),
  // One value for one field of JumpCloud's Identity Management tab, when the admin clicks its Fill;
  // the Token Key only for the form whose Base URL (as the page shows it) is the saved Sync endpoint.
  z.object({ type: z.literal('guide.fillValue'), field: z.enum(['baseUrl', 'tokenKey']), formBaseUrl: z.string().max(2048).optional() }),
  // The names of the groups chosen in the assistant, to tick on the application's User Groups tab.
  z.object({ type: z.literal('guide.groupsToBind') }),
  // The launcher asks the background to bring the guide into its tab (opened, or resumed after a reload).
  z.object({ type: z.literal('guide.open') }),
  z.object({ type: z.literal('guide.resume') }),
  // The guide's place in this tab, kept by the extension rather than the page.
  z.object({ type: z.literal('guide.session.get') }),
  z.object({ type: z.literal('guide.session.set'), session: guideSessionSchema }),
  // What the guide compares the page with and may know: the saved Sync endpoint, no secret.
  z.object({ type: z.literal('guide.known') }),
  // From the guide on a Zoho console page only: the saved API key for Zoho's API INTEGRATION field,
  // at the admin's click on "Fill API key"…
  z.object({ type: z.literal('guide.apiKeyForZoho') }),
  // …and the store's Sync endpoint and SCIM token as Zoho shows them, at the admin's click.
  z.object({ type: z.literal('guide.saveTarget'), syncEndpoint: z.string().max(2048), token: z.string().max(4096) }),
]);
export type Request = z.input<typeof requestSchema>;
export type RequestType = Request['type'];

const everyConsole: readonly RequestType[] = ['guide.open', 'guide.resume', 'guide.session.get', 'guide.session.set', 'guide.known'];

/** The only requests a content script may send, by the console it runs on; each is accepted from nothing else. */
export const consoleRequests: Record<'jumpcloud' | 'zoho', readonly RequestType[]> = {
  jumpcloud: [...everyConsole, 'guide.saveApiKey', 'guide.fillValue', 'guide.groupsToBind'],
  zoho: [...everyConsole, 'guide.apiKeyForZoho', 'guide.saveTarget'],
};
export const contentScriptRequests: readonly RequestType[] = [...new Set([...consoleRequests.jumpcloud, ...consoleRequests.zoho])];

/** The assistant's settings as Zoho's settings step offers them (no secret). */
export const zohoSettingsSchema = z.object({
  mail: z.enum(['notify', 'dontNotify']),
  password: z.enum(['user', 'admin', 'none']),
  status: z.enum(['mirror', 'nothing']),
  criteria: z.enum(['all', 'match']),
  criteriaCount: z.number().int().min(0),
  schedule: z.object({
    enabled: z.boolean(),
    frequency: z.enum(['hourly', 'daily', 'weekly', 'monthly']),
    time: z.string(),
    weekdays: z.array(z.number().int()),
    monthDates: z.array(z.number().int()),
  }),
});

export const missingPieces = ['apiKey', 'syncEndpoint', 'scimToken'] as const;

const countsSchema = z.record(z.string(), z.number());

/** A run as lists show it: everything but the per-user outcomes. */
export const runSummarySchema = z.object({
  id: z.string(),
  trigger: z.string(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
  status: z.string(),
  dryRun: z.boolean().optional(),
  counts: countsSchema.optional(),
  errors: z.array(z.object({ message: z.string(), hint: z.string().optional() })).optional(),
  warnings: z.array(z.string()).optional(),
  removalsHeld: z.string().optional(),
  requests: z.object({ jumpcloud: z.number(), scimReads: z.number(), scimWrites: z.number() }).optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const progressSchema = z.object({
  runId: z.string(),
  dryRun: z.boolean(),
  phase: z.enum(['starting', 'reading', 'planning', 'applying']),
  done: z.number(),
  total: z.number(),
});
export type RunProgress = z.infer<typeof progressSchema>;

export const statusSchema = z.object({
  configured: z.boolean(),
  /** What is still needed, in the order the admin should provide it. */
  missing: z.array(z.enum(missingPieces)),
  lastRun: runSummarySchema.optional(),
  /** Epoch ms of the next scheduled sync, when a schedule is on. */
  nextRunAt: z.number().optional(),
  running: progressSchema.optional(),
  setupPath: z.enum(SETUP_PATHS).optional(),
  /** Console-side guides that ran to their end (the checklist's steps the assistant cannot check itself). */
  guidesFinished: z.array(z.enum(['scim', 'zoho-api'])).optional(),
  /** The record of what was pushed belongs to another directory or organization: syncs refuse until the admin starts fresh. */
  snapshotMismatch: z.object({ was: z.string(), now: z.string() }).optional(),
  /** The passphrase lock: off, or on and locked (secrets cannot be opened) or unlocked. */
  lock: z.enum(['off', 'locked', 'unlocked']),
  /** A scheduled sync came due while locked: it runs once the assistant is unlocked. */
  scheduleWaiting: z.boolean().optional(),
});
export type Status = z.infer<typeof statusSchema>;



/** One changed attribute's value before and after (lib/sync/diffs.ts). */
const attributeChangeSchema = z.object({ path: z.string(), before: z.union([z.string(), z.boolean()]).optional(), after: z.union([z.string(), z.boolean()]).optional() });

const outcomeSchema = z.object({
  jumpcloudId: z.string(),
  userName: z.string(),
  action: z.string(),
  result: z.string(),
  reason: z.string().optional(),
  changed: z.array(z.string()).optional(),
  /** Each changed attribute's value before and after, while the run's budget lasted (lib/sync/diffs.ts). */
  changes: z.array(attributeChangeSchema).optional(),
  error: z.string().optional(),
  hint: z.string().optional(),
});

/** The data each request answers with. */
export const responseData = {
  status: statusSchema,
  'config.get': z.object({
    config: z.unknown(),
    secrets: z.object({ jumpcloudApiKey: z.boolean(), scimToken: z.boolean() }),
  }),
  /** tokenDropped: the Sync endpoint moved to another origin, and the SCIM token saved for the old one is gone. */
  'config.save': z.object({ saved: z.literal(true), tokenDropped: z.boolean() }),
  'secret.save': z.object({ saved: z.literal(true) }),
  'secret.delete': z.object({ deleted: z.literal(true) }),
  'apiKey.pending': z.object({ pending: z.boolean() }),
  'lock.enable': z.object({ lock: z.literal('unlocked') }),
  'lock.disable': z.object({ lock: z.literal('off') }),
  'lock.unlock': z.object({ lock: z.literal('unlocked') }),
  'lock.lock': z.object({ lock: z.enum(['off', 'locked']) }),
  'apiKey.replace': z.object({ replaced: z.boolean() }),
  'test.jumpcloud': z.object({ organizations: z.array(z.string()), users: z.number() }),
  'test.scim': z.object({ patch: z.boolean(), bulk: z.boolean(), filter: z.boolean(), enterprise: z.boolean(), users: z.number().optional() }),
  'groups.list': z.array(z.object({ id: z.string(), name: z.string() })),
  'mapping.preview': z.object({
    users: z.array(
      z.object({
        label: z.string(),
        attributes: z.record(z.string(), z.union([z.string(), z.boolean()])),
        /** For a user synced before: what this mapping would change of what was last pushed. */
        changes: z.array(attributeChangeSchema).optional(),
      }),
    ),
    warnings: z.array(z.string()),
  }),
  'sync.start': z.object({ runId: z.string(), joined: z.boolean() }),
  'sync.startFresh': z.object({ cleared: z.literal(true) }),
  'sync.provision': z.object({
    steps: z.array(z.object({ step: z.enum(['read', 'criteria', 'mapping', 'match', 'action']), ok: z.boolean(), detail: z.string() })),
    /** The writes sent to the directory, or those a provisioning would send: method, path, body; never a header. */
    requests: z.array(z.object({ method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']), path: z.string(), body: z.unknown().optional() })),
    action: z.enum(['create', 'update', 'deactivate', 'link', 'none']).optional(),
    /** Why the planned removal or rename waits for the admin's confirmation. */
    held: z.string().optional(),
    status: z.string(),
    errors: z.array(z.object({ message: z.string(), hint: z.string().optional() })),
    warnings: z.array(z.string()),
    /** The run recorded in the history; a check records none. */
    runId: z.string().optional(),
  }),
  'runs.list': z.array(runSummarySchema),
  'runs.get': runSummarySchema.extend({ outcomes: z.array(outcomeSchema) }),
  'settings.export': z.object({ text: z.string() }),
  'settings.importPreview': z.object({
    changes: z.array(z.string()),
    secrets: z.object({ jumpcloudApiKey: z.boolean(), scimToken: z.boolean() }),
    syncEndpoint: z.string().optional(),
  }),
  'settings.import': z.object({ imported: z.literal(true), secrets: z.boolean(), tokenDropped: z.boolean() }),
  /** awaiting: another key is saved; the admin confirms the replacement on the extension page just opened. */
  'guide.saveApiKey': z.object({ saved: z.boolean(), awaiting: z.boolean().optional() }),
  'guide.fillValue': z.object({ value: z.string() }),
  /** Names only; `message` says what the admin must do by hand (no API key, unknown ids, none chosen). */
  'guide.groupsToBind': z.object({ names: z.array(z.string()), message: z.string().optional() }),
  'guide.open': z.object({ opened: z.literal(true) }),
  'guide.resume': z.object({ resumed: z.boolean() }),
  'guide.session.get': z.object({ session: guideSessionSchema.nullable() }),
  'guide.session.set': z.object({ saved: z.literal(true) }),
  'guide.known': z.object({
    syncEndpoint: z.string().optional(),
    zohoMapping: z.array(z.object({ field: z.string(), kind: z.enum(['hardcoded', 'attribute']), value: z.string() })).optional(),
    zohoSettings: zohoSettingsSchema.optional(),
  }),
  'guide.apiKeyForZoho': z.object({ value: z.string() }),
  'guide.start': z.object({ opened: z.literal(true) }),
  'guide.saveTarget': z.object({ saved: z.literal(true), replaced: z.boolean() }),
} satisfies Record<RequestType, z.ZodType>;

export type ResponseData<T extends RequestType> = z.infer<(typeof responseData)[T]>;

export const failureSchema = z.object({
  ok: z.literal(false),
  error: z.string(),
  hint: z.string().optional(),
  /** For bad input: which field, and why. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Failure = z.infer<typeof failureSchema>;

export type Reply<T extends RequestType> = { ok: true; data: ResponseData<T> } | Failure;

/** Background → pages: broadcast while a run goes on and when it ends. */
export const eventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('progress'), progress: progressSchema }),
  z.object({ event: z.literal('run-finished'), run: runSummarySchema }),
]);
export type AssistantEvent = z.infer<typeof eventSchema>;
