// The SCIM token goes only to the store it was saved for. A settings file (or a save) that points
// the Sync endpoint at another server takes the token with the old endpoint, unless the file brings
// a token of its own; and whatever the config says, the background sends the token only where the
// runtime lets the extension reach. A local server stands in for the other side and records every
// Authorization header it is sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exportSettings } from '@/lib/config/transfer';
import { handleMessage, type HandlerContext } from '@/lib/messages/handler';
import type { Request } from '@/lib/messages/protocol';
import { readScimToken } from '@/lib/secrets/scim-token';
import { backgroundContext, extensionId, extensionOrigin } from '../support/background';
import { engineHarness, type EngineHarness } from '../support/engine';

const page = { id: extensionId, url: `${extensionOrigin}options.html` };
const OTHER_TOKEN = 'other-store-token-0123456789abcdef';

let other: Server;
let otherEndpoint: string;
const authorizations: string[] = [];
let h: EngineHarness;
let ctx: HandlerContext;

beforeAll(async () => {
  other = createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? '');
    req.resume();
    // Answers as a permissive SCIM server would, CORS included.
    res.writeHead(200, { 'content-type': 'application/scim+json', 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' });
    res.end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}');
  });
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
  otherEndpoint = `http://127.0.0.1:${(other.address() as AddressInfo).port}/scim/v2`;
});
afterAll(async () => new Promise((done) => other.close(done)));
afterEach(async () => h?.close());

async function setup(mayReach?: (origin: string) => Promise<boolean>) {
  h = await engineHarness({ users: 10 });
  if (mayReach) h.world.mayReach = mayReach;
  ctx = backgroundContext(h);
  authorizations.length = 0;
}
const ask = (request: Request) => handleMessage(request, page, ctx);

/** The saved settings with the Sync endpoint somewhere else, as a settings file. */
async function fileFor(endpoint: string, secrets?: { scimToken: string }) {
  const config = (await h.store.config.get())!;
  return exportSettings({ ...config, target: { ...config.target, syncEndpoint: endpoint } }, secrets);
}

describe('the SCIM token and its Sync endpoint', () => {
  it('stays behind when an import points the endpoint at another server: nothing is sent there, and setup asks for the new token', async () => {
    await setup();
    expect(await ask({ type: 'settings.import', text: await fileFor(otherEndpoint) })).toEqual({
      ok: true,
      data: { imported: true, secrets: false, tokenDropped: true },
    });
    expect(await ask({ type: 'status' })).toMatchObject({ ok: true, data: { configured: false, missing: ['scimToken'] } });
    const { run: preview } = await ctx.runner.start({ trigger: 'preview', dryRun: true }).done;
    expect(preview.status).toBe('failed');
    expect(JSON.stringify(preview.errors)).toMatch(/No Sync endpoint and SCIM token are saved for it/);
    expect(await ask({ type: 'test.scim' })).toMatchObject({ ok: false });
    expect(authorizations).toEqual([]);
    // Pointing back at the first store does not bring the old token back either.
    await ask({ type: 'settings.import', text: await fileFor(h.sandbox.scim.syncEndpoint) });
    expect(await readScimToken(h.store, h.sandbox.scim.syncEndpoint)).toBeUndefined();
  });

  it('comes in with a file that brings its own, for that endpoint alone', async () => {
    await setup();
    const reply = await ask({ type: 'settings.import', text: await fileFor(otherEndpoint, { scimToken: OTHER_TOKEN }) });
    expect(reply).toEqual({ ok: true, data: { imported: true, secrets: true, tokenDropped: false } });
    expect(await readScimToken(h.store, otherEndpoint)).toBe(OTHER_TOKEN);
    expect(await readScimToken(h.store, h.sandbox.scim.syncEndpoint)).toBeUndefined();
  });

  it('stays with a save that keeps the endpoint’s origin, and goes with one that moves it', async () => {
    await setup();
    const config = (await h.store.config.get())!;
    const samePlace = `${h.sandbox.scim.syncEndpoint}/`;
    expect(await ask({ type: 'config.save', config: { ...config, target: { ...config.target, syncEndpoint: samePlace } } })).toEqual({
      ok: true,
      data: { saved: true, tokenDropped: false },
    });
    expect(await readScimToken(h.store, samePlace)).toBe(h.sandbox.scim.token);
    expect(await ask({ type: 'config.save', config: { ...config, target: { ...config.target, syncEndpoint: otherEndpoint } } })).toEqual({
      ok: true,
      data: { saved: true, tokenDropped: true },
    });
    expect(await ask({ type: 'status' })).toMatchObject({ data: { missing: ['scimToken'] } });
  });

  it('is saved only for a saved endpoint', async () => {
    await setup();
    const config = (await h.store.config.get())!;
    const { syncEndpoint: _, ...target } = config.target;
    await ask({ type: 'config.save', config: { ...config, target } });
    const reply = await ask({ type: 'secret.save', name: 'scimToken', value: OTHER_TOKEN });
    expect(reply).toMatchObject({ ok: false, issues: [{ path: 'scimToken', message: expect.stringMatching(/Save the Sync endpoint first/) }] });
    expect(JSON.stringify(reply)).not.toContain(OTHER_TOKEN);
  });

  it('is not sent to an origin the runtime does not let the extension reach, whatever the config says', async () => {
    const asked: string[] = [];
    await setup(async (origin) => (asked.push(origin), origin !== new URL(otherEndpoint).origin));
    await ask({ type: 'settings.import', text: await fileFor(otherEndpoint, { scimToken: OTHER_TOKEN }) });
    const { run } = await ctx.runner.start({ trigger: 'manual' }).done;
    expect(run.status).toBe('failed');
    expect(run.errors[0]?.message).toContain(`may not reach ${new URL(otherEndpoint).origin}`);
    expect(JSON.stringify(run)).not.toContain(OTHER_TOKEN);
    const tested = await ask({ type: 'test.scim' });
    expect(tested).toMatchObject({ ok: false, error: expect.stringContaining('may not reach'), hint: expect.stringMatching(/allow/) });
    expect(authorizations).toEqual([]);
    expect(asked).toContain(new URL(otherEndpoint).origin);
    // Back on a host it may reach, the same engine syncs.
    await ask({ type: 'settings.import', text: await fileFor(h.sandbox.scim.syncEndpoint, { scimToken: h.sandbox.scim.token }) });
    expect((await ctx.runner.start({ trigger: 'manual' }).done).run.status).toBe('succeeded');
  });
});
