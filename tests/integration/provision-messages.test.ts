// Provisioning one user through the background's real message handler, as the options page asks:
// the check writes nothing, the provisioning lands once, a running sync makes it wait, a locked
// assistant says how to unlock, and no reply ever carries the API key or the SCIM token.
import { afterEach, describe, expect, it } from 'vitest';
import { handleMessage, type HandlerContext } from '@/lib/messages/handler';
import { responseData, type Request } from '@/lib/messages/protocol';
import { backgroundContext, extensionId, extensionOrigin } from '../support/background';
import { engineHarness, type EngineHarness } from '../support/engine';

const page = { id: extensionId, url: `${extensionOrigin}options.html` };
let h: EngineHarness;
let ctx: HandlerContext;
afterEach(async () => h?.close());
const ask = (r: Request) => handleMessage(r, page, ctx);
const noSecrets = (reply: unknown) => {
  const text = JSON.stringify(reply);
  for (const secret of [h.sandbox.jumpcloud.apiKey, h.sandbox.scim.token]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/authorization|bearer|x-api-key/i);
};

describe('sync.provision through the background', () => {
  it('checks, then provisions, answering in the protocol’s shape', async () => {
    h = await engineHarness({ users: 20 });
    ctx = backgroundContext(h);
    const user = h.sandbox.jumpcloud.directory.users.find((u) => u.state === 'ACTIVATED' && u.email)!;
    const check = await ask({ type: 'sync.provision', who: ` ${user.email} `, dryRun: true });
    expect(check).toMatchObject({ ok: true, data: { status: 'checked', action: 'create', requests: [{ method: 'POST', path: '/Users' }] } });
    expect(responseData['sync.provision'].safeParse((check as { data: unknown }).data).success).toBe(true);
    expect((check as { data: { runId?: string } }).data.runId).toBeUndefined();
    expect(h.sandbox.scim.store.userCount).toBe(0);
    noSecrets(check);

    const done = await ask({ type: 'sync.provision', who: user.email });
    expect(done).toMatchObject({ ok: true, data: { status: 'succeeded', action: 'create', runId: expect.any(String) } });
    noSecrets(done);
    expect(h.targetUsers(user._id)).toHaveLength(1);
    const runs = await ask({ type: 'runs.list' });
    expect(runs).toMatchObject({ ok: true, data: [{ trigger: 'on-demand', status: 'succeeded', counts: { created: 1 } }] });
  });

  it('waits while a sync runs, and says how to unlock a locked assistant', async () => {
    h = await engineHarness({ users: 40 });
    ctx = backgroundContext(h);
    const user = h.sandbox.jumpcloud.directory.users.find((u) => u.state === 'ACTIVATED' && u.email)!;
    h.sandbox.scim.faults.set({ latencyMs: 30 });
    const { done } = ctx.runner.start({ trigger: 'manual' });
    const refused = await ask({ type: 'sync.provision', who: user.email });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/sync is running/), hint: expect.stringMatching(/once the sync has ended/) });
    await done;
    h.sandbox.scim.faults.reset();

    expect(await ask({ type: 'lock.enable', passphrase: 'a long passphrase 123' })).toMatchObject({ ok: true });
    expect(await ask({ type: 'lock.lock' })).toMatchObject({ ok: true });
    const locked = await ask({ type: 'sync.provision', who: user.email, dryRun: true });
    expect(locked).toMatchObject({ ok: true, data: { status: 'failed', steps: [], errors: [{ message: expect.stringMatching(/locked/), hint: expect.stringMatching(/passphrase/) }] } });
    noSecrets(locked);
  });

  it('leaves a held full sync in the status the popup shows after one user is provisioned', async () => {
    h = await engineHarness({ users: 30 });
    ctx = backgroundContext(h);
    await ctx.runner.start({ trigger: 'manual' }).done;
    const users = h.sandbox.jumpcloud.directory.users.filter((u) => u.state === 'ACTIVATED' && u.email);
    const [kept, ...gone] = users;
    await h.saveConfig((c) => (c.safety = { deletionThresholdPercent: 100, deletionThresholdCount: 0 }));
    for (const u of gone.slice(0, 3)) h.sandbox.jumpcloud.directory.removeUser(u._id);
    const held = await ctx.runner.start({ trigger: 'manual' }).done;
    expect(held.run.status).toBe('awaiting-confirmation');

    h.sandbox.jumpcloud.directory.updateUser(kept!._id, { jobTitle: 'Moved on demand' });
    expect(await ask({ type: 'sync.provision', who: kept!._id })).toMatchObject({ ok: true, data: { status: 'succeeded', action: 'update' } });
    const status = await ask({ type: 'status' });
    // The popup's Confirm removals still names the held run, not the one-user run after it.
    expect(status).toMatchObject({ ok: true, data: { lastRun: { id: held.run.id, status: 'awaiting-confirmation' } } });
  });
});
