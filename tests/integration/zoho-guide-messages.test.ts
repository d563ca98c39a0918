// The Zoho guide's content-script requests: the API key for Zoho's API INTEGRATION field, the
// store's Sync endpoint and SCIM token saved as the target — and who may ask, and what is checked.
import { afterEach, describe, expect, it } from 'vitest';
import { handleMessage, type HandlerContext, type Sender } from '@/lib/messages/handler';
import type { Request } from '@/lib/messages/protocol';
import { backgroundContext, extensionId, extensionOrigin } from '../support/background';
import { engineHarness, type EngineHarness } from '../support/engine';
import { readScimToken } from '@/lib/secrets/scim-token';

const tab = { id: 9 };
const zoho: Sender = { id: extensionId, url: 'https://directory.zoho.com/#/stores', tab };
const zohoOneEu: Sender = { id: extensionId, url: 'https://one.zoho.eu/#/stores', tab };
const jumpcloud: Sender = { id: extensionId, url: 'https://console.jumpcloud.com/#/home', tab };
const optionsPage: Sender = { id: extensionId, url: `${extensionOrigin}options.html` };
const TOKEN = 'zoho-scim-token-0123456789abcdef';
const ENDPOINT = 'https://directory.zoho.com/api/v1/scim';

let h: EngineHarness;
let ctx: HandlerContext;
async function setup() {
  h = await engineHarness({ users: 1 });
  ctx = backgroundContext(h);
}
afterEach(async () => h?.close());
const ask = (request: Request | Record<string, unknown>, sender: Sender) => handleMessage(request, sender, ctx);
const saveTarget = (syncEndpoint: string, token = TOKEN): Request => ({ type: 'guide.saveTarget', syncEndpoint, token });

describe('the Zoho guide’s requests', () => {
  it('gives the saved API key to the guide on a Zoho console only, and says what to do without one', async () => {
    await setup();
    await h.store.secrets.put('jumpcloudApiKey', h.sandbox.jumpcloud.apiKey);
    expect(await ask({ type: 'guide.apiKeyForZoho' }, zoho)).toEqual({ ok: true, data: { value: h.sandbox.jumpcloud.apiKey } });
    expect(await ask({ type: 'guide.apiKeyForZoho' }, zohoOneEu)).toMatchObject({ ok: true });
    const strangers: Sender[] = [
      jumpcloud,
      optionsPage,
      { ...zoho, id: 'another-extension' },
      { id: extensionId, url: 'https://directory.zoho.com.evil.example/', tab },
      { id: extensionId, url: 'http://directory.zoho.com/', tab },
      { id: extensionId, url: 'https://directory.zoho.com/' },
    ];
    for (const sender of strangers) {
      const reply = await ask({ type: 'guide.apiKeyForZoho' }, sender);
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
      expect(JSON.stringify(reply)).not.toContain(h.sandbox.jumpcloud.apiKey);
    }
    await h.store.secrets.delete('jumpcloudApiKey');
    expect(await ask({ type: 'guide.apiKeyForZoho' }, zoho)).toMatchObject({ ok: false, hint: expect.stringContaining('Get a JumpCloud API key') });
  });

  it('keeps the Sync endpoint and SCIM token Zoho shows, the token encrypted, on the Zoho host the admin is signed in to', async () => {
    await setup();
    const reply = await ask(saveTarget(ENDPOINT), zoho);
    expect(reply).toEqual({ ok: true, data: { saved: true, replaced: true } });
    expect(JSON.stringify(reply)).not.toContain(TOKEN);
    expect((await h.store.config.get())!.target).toMatchObject({ syncEndpoint: ENDPOINT, dataCentre: 'us' });
    expect(await readScimToken(h.store, ENDPOINT)).toBe(TOKEN);
    // The same endpoint again replaces nothing; Zoho One in the EU sets the EU data centre.
    expect(await ask(saveTarget(`${ENDPOINT}/`), zoho)).toEqual({ ok: true, data: { saved: true, replaced: false } });
    expect(await ask(saveTarget('https://one.zoho.eu/api/v1/scim'), zohoOneEu)).toMatchObject({ ok: true });
    expect((await h.store.config.get())!.target.dataCentre).toBe('eu');
  });

  it('refuses an endpoint anywhere but that Zoho host, and a token of the wrong form, changing nothing', async () => {
    await setup();
    const before = await h.store.config.get();
    const wrong = [
      'https://evil.example/scim',
      'https://directory.zoho.com.evil.example/scim',
      'https://directory.zoho.eu/api/v1/scim',
      'http://directory.zoho.com/api/v1/scim',
      'https://user:pass@directory.zoho.com/scim',
      'not a url',
    ];
    for (const endpoint of wrong) {
      const reply = await ask(saveTarget(endpoint), zoho);
      expect(reply).toMatchObject({ ok: false });
      expect(JSON.stringify(reply)).not.toContain(TOKEN);
    }
    for (const token of ['short', 'has a space in it somewhere', '']) {
      const reply = await ask(saveTarget(ENDPOINT, token), zoho);
      expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('SCIM token') });
      if (token) expect(JSON.stringify(reply)).not.toContain(token);
    }
    expect(await h.store.config.get()).toEqual(before);
    expect(await readScimToken(h.store, before!.target.syncEndpoint)).toBe(h.sandbox.scim.token);
    for (const sender of [jumpcloud, optionsPage, { id: extensionId, url: 'https://directory.zoho.com.evil.example/', tab }]) {
      expect(await ask(saveTarget(ENDPOINT), sender)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    }
  });

  it('never gives the SCIM token, or the JumpCloud guide’s answers, to a Zoho page', async () => {
    await setup();
    for (const request of [
      { type: 'guide.fillValue', field: 'tokenKey', formBaseUrl: h.sandbox.scim.syncEndpoint },
      { type: 'guide.groupsToBind' },
      { type: 'guide.saveApiKey', value: h.sandbox.jumpcloud.apiKey },
      { type: 'config.get' },
    ] as Request[]) {
      const reply = await ask(request, zoho);
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
      expect(JSON.stringify(reply)).not.toContain(h.sandbox.scim.token);
    }
  });

  it('tells the Zoho guide the assistant’s mapping and settings, and nothing secret', async () => {
    await setup();
    await h.saveConfig((c) => {
      c.mapping.fields.country = { from: 'hardcoded', value: 'India' };
      c.mapping.fields.employeeId = { from: 'attribute', name: 'employeeNumber' };
      c.mapping.customFields = [{ name: 'Cost Centre', source: { from: 'hardcoded', value: 'CC-7' } }];
    });
    const reply = await ask({ type: 'guide.known' }, zoho);
    expect(reply).toMatchObject({
      ok: true,
      data: {
        zohoMapping: [
          { field: 'Employee ID', kind: 'attribute', value: 'employeeNumber' },
          { field: 'Country', kind: 'hardcoded', value: 'India' },
          { field: 'Cost Centre', kind: 'hardcoded', value: 'CC-7' },
        ],
        zohoSettings: { password: 'user', status: 'mirror', criteria: 'all' },
      },
    });
    expect(JSON.stringify(reply)).not.toContain(h.sandbox.scim.token);
    expect(JSON.stringify(reply)).not.toContain(h.sandbox.jumpcloud.apiKey);
    // The JumpCloud guide is told only the Sync endpoint.
    expect(Object.keys((await ask({ type: 'guide.known' }, jumpcloud) as { data: object }).data)).toEqual(['syncEndpoint']);
  });
});
