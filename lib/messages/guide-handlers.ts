// The background's answers to the guide's content scripts on a console tab: on JumpCloud, save the
// key it shows, one value for one Fill, the groups to tick; on every console, bring the guide into
// the tab and keep its place there — the extension's, not the page's (DESIGN.md principle 6). The
// Zoho console's own requests are in zoho-guide-handlers.ts.
import { ConfigError } from '../config/parse';
import { apiKeySchema } from '../config/schema';
import { sameEndpoint, withoutSlash } from '../config/endpoint';
import { readScimToken } from '../secrets/scim-token';
import { SetupError } from '../sync/connect';
import { failure, jumpcloudClient } from './clients';
import type { Handler, HandlerContext, Sender } from './handler';
import { FINISHED } from '../guide/engine';
import type { GuideSession } from './protocol';
import { isZohoConsoleUrl, JUMPCLOUD_REGIONS, ZOHO_DATA_CENTRES } from '../hosts';
import { defaultConfig } from '../config/defaults';
import { GUIDE_CONSOLES } from './protocol';
import { zohoGuideHandlers, zohoKnown } from './zoho-guide-handlers';

/** What the background does with the guide's tabs; the browser's scripting and session storage. */
export interface GuideTabs {
  /** Runs the guide's script in the tab's frame that asked. */
  inject(tabId: number, frameId: number): Promise<void>;
  /** Opens a tab at `url` whose guide starts with `session` as soon as the page asks to resume. */
  open(url: string, session: GuideSession): Promise<void>;
  get(tabId: number): Promise<GuideSession | null>;
  set(tabId: number, session: GuideSession): Promise<void>;
}

function tabOf(sender: Sender, ctx: { guideTabs?: GuideTabs }): { tabs: GuideTabs; tabId: number; frameId: number } {
  const tabId = sender.tab?.id;
  if (!ctx.guideTabs || tabId === undefined) throw new Error('The guide runs only in a browser tab.');
  return { tabs: ctx.guideTabs, tabId, frameId: sender.frameId ?? 0 };
}

const saveApiKey: Handler<'guide.saveApiKey'> = async (r, ctx) => {
  const parsed = apiKeySchema.safeParse(r.value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'not valid';
    throw new ConfigError(message, [{ path: 'jumpcloudApiKey', message }]);
  }
  const saved = await ctx.store.secrets.get('jumpcloudApiKey');
  if (saved && saved !== parsed.data) {
    // Replacing the key is the admin's call, made in the extension's own page, never the console's.
    ctx.pending.apiKey = parsed.data;
    await ctx.openPage?.('options.html#replace-key');
    return { saved: false, awaiting: true };
  }
  await ctx.store.secrets.put('jumpcloudApiKey', parsed.data);
  return { saved: true };
};

const fillValue: Handler<'guide.fillValue'> = async (r, ctx) => {
  // One field, one value, decrypted only now (principle 3); never logged, never sent elsewhere.
  const where = 'Paste it on the assistant’s options page (Sync endpoint and SCIM token, as Zoho Directory shows them), then click Fill again.';
  const endpoint = (await ctx.store.config.get())?.target.syncEndpoint;
  if (r.field === 'baseUrl') {
    if (!endpoint) throw new SetupError('No Sync endpoint is saved in the assistant.', where);
    // JumpCloud's Base URL field refuses a trailing slash.
    return { value: withoutSlash(endpoint) };
  }
  if (!endpoint) throw new SetupError('No Sync endpoint is saved in the assistant.', where);
  // The token goes only into the form that sends it to its own store: the one whose Base URL is
  // the saved Sync endpoint, never another application's.
  if (!r.formBaseUrl || !sameEndpoint(r.formBaseUrl, endpoint)) {
    throw new SetupError(
      'The guide fills the SCIM token only into the form whose Base URL is the Sync endpoint saved in the assistant, and this one’s is not.',
      'Fill the Base URL first (or open the Zoho Directory application if this is another one), then click Fill Token Key again.',
    );
  }
  const token = await readScimToken(ctx.store, endpoint);
  if (!token) throw new SetupError('No SCIM token is saved in the assistant for this Sync endpoint.', where);
  return { value: token };
};

const groupsToBind: Handler<'guide.groupsToBind'> = async (_r, ctx) => {
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
};

/**
 * A console-side guide that ran to its end checks off its step in the setup checklist: the
 * assistant cannot read JumpCloud's application or Zoho's store for itself. Only the guide's own
 * console may say so.
 */
async function noteFinished(session: GuideSession, ctx: HandlerContext, sender: Sender): Promise<void> {
  const flow = session.position?.flow;
  if (session.position?.step !== FINISHED || (flow !== 'scim' && flow !== 'zoho-api')) return;
  const from = isZohoConsoleUrl(sender.url) ? 'zoho' : 'jumpcloud';
  if (GUIDE_CONSOLES[flow] !== from) return;
  const config = (await ctx.store.config.get()) ?? defaultConfig();
  if (config.guidesFinished?.[flow] !== undefined) return;
  await ctx.store.config.put({ ...config, guidesFinished: { ...config.guidesFinished, [flow]: ctx.world.now() } });
}

export const guideHandlers = {
  'guide.saveApiKey': saveApiKey,
  'guide.fillValue': fillValue,
  'guide.groupsToBind': groupsToBind,
  'guide.open': (async (_r, ctx, sender) => {
    const { tabs, tabId, frameId } = tabOf(sender, ctx);
    await tabs.inject(tabId, frameId);
    return { opened: true };
  }) as Handler<'guide.open'>,
  'guide.resume': (async (_r, ctx, sender) => {
    const { tabs, tabId, frameId } = tabOf(sender, ctx);
    const session = await tabs.get(tabId);
    if (!session?.open) return { resumed: false };
    await tabs.inject(tabId, frameId);
    return { resumed: true };
  }) as Handler<'guide.resume'>,
  'guide.session.get': (async (_r, ctx, sender) => {
    const { tabs, tabId } = tabOf(sender, ctx);
    return { session: await tabs.get(tabId) };
  }) as Handler<'guide.session.get'>,
  'guide.session.set': (async (r, ctx, sender) => {
    const { tabs, tabId } = tabOf(sender, ctx);
    await tabs.set(tabId, r.session);
    await noteFinished(r.session, ctx, sender);
    return { saved: true };
  }) as Handler<'guide.session.set'>,
  'guide.known': (async (_r, ctx, sender) => {
    const config = await ctx.store.config.get();
    const endpoint = config?.target.syncEndpoint;
    return {
      ...(endpoint ? { syncEndpoint: withoutSlash(endpoint) } : {}),
      ...(isZohoConsoleUrl(sender.url) ? await zohoKnown(config) : {}),
    };
  }) as Handler<'guide.known'>,
  ...zohoGuideHandlers,
  'guide.start': (async (r, ctx) => {
    if (!ctx.guideTabs) throw new Error('Guides open only in the browser.');
    const config = (await ctx.store.config.get()) ?? defaultConfig();
    const url =
      GUIDE_CONSOLES[r.flow] === 'jumpcloud'
        ? `https://${JUMPCLOUD_REGIONS[config.jumpcloud.region]}/`
        : `https://directory.${ZOHO_DATA_CENTRES[config.target.dataCentre]}/`;
    await ctx.guideTabs.open(url, { position: { flow: r.flow, step: '', memo: {} }, open: true, collapsed: false });
    return { opened: true };
  }) as Handler<'guide.start'>,
};
