// The narrow requests a content script may send — the guide's "Save to assistant", one value for
// one Fill action, the names of the groups to bind — and who may send them.
import { afterEach, describe, expect, it } from 'vitest';
import { handleMessage, type HandlerContext, type Sender } from '@/lib/messages/handler';
import type { Request } from '@/lib/messages/protocol';
import { backgroundContext, extensionId, extensionOrigin } from '../support/background';
import { engineHarness, type EngineHarness } from '../support/engine';

const origin = extensionOrigin;
const tab = { id: 7 };
const consoleScript: Sender = { id: extensionId, url: 'https://console.jumpcloud.com/#/home', tab };
const euConsoleScript: Sender = { id: extensionId, url: 'https://console.eu.jumpcloud.com/#/settings', tab };
const optionsPage: Sender = { id: extensionId, url: `${origin}options.html` };
const KEY = `jca_${'a1B2c3D4e5'.repeat(3)}xyz789`;
const OLD_KEY = 'A1b2C3d4E5'.repeat(4);

let h: EngineHarness;
let ctx: HandlerContext;

async function setup() {
  h = await engineHarness({ users: 1 });
  await h.store.secrets.delete('jumpcloudApiKey');
  ctx = backgroundContext(h);
}
afterEach(async () => h?.close());

const ask = (request: Request | Record<string, unknown>, sender: Sender) => handleMessage(request, sender, ctx);
const save = (value: string): Request => ({ type: 'guide.saveApiKey', value });

describe('the guide’s content-script request', () => {
  it('saves a well-formed key from the content script on a JumpCloud console, encrypted, without echoing it', async () => {
    await setup();
    expect(KEY).toHaveLength(40);
    const reply = await ask(save(KEY), consoleScript);
    expect(reply).toEqual({ ok: true, data: { saved: true } });
    expect(JSON.stringify(reply)).not.toContain(KEY);
    expect(await h.store.secrets.get('jumpcloudApiKey')).toBe(KEY);
    // Saving the same key again is no replacement: nothing to confirm.
    expect(await ask(save(KEY), euConsoleScript)).toEqual({ ok: true, data: { saved: true } });
    expect(await h.store.secrets.get('jumpcloudApiKey')).toBe(KEY);
  });

  it('replaces a saved key only when the admin says so on the extension’s own page', async () => {
    await setup();
    const opened: string[] = [];
    ctx = { ...ctx, openPage: async (path) => void opened.push(path) };
    await h.store.secrets.put('jumpcloudApiKey', OLD_KEY);
    expect(await ask({ type: 'apiKey.pending' }, optionsPage)).toEqual({ ok: true, data: { pending: false } });

    const reply = await ask(save(KEY), consoleScript);
    expect(reply).toEqual({ ok: true, data: { saved: false, awaiting: true } });
    expect(opened).toEqual(['options.html#replace-key']);
    expect(await h.store.secrets.get('jumpcloudApiKey')).toBe(OLD_KEY);

    // The console's content script (and so anything on the console's page) cannot give the word.
    for (const type of ['apiKey.replace', 'apiKey.pending'] as const) {
      const request: Request = type === 'apiKey.replace' ? { type, accept: true } : { type };
      expect(await ask(request, consoleScript)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    }
    expect(await h.store.secrets.get('jumpcloudApiKey')).toBe(OLD_KEY);

    // Keep: the waiting key is dropped, the saved one stays.
    expect(await ask({ type: 'apiKey.pending' }, optionsPage)).toEqual({ ok: true, data: { pending: true } });
    expect(await ask({ type: 'apiKey.replace', accept: false }, optionsPage)).toEqual({ ok: true, data: { replaced: false } });
    expect(await h.store.secrets.get('jumpcloudApiKey')).toBe(OLD_KEY);
    expect(await ask({ type: 'apiKey.replace', accept: true }, optionsPage)).toMatchObject({ ok: false, error: expect.stringContaining('No API key is waiting') });
    expect(await h.store.secrets.get('jumpcloudApiKey')).toBe(OLD_KEY);

    // Replace: the key the guide brought is saved.
    await ask(save(KEY), consoleScript);
    expect(await ask({ type: 'apiKey.replace', accept: true }, optionsPage)).toEqual({ ok: true, data: { replaced: true } });
    expect(await h.store.secrets.get('jumpcloudApiKey')).toBe(KEY);
    expect(await ask({ type: 'apiKey.pending' }, optionsPage)).toEqual({ ok: true, data: { pending: false } });
  });

  it('refuses a key of the wrong form, without repeating it', async () => {
    await setup();
    for (const value of ['jca_short', `${KEY}x`, `jca_${'!'.repeat(36)}`, '']) {
      const reply = await ask(save(value), consoleScript);
      expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('jca_') });
      if (value) expect(JSON.stringify(reply)).not.toContain(value);
    }
    expect(await h.store.secrets.has('jumpcloudApiKey')).toBe(false);
  });

  it('refuses it from anyone but this extension’s content script on a JumpCloud console', async () => {
    await setup();
    const senders: Sender[] = [
      { ...consoleScript, id: 'another-extension' },
      { url: 'https://console.jumpcloud.com/#/home', tab },
      { id: extensionId, url: 'https://console.jumpcloud.com/#/home' },
      { id: extensionId, url: 'https://console.jumpcloud.com.evil.example/', tab },
      { id: extensionId, url: 'http://console.jumpcloud.com/', tab },
      { id: extensionId, url: 'https://console.jumpcloud.com:8443/', tab },
      { id: extensionId, url: 'https://directory.zoho.com/', tab },
      { id: extensionId, tab },
      optionsPage,
    ];
    for (const sender of senders) {
      expect(await ask(save(KEY), sender)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    }
    expect(await h.store.secrets.has('jumpcloudApiKey')).toBe(false);
  });

  it('refuses every other request from the content script', async () => {
    await setup();
    const others: Request[] = [
      { type: 'status' },
      { type: 'config.get' },
      { type: 'secret.save', name: 'jumpcloudApiKey', value: KEY },
      { type: 'settings.export', includeSecrets: true },
      { type: 'sync.start', dryRun: true },
    ];
    for (const request of others) {
      expect(await ask(request, consoleScript)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    }
    expect(await ask({ type: 'delete-everything' }, consoleScript)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    expect(await h.store.secrets.has('jumpcloudApiKey')).toBe(false);
    // The extension's own pages, in a tab or not, keep every other request.
    expect(await ask({ type: 'status' }, { ...optionsPage, tab })).toMatchObject({ ok: true });
  });
});

const fillValue = (field: 'baseUrl' | 'tokenKey', formBaseUrl?: string): Request => ({
  type: 'guide.fillValue',
  field,
  ...(formBaseUrl !== undefined ? { formBaseUrl } : {}),
});

describe('the SCIM guide’s content-script requests', () => {
  it('returns exactly one value, for the one field asked, without a trailing slash on the Base URL', async () => {
    await setup();
    const base = await ask(fillValue('baseUrl'), consoleScript);
    expect(base).toEqual({ ok: true, data: { value: h.sandbox.scim.syncEndpoint.replace(/\/+$/, '') } });
    expect(JSON.stringify(base)).not.toContain(h.sandbox.scim.token);
    expect((base as { data: { value: string } }).data.value).not.toMatch(/\/$/);
    const token = await ask(fillValue('tokenKey', `${h.sandbox.scim.syncEndpoint}/`), euConsoleScript);
    expect(token).toEqual({ ok: true, data: { value: h.sandbox.scim.token } });
    expect(JSON.stringify(token)).not.toContain(h.sandbox.scim.syncEndpoint);
    expect(JSON.stringify(token)).not.toContain(h.sandbox.jumpcloud.apiKey);
    // Only the two fields exist.
    expect(await ask({ type: 'guide.fillValue', field: 'jumpcloudApiKey' } as Record<string, unknown>, consoleScript)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
  });

  it('gives the token only for the form whose Base URL is the saved Sync endpoint', async () => {
    await setup();
    const endpoint = h.sandbox.scim.syncEndpoint;
    const other = ['https://api.slack.example/scim/v2', `${endpoint}/../other`, `${endpoint}x`, endpoint.replace('http:', 'https:'), '', 'not a url'];
    for (const formBaseUrl of [undefined, ...other]) {
      const reply = await ask(fillValue('tokenKey', formBaseUrl), consoleScript);
      expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('only into the form whose Base URL') });
      expect(JSON.stringify(reply)).not.toContain(h.sandbox.scim.token);
    }
    // Case of the host and a trailing slash are the same address.
    const upper = endpoint.replace('http://', 'HTTP://');
    expect(await ask(fillValue('tokenKey', `${upper}/`), consoleScript)).toMatchObject({ ok: true });
  });

  it('tells the guide the saved Sync endpoint, and nothing secret', async () => {
    await setup();
    const reply = await ask({ type: 'guide.known' }, consoleScript);
    expect(reply).toEqual({ ok: true, data: { syncEndpoint: h.sandbox.scim.syncEndpoint.replace(/\/+$/, '') } });
    expect(JSON.stringify(reply)).not.toContain(h.sandbox.scim.token);
  });

  it('says where to paste the Sync endpoint and token when they are not saved', async () => {
    await setup();
    await h.store.secrets.delete('scimToken');
    await h.saveConfig((c) => delete c.target.syncEndpoint);
    for (const field of ['baseUrl', 'tokenKey'] as const) {
      const reply = await ask(fillValue(field, h.sandbox.scim.syncEndpoint), consoleScript);
      expect(reply).toMatchObject({ ok: false, hint: expect.stringContaining('options page') });
    }
  });

  it('names the chosen groups with the saved API key, or asks the admin to tick them', async () => {
    await setup();
    await h.store.secrets.put('jumpcloudApiKey', h.sandbox.jumpcloud.apiKey);
    const [a, b] = h.sandbox.jumpcloud.directory.groups;
    await h.saveConfig((c) => (c.settings.resourceSync.groupIds = [a!.id, b!.id]));
    const named = await ask({ type: 'guide.groupsToBind' }, consoleScript);
    expect(named).toEqual({ ok: true, data: { names: [a!.name, b!.name] } });
    expect(JSON.stringify(named)).not.toContain(h.sandbox.jumpcloud.apiKey);

    await h.store.secrets.delete('jumpcloudApiKey');
    expect(await ask({ type: 'guide.groupsToBind' }, consoleScript)).toEqual({
      ok: true,
      data: { names: [], message: expect.stringContaining('Tick the user groups you want') },
    });
    await h.saveConfig((c) => (c.settings.resourceSync.groupIds = []));
    expect(await ask({ type: 'guide.groupsToBind' }, consoleScript)).toMatchObject({ ok: true, data: { names: [], message: expect.stringContaining('No groups are chosen') } });
  });

  it('refuses both from anyone but this extension’s content script on a JumpCloud console', async () => {
    await setup();
    const senders: Sender[] = [
      { ...consoleScript, id: 'another-extension' },
      { url: 'https://console.jumpcloud.com/#/sso', tab },
      { id: extensionId, url: 'https://console.jumpcloud.com/#/sso' },
      { id: extensionId, url: 'https://console.jumpcloud.com.evil.example/', tab },
      { id: extensionId, url: 'http://console.jumpcloud.com/', tab },
      { id: extensionId, url: 'https://directory.zoho.com/', tab },
      { id: extensionId, tab },
      optionsPage,
      { ...optionsPage, tab },
    ];
    for (const sender of senders) {
      for (const request of [fillValue('tokenKey'), fillValue('baseUrl'), { type: 'guide.groupsToBind' } as Request]) {
        const reply = await ask(request, sender);
        expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
        expect(JSON.stringify(reply)).not.toContain(h.sandbox.scim.token);
      }
    }
  });
});

describe('the guide’s place in a tab', () => {
  it('is kept per tab by the background, read back only as it was written, and opened only into the asking tab', async () => {
    await setup();
    const sessions = new Map<number, unknown>();
    const injected: [number, number][] = [];
    ctx = {
      ...ctx,
      guideTabs: {
        inject: async (tabId, frameId) => void injected.push([tabId, frameId]),
        open: async () => {},
        get: async (tabId) => (sessions.get(tabId) as never) ?? null,
        set: async (tabId, session) => void sessions.set(tabId, session),
      },
    };
    const other: Sender = { ...consoleScript, tab: { id: 8 } };
    const session = { position: { flow: 'scim', step: 'base-url', memo: { groupsFilled: true } }, open: true, collapsed: false, at: { x: 10, y: 20 } };
    expect(await ask({ type: 'guide.session.set', session }, consoleScript)).toEqual({ ok: true, data: { saved: true } });
    expect(await ask({ type: 'guide.session.get' }, consoleScript)).toEqual({ ok: true, data: { session } });
    expect(await ask({ type: 'guide.session.get' }, other)).toEqual({ ok: true, data: { session: null } });
    // A page cannot plant a value of its own in the guide's flags.
    const planted = { ...session, position: { ...session.position, memo: { groupsFilled: 'yes' } } };
    expect(await ask({ type: 'guide.session.set', session: planted } as Record<string, unknown>, consoleScript)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    expect(await ask({ type: 'guide.resume' }, consoleScript)).toEqual({ ok: true, data: { resumed: true } });
    expect(await ask({ type: 'guide.resume' }, other)).toEqual({ ok: true, data: { resumed: false } });
    expect(await ask({ type: 'guide.open' }, { ...other, frameId: 0 })).toEqual({ ok: true, data: { opened: true } });
    expect(injected).toEqual([
      [7, 0],
      [8, 0],
    ]);
    // Only from a console tab's content script.
    for (const sender of [optionsPage, { ...optionsPage, tab }, { id: extensionId, url: 'https://directory.zoho.com.evil.example/', tab }]) {
      expect(await ask({ type: 'guide.session.get' }, sender)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
      expect(await ask({ type: 'guide.open' }, sender)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    }
  });
});

describe('the checklist’s console-side steps', () => {
  it('are checked off when their guide runs to its end in its own console, and by no other', async () => {
    await setup();
    ctx = { ...ctx, guideTabs: { inject: async () => {}, open: async () => {}, get: async () => null, set: async () => {} } };
    const zohoScript: Sender = { id: extensionId, url: 'https://directory.zoho.com/#/admin/stores', tab };
    const at = (flow: string, step: string) => ({ position: { flow, step, memo: {} }, open: true, collapsed: false });
    const finished = async () => (await ask({ type: 'status' }, optionsPage)) as { data: { guidesFinished?: string[] } };
    // Not yet at the end; the end of a flow said from the other console; a flow the assistant checks itself.
    await ask({ type: 'guide.session.set', session: at('zoho-api', 'settings') }, zohoScript);
    await ask({ type: 'guide.session.set', session: at('zoho-api', 'finished') }, consoleScript);
    await ask({ type: 'guide.session.set', session: at('scim', 'finished') }, zohoScript);
    await ask({ type: 'guide.session.set', session: at('api-key', 'finished') }, consoleScript);
    expect((await finished()).data.guidesFinished).toBeUndefined();
    await ask({ type: 'guide.session.set', session: at('zoho-api', 'finished') }, zohoScript);
    await ask({ type: 'guide.session.set', session: at('scim', 'finished') }, consoleScript);
    expect((await finished()).data.guidesFinished).toEqual(['scim', 'zoho-api']);
  });
});

describe('a guide opened from the extension’s pages', () => {
  it('opens the console of the admin’s region or data centre, its guide started, and only at the extension’s own request', async () => {
    await setup();
    const opened: [string, unknown][] = [];
    ctx = { ...ctx, guideTabs: { inject: async () => {}, get: async () => null, set: async () => {}, open: async (url, session) => void opened.push([url, session]) } };
    await h.saveConfig((c) => {
      c.jumpcloud.region = 'eu';
      c.target.dataCentre = 'in';
    });
    expect(await ask({ type: 'guide.start', flow: 'scim' }, optionsPage)).toEqual({ ok: true, data: { opened: true } });
    expect(await ask({ type: 'guide.start', flow: 'zoho-scim' }, optionsPage)).toMatchObject({ ok: true });
    expect(opened).toEqual([
      ['https://console.eu.jumpcloud.com/', { position: { flow: 'scim', step: '', memo: {} }, open: true, collapsed: false }],
      ['https://directory.zoho.in/', { position: { flow: 'zoho-scim', step: '', memo: {} }, open: true, collapsed: false }],
    ]);
    for (const sender of [consoleScript, { id: extensionId, url: 'https://directory.zoho.com/', tab }]) {
      expect(await ask({ type: 'guide.start', flow: 'scim' }, sender)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    }
    expect(await ask({ type: 'guide.start', flow: 'elsewhere' } as Record<string, unknown>, optionsPage)).toMatchObject({ ok: false });
    expect(opened).toHaveLength(2);
  });
});
