// The background's message handler and run coordinator, over the sandbox, as the pages use them.
import { afterEach, describe, expect, it } from 'vitest';
import { handleMessage, type HandlerContext } from '@/lib/messages/handler';
import type { AssistantEvent, Request } from '@/lib/messages/protocol';
import { backgroundContext, extensionId, extensionOrigin } from '../support/background';
import { engineHarness, type EngineHarness } from '../support/engine';
import { saveScimToken } from '@/lib/secrets/scim-token';

const origin = extensionOrigin;
const page = { id: extensionId, url: `${origin}options.html` };

let h: EngineHarness;
let events: AssistantEvent[];
let notices: string[];
let watchdog: { armed: number; disarmed: number };
let ctx: HandlerContext;

async function setup(options: { users?: number; configured?: boolean } = {}) {
  h = await engineHarness({ users: options.users ?? 40 });
  events = [];
  notices = [];
  watchdog = { armed: 0, disarmed: 0 };
  if (options.configured === false) {
    await h.store.secrets.delete('jumpcloudApiKey');
    await h.store.secrets.delete('scimToken');
  }
  ctx = backgroundContext(h, {
    broadcast: (e) => events.push(e),
    notify: (title, message) => notices.push(`${title}: ${message}`),
    watchdog: { arm: () => watchdog.armed++, disarm: () => watchdog.disarmed++ },
  });
}
afterEach(async () => h?.close());

const ask = (request: Request, sender = page) => handleMessage(request, sender, ctx);

describe('background message handler', () => {
  it('refuses web pages, content scripts, other extensions and malformed messages', async () => {
    await setup();
    for (const sender of [
      { id: 'another-extension', url: 'chrome-extension://another/x.html' },
      { id: extensionId, url: 'https://console.jumpcloud.com/#/home' },
      { url: 'https://evil.example/' },
    ]) {
      expect(await ask({ type: 'status' }, sender as typeof page)).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    }
    expect(await handleMessage({ type: 'delete-everything' }, page, ctx)).toMatchObject({ ok: false });
  });

  it('reports what setup still needs until it is complete', async () => {
    await setup({ configured: false });
    expect(await ask({ type: 'status' })).toMatchObject({ ok: true, data: { configured: false, missing: ['apiKey', 'scimToken'] } });
    expect(await ask({ type: 'secret.save', name: 'jumpcloudApiKey', value: h.sandbox.jumpcloud.apiKey })).toEqual({ ok: true, data: { saved: true } });
    expect(await ask({ type: 'secret.save', name: 'scimToken', value: h.sandbox.scim.token })).toEqual({ ok: true, data: { saved: true } });
    expect(await ask({ type: 'status' })).toMatchObject({ ok: true, data: { configured: true, missing: [] } });
    const got = await ask({ type: 'config.get' });
    expect(got).toMatchObject({ ok: true, data: { secrets: { jumpcloudApiKey: true, scimToken: true } } });
    expect(JSON.stringify(got)).not.toContain(h.sandbox.scim.token);
  });

  it('refuses a malformed API key at its field, without echoing it', async () => {
    await setup();
    const reply = await ask({ type: 'secret.save', name: 'jumpcloudApiKey', value: 'jca_tooShortButSecret' });
    expect(reply).toMatchObject({ ok: false, issues: [{ path: 'jumpcloudApiKey', message: expect.stringMatching(/jca_/) }] });
    expect(JSON.stringify(reply)).not.toContain('jca_tooShortButSecret');
  });

  it('refuses bad settings naming the field', async () => {
    await setup();
    const config = (await ask({ type: 'config.get' })) as { ok: true; data: { config: Record<string, unknown> } };
    const bad = { ...config.data.config, target: { dataCentre: 'us', syncEndpoint: 'http://directory.zoho.com/x', verifiedDomains: [] } };
    expect(await ask({ type: 'config.save', config: bad })).toMatchObject({ ok: false, issues: [{ path: 'target.syncEndpoint' }] });
  });

  it('tests both connections, saying what each reaches', async () => {
    await setup();
    expect(await ask({ type: 'test.jumpcloud' })).toEqual({
      ok: true,
      data: { organizations: [h.sandbox.jumpcloud.directory.orgName], users: h.sandbox.jumpcloud.directory.users.length },
    });
    expect(await ask({ type: 'test.scim' })).toMatchObject({ ok: true, data: { patch: true, filter: true, enterprise: true, users: 0 } });
    await h.store.secrets.put('jumpcloudApiKey', 'jca_' + 'Z'.repeat(36));
    expect(await ask({ type: 'test.jumpcloud' })).toMatchObject({ ok: false, error: expect.stringMatching(/revoked/), hint: expect.stringMatching(/My API Key/) });
  });

  it('lists JumpCloud groups and previews the mapping on real users', async () => {
    await setup();
    const groups = await ask({ type: 'groups.list' });
    expect(groups.ok && (groups.data as { name: string }[]).length).toBe(h.sandbox.jumpcloud.directory.groups.length);
    const config = ((await ask({ type: 'config.get' })) as { ok: true; data: { config: { mapping: { fields: Record<string, unknown> } } } }).data.config;
    config.mapping.fields.country = { from: 'hardcoded', value: 'India' };
    config.mapping.fields.workLocation = { from: 'attribute', name: 'NoSuchAttribute' };
    const preview = await ask({ type: 'mapping.preview', config });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    const data = preview.data as { users: { attributes: Record<string, unknown> }[]; warnings: string[] };
    expect(data.users.length).toBeGreaterThan(0);
    expect(data.users[0]!.attributes['addresses[type eq "work"].country']).toBe('India');
    expect(data.warnings.join(' ')).toContain('"NoSuchAttribute"');
  });

  it('runs one sync at a time: a second "Sync now" joins the first; progress and the result are broadcast', async () => {
    await setup({ users: 80 });
    const first = await ask({ type: 'sync.start', dryRun: false });
    const second = await ask({ type: 'sync.start', dryRun: false });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    const { runId } = first.data as { runId: string };
    expect(second.data).toEqual({ runId, joined: true });
    await expect.poll(() => events.some((e) => e.event === 'run-finished'), { timeout: 30_000 }).toBe(true);
    expect(events.some((e) => e.event === 'progress' && e.progress.phase === 'applying')).toBe(true);
    expect(watchdog).toEqual({ armed: 1, disarmed: 1 });
    const runs = await ask({ type: 'runs.list' });
    expect(runs).toMatchObject({ ok: true, data: [{ id: runId, status: 'succeeded', trigger: 'manual' }] });
    const run = await ask({ type: 'runs.get', id: runId });
    expect(run.ok && (run.data as { outcomes: unknown[] }).outcomes.length).toBeGreaterThan(0);
    expect(await ask({ type: 'status' })).toMatchObject({ ok: true, data: { lastRun: { id: runId, status: 'succeeded' } } });
  });

  it('notifies when a scheduled run fails', async () => {
    await setup();
    await saveScimToken(h.store, h.sandbox.scim.syncEndpoint, 'a-wrong-token-0123456789');
    await ctx.runner.start({ trigger: 'schedule' }).done;
    expect(notices).toEqual([expect.stringMatching(/^Scheduled JumpCloud sync failed: .*token/i)]);
  });

  it('exports settings without secrets unless asked, and imports them back', async () => {
    await setup();
    const plain = await ask({ type: 'settings.export', includeSecrets: false });
    expect(plain.ok).toBe(true);
    if (!plain.ok) return;
    const text = (plain.data as { text: string }).text;
    expect(text).not.toContain(h.sandbox.scim.token);
    expect(text).not.toContain(h.sandbox.jumpcloud.apiKey);
    const full = await ask({ type: 'settings.export', includeSecrets: true });
    expect(full.ok && (full.data as { text: string }).text).toContain(h.sandbox.scim.token);
    expect(await ask({ type: 'settings.import', text })).toEqual({ ok: true, data: { imported: true, secrets: false, tokenDropped: false } });
    expect(await ask({ type: 'settings.import', text: '{"format":"nope"}' })).toMatchObject({
      ok: false,
      issues: expect.arrayContaining([expect.objectContaining({ path: 'format' }), { path: 'config', message: expect.stringMatching(/no configuration/) }]),
    });
  });
});
